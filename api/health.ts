// Whether the service can take work: both Temporal and the database answer within a short deadline.
import { z } from 'zod';
import type { AppDeps } from './deps';

const CHECK_DEADLINE_MS = 3000;

type PartStatus = 'ok' | 'unavailable';

export const healthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']), temporal: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unavailable']) })
  .meta({ id: 'Health' });

export async function checkHealth({ temporal, prisma }: Pick<AppDeps, 'temporal' | 'prisma'>): Promise<z.infer<typeof healthSchema>> {
  const [temporalStatus, database] = await Promise.all([
    answers(() => temporal.connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, () => temporal.workflowService.getSystemInfo({}))),
    answers(() => withTimeout(prisma.$queryRaw`SELECT 1`, CHECK_DEADLINE_MS)),
  ]);
  return { status: temporalStatus === 'ok' && database === 'ok' ? 'ok' : 'unavailable', temporal: temporalStatus, database };
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
