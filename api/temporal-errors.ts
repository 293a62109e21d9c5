// The one place where Temporal's errors become HTTP answers.
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { FAILURE_TYPES, type RefusalKind } from '../domain/types';
import type { FieldError } from './problem';

export interface MappedTemporalError {
  status: number;
  detail: string;
  errors?: FieldError[];
  rule?: string;
}

/** How a domain refusal answers, whether it came from the workflow or from the API's own checks. */
export const REFUSAL_STATUS: Record<RefusalKind, number> = { conflict: 409, rule: 422, forbidden: 403, not_found: 404 };

const STATUS_OF_FAILURE_TYPE = new Map<string, number>((Object.keys(FAILURE_TYPES) as RefusalKind[]).map((kind) => [FAILURE_TYPES[kind], REFUSAL_STATUS[kind]]));

/** gRPC codes meaning "not now": DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNAVAILABLE_CODES: readonly number[] = [4, 8, 14];

/** The HTTP answer for a Temporal error, or null when `err` is not one this API expects. */
export function temporalProblem(err: unknown): MappedTemporalError | null {
  if (err instanceof WorkflowUpdateFailedError) return refusal(err.cause);
  if (err instanceof WorkflowNotFoundError) {
    // The server answers an Update to a finished workflow with NotFound; the case exists, it has ended.
    if (/already completed/i.test(err.message)) return { status: 409, detail: 'the case has ended; no step can be taken on it' };
    return { status: 404, detail: 'the case has no workflow' };
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) return { status: 409, detail: 'a workflow for this case is already running' };
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(err)) {
    return { status: 503, detail: 'the workflow service did not answer in time; try again' };
  }
  return null;
}

/** A validator's refusal: its message is the detail, details[0].path names the field. */
function refusal(cause: Error | undefined): MappedTemporalError | null {
  if (!(cause instanceof ApplicationFailure) || !cause.type) return null;
  const status = STATUS_OF_FAILURE_TYPE.get(cause.type);
  if (!status) return null;
  const path = detailOf(cause.details?.[0], 'path');
  const rule = detailOf(cause.details?.[0], 'rule');
  const detail = cause.message;
  return { status, detail, ...(path ? { errors: [{ path, message: detail }] } : {}), ...(rule ? { rule } : {}) };
}

/** The field path or the rule a refusal's details name. */
function detailOf(detail: unknown, key: 'path' | 'rule'): string | null {
  if (typeof detail !== 'object' || detail === null) return null;
  const value = (detail as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function isUnavailable(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc)) return UNAVAILABLE_CODES.includes(grpc.code);
  return err instanceof ServiceError;
}
