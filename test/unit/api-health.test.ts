import type { Client } from '@temporalio/client';
import { checkHealth } from '../../api/health';
import { PendingWrites } from '../../infra/pending-writes';
import type { PrismaClient } from '../../generated/prisma/client';

interface Poller {
  lastAccessTime: { seconds: number; nanos: number };
}

function temporal(answer: () => Promise<unknown>, pollers: () => Promise<{ pollers: Poller[] }> = async () => ({ pollers: [polledAgo(5_000)] })): Client {
  return {
    options: { namespace: 'default' },
    connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
    workflowService: { getSystemInfo: answer, describeTaskQueue: pollers },
  } as unknown as Client;
}

function polledAgo(ms: number): Poller {
  const at = Date.now() - ms;
  return { lastAccessTime: { seconds: Math.floor(at / 1000), nanos: (at % 1000) * 1e6 } };
}

function database(answer: () => Promise<unknown>): PrismaClient {
  return { $queryRaw: answer } as unknown as PrismaClient;
}

const ok = async () => ({});
const down = async () => {
  throw new Error('connection refused');
};

describe('health', () => {
  it('is ok when Temporal and the database answer and a worker polls', async () => {
    expect(await checkHealth({ temporal: temporal(ok), prisma: database(ok) })).toEqual({ status: 'ok', temporal: 'ok', database: 'ok', worker: 'ok' });
  });

  it('names the part that does not answer', async () => {
    expect(await checkHealth({ temporal: temporal(down, down), prisma: database(ok) })).toEqual({
      status: 'unavailable',
      temporal: 'unavailable',
      database: 'ok',
      worker: 'unavailable',
    });
    expect(await checkHealth({ temporal: temporal(ok), prisma: database(down) })).toEqual({ status: 'unavailable', temporal: 'ok', database: 'unavailable', worker: 'ok' });
  });

  it('names the worker when none polls the task queue, or the last poll began long ago', async () => {
    const noWorker = { status: 'unavailable', temporal: 'ok', database: 'ok', worker: 'unavailable' };
    expect(await checkHealth({ temporal: temporal(ok, async () => ({ pollers: [] })), prisma: database(ok) })).toEqual(noWorker);
    expect(await checkHealth({ temporal: temporal(ok, async () => ({ pollers: [polledAgo(5 * 60_000)] })), prisma: database(ok) })).toEqual(noWorker);
  });

  it('counts a worker in a long poll that began a minute ago as polling', async () => {
    const longPoll = temporal(ok, async () => ({ pollers: [polledAgo(5 * 60_000), polledAgo(65_000)] }));
    expect((await checkHealth({ temporal: longPoll, prisma: database(ok) })).worker).toBe('ok');
  });

  it('is degraded while writes are retried, with the age of the oldest, until they are written or their retry goes elsewhere', async () => {
    const pending = new PendingWrites();
    const now = Date.now();
    pending.failed('rotation-1/run/1', { activity: 'projectCase', caseId: 'case-1', attempt: 3, since: now - 95_000, expectedBy: now + 60_000 });
    pending.failed('rotation-2/run/4', { activity: 'notify', caseId: 'case-2', attempt: 2, since: now - 5_000, expectedBy: now + 60_000 });
    pending.failed('rotation-3/run/2', { activity: 'takeUpPost', caseId: 'case-3', attempt: 9, since: now - 900_000, expectedBy: now - 1 });
    expect(await checkHealth({ temporal: temporal(ok), prisma: database(ok) }, pending)).toEqual({
      status: 'degraded',
      temporal: 'ok',
      database: 'ok',
      worker: 'ok',
      pendingWrites: { count: 2, oldestSeconds: 95 },
    });
    expect((await checkHealth({ temporal: temporal(ok), prisma: database(down) }, pending)).status).toBe('unavailable');
    pending.settled('rotation-1/run/1');
    pending.settled('rotation-2/run/4');
    expect(await checkHealth({ temporal: temporal(ok), prisma: database(ok) }, pending)).toEqual({ status: 'ok', temporal: 'ok', database: 'ok', worker: 'ok' });
  });
});
