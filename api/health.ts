// Whether the service can take work: Temporal and the database answer within a short deadline,
// and a worker polls the task queue; degraded while writes of this process's worker are retried.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { TASK_QUEUE } from '../domain/types';
import { type PendingWrites, pendingWrites as processPendingWrites } from '../infra/pending-writes';
import type { AppDeps } from './deps';

const CHECK_DEADLINE_MS = 3000;
/** An idle worker's long poll lasts about a minute, and the server shows when it began. */
const WORKER_SEEN_WITHIN_MS = 90_000;

type PartStatus = 'ok' | 'unavailable';

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    temporal: z.enum(['ok', 'unavailable']),
    database: z.enum(['ok', 'unavailable']),
    worker: z.enum(['ok', 'unavailable']),
    pendingWrites: z
      .object({ count: z.number().int(), oldestSeconds: z.number().int() })
      .optional()
      .meta({ description: "While degraded: the writes this process's worker is retrying after a failed attempt, and the age of the oldest." }),
  })
  .meta({ id: 'Health' });

export async function checkHealth(
  { temporal, prisma }: Pick<AppDeps, 'temporal' | 'prisma'>,
  pendingWrites: PendingWrites = processPendingWrites,
): Promise<z.infer<typeof healthSchema>> {
  const [temporalStatus, database, worker] = await Promise.all([
    answers(() => temporal.connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, () => temporal.workflowService.getSystemInfo({}))),
    answers(() => withTimeout(prisma.$queryRaw`SELECT 1`, CHECK_DEADLINE_MS)),
    answers(() => temporal.connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, () => workerPolls(temporal))),
  ]);
  const allOk = temporalStatus === 'ok' && database === 'ok' && worker === 'ok';
  const pending = pendingWrites.summary();
  const status = !allOk ? 'unavailable' : pending.count > 0 ? 'degraded' : 'ok';
  return { status, temporal: temporalStatus, database, worker, ...(pending.count > 0 ? { pendingWrites: pending } : {}) };
}

async function workerPolls(temporal: Client): Promise<void> {
  // Without a task queue type the server describes the workflow task queue.
  const { pollers } = await temporal.workflowService.describeTaskQueue({ namespace: temporal.options.namespace, taskQueue: { name: TASK_QUEUE } });
  if (!pollers.some((p) => Date.now() - timestampMs(p.lastAccessTime) < WORKER_SEEN_WITHIN_MS)) throw new Error('no worker polls the task queue');
}

function timestampMs(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
}

async function answers(check: () => Promise<unknown>): Promise<PartStatus> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
