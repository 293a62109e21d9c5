// Every activity failure, classified once for all activities: data the database refuses (a retry
// would be refused again) becomes a typed non-retryable failure; an infrastructure fault
// (connection refused or lost, pool or transaction timeout, serialization failure) stays
// retryable, is logged at warn and is kept in the registry of pending writes until it is written.
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { msOptionalToNumber } from '@temporalio/common/lib/time';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { ACTIVITY_FAILURE_TYPES } from '../domain/types';
import { Prisma } from '../generated/prisma/client';
import { type PendingWrites, pendingWrites } from '../infra/pending-writes';

/** SQLSTATE classes of data the database refuses for what it is: data exception, integrity constraint violation. */
const REFUSED_SQLSTATE_CLASSES = ['22', '23'];
/** Prisma's codes for the same, where the driver gives no SQLSTATE (value too long, constraints, invalid or out-of-range data). */
const REFUSED_PRISMA_CODES = new Set(['P2000', 'P2002', 'P2003', 'P2004', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023', 'P2033']);

const NON_RETRYABLE_TYPES: readonly string[] = Object.values(ACTIVITY_FAILURE_TYPES);

interface DriverErrorCause {
  originalCode?: string;
  originalMessage?: string;
  code?: string;
  message?: string;
}

/** Why the database refused the data of a write for good, or null when `err` is not such a refusal. */
export function databaseRefusal(err: unknown): string | null {
  if (err instanceof Prisma.PrismaClientValidationError) return `the write is not valid for the database: ${lastLine(err.message)}`;
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const cause = (err.meta?.driverAdapterError as { cause?: DriverErrorCause } | undefined)?.cause;
  const sqlState = cause?.originalCode ?? cause?.code;
  const refused = sqlState ? REFUSED_SQLSTATE_CLASSES.includes(sqlState.slice(0, 2)) : REFUSED_PRISMA_CODES.has(err.code);
  if (!refused) return null;
  return `the database refused the write (${sqlState ?? err.code}): ${cause?.originalMessage ?? cause?.message ?? lastLine(err.message)}`;
}

/** The failure an activity's error becomes: a database refusal turns typed and non-retryable, anything else stays as it is. */
export function classifyActivityError(err: unknown): unknown {
  const refusal = databaseRefusal(err);
  if (refusal === null) return err;
  return ApplicationFailure.create({ type: ACTIVITY_FAILURE_TYPES.databaseRefused, message: refusal, nonRetryable: true, cause: err as Error });
}

/** Whether Temporal will run the activity again after this failure. */
export function isRetryable(failure: unknown): boolean {
  if (failure instanceof CancelledFailure) return false;
  if (failure instanceof ApplicationFailure) return !failure.nonRetryable && !NON_RETRYABLE_TYPES.includes(failure.type ?? '');
  return true;
}

/** The case an activity's input is about: `caseId`, `rotationId` or the case state's id. */
export function caseIdOf(args: readonly unknown[]): string | null {
  const input = args[0] as { caseId?: unknown; rotationId?: unknown; state?: { id?: unknown } } | undefined;
  const id = input?.caseId ?? input?.rotationId ?? input?.state?.id;
  return typeof id === 'string' ? id : null;
}

/** Slack for the next attempt to be picked up and start after its backoff. */
const PICKUP_MARGIN_MS = 30_000;
const DEFAULT_MAXIMUM_INTERVAL_MS = 60_000;

class ActivityFailureInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly registry: PendingWrites) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { info, log } = Context.current();
    const key = `${info.workflowExecution?.workflowId}/${info.workflowExecution?.runId}/${info.activityId}`;
    try {
      const result = await next(input);
      this.registry.settled(key);
      return result;
    } catch (err) {
      const failure = classifyActivityError(err);
      if (!isRetryable(failure)) {
        this.registry.settled(key);
        throw failure;
      }
      const caseId = caseIdOf(input.args);
      const maximumIntervalMs = msOptionalToNumber(info.retryPolicy?.maximumInterval) ?? DEFAULT_MAXIMUM_INTERVAL_MS;
      this.registry.failed(key, {
        activity: info.activityType,
        caseId,
        attempt: info.attempt,
        since: info.scheduledTimestampMs,
        expectedBy: Date.now() + maximumIntervalMs + info.startToCloseTimeoutMs + PICKUP_MARGIN_MS,
      });
      log.warn('write failed; Temporal retries it', {
        activity: info.activityType,
        caseId,
        attempt: info.attempt,
        error: err instanceof Error ? err.message : String(err),
      });
      throw failure;
    }
  }
}

/** The activity interceptors of every worker of the service; `registry` is the process's own unless told. */
export function activityFailureInterceptors(registry: PendingWrites = pendingWrites): ActivityInterceptorsFactory[] {
  const inbound = new ActivityFailureInterceptor(registry);
  return [() => ({ inbound })];
}

function lastLine(message: string): string {
  return message.trim().split('\n').at(-1) ?? message;
}
