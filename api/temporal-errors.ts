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
import { type Language, type Wording, inLanguage, refusalText } from '../domain/refusal-texts';
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

/** The HTTP answer for a Temporal error, its detail in `lang`, or null when `err` is not one this API expects. */
export function temporalProblem(err: unknown, lang: Language = 'en'): MappedTemporalError | null {
  const answer = (status: number, detail: Wording) => ({ status, detail: inLanguage(detail, lang) });
  if (err instanceof WorkflowUpdateFailedError) return refusal(err.cause, lang);
  if (err instanceof WorkflowNotFoundError) {
    // The server answers an Update to a finished workflow with NotFound; the case exists, it has ended.
    if (/already completed/i.test(err.message)) return answer(409, refusalText('case_ended'));
    return answer(404, refusalText('case_has_no_workflow'));
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) return answer(409, refusalText('workflow_running'));
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(err)) return answer(503, refusalText('workflow_unavailable'));
  return null;
}

/** A validator's refusal: its message is the English detail, details[0].vi the Vietnamese, details[0].path names the field. */
function refusal(cause: Error | undefined, lang: Language): MappedTemporalError | null {
  if (!(cause instanceof ApplicationFailure) || !cause.type) return null;
  const status = STATUS_OF_FAILURE_TYPE.get(cause.type);
  if (!status) return null;
  const path = detailOf(cause.details?.[0], 'path');
  const rule = detailOf(cause.details?.[0], 'rule');
  const detail = inLanguage({ en: cause.message, vi: detailOf(cause.details?.[0], 'vi') ?? undefined }, lang);
  return { status, detail, ...(path ? { errors: [{ path, message: detail }] } : {}), ...(rule ? { rule } : {}) };
}

/** The field path, the rule or the Vietnamese text a refusal's details name. */
function detailOf(detail: unknown, key: 'path' | 'rule' | 'vi'): string | null {
  if (typeof detail !== 'object' || detail === null) return null;
  const value = (detail as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function isUnavailable(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc)) return UNAVAILABLE_CODES.includes(grpc.code);
  return err instanceof ServiceError;
}
