import type { Client } from '@temporalio/client';
import { checkHealth } from '../../api/health';
import type { PrismaClient } from '../../generated/prisma/client';

function temporal(answer: () => Promise<unknown>): Client {
  return {
    connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
    workflowService: { getSystemInfo: answer },
  } as unknown as Client;
}

function database(answer: () => Promise<unknown>): PrismaClient {
  return { $queryRaw: answer } as unknown as PrismaClient;
}

const ok = async () => ({});
const down = async () => {
  throw new Error('connection refused');
};

describe('health', () => {
  it('is ok when both parts answer', async () => {
    expect(await checkHealth({ temporal: temporal(ok), prisma: database(ok) })).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
  });

  it('names the part that does not answer', async () => {
    expect(await checkHealth({ temporal: temporal(down), prisma: database(ok) })).toEqual({ status: 'unavailable', temporal: 'unavailable', database: 'ok' });
    expect(await checkHealth({ temporal: temporal(ok), prisma: database(down) })).toEqual({ status: 'unavailable', temporal: 'ok', database: 'unavailable' });
  });
});
