// Real database errors, as the activities meet them on each database, classified by the worker's
// interceptor: data the database refuses is a non-retryable failure, a dropped connection a fault
// that is retried (and pending meanwhile).
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { initialCaseState } from '../../domain/rotation-case';
import { ACTIVITY_FAILURE_TYPES, type CaseState } from '../../domain/types';
import type { Database } from '../../infra/db';
import { PendingWrites } from '../../infra/pending-writes';
import { activityFailureInterceptors } from '../../worker/activity-failures';
import { insertProposedCase } from '../support/case-rows';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';
import { caseInput, organizer } from '../workflows/harness';

jest.setTimeout(60_000);

const info = { activityType: 'projectCase', attempt: 2, scheduledTimestampMs: Date.now(), startToCloseTimeoutMs: 30_000 };

describe.each(DATABASE_KINDS)('activity failures on %s', (kind) => {
  let db: Database;
  let registry: PendingWrites;
  let env: MockActivityEnvironment;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.close());
  beforeEach(() => {
    registry = new PendingWrites();
    env = new MockActivityEnvironment({ ...info, activityId: randomUUID() }, { interceptors: activityFailureInterceptors(registry), logger: new DefaultLogger('ERROR') });
  });

  async function proposedCase(): Promise<CaseState> {
    const state = initialCaseState(caseInput(new Date('2026-03-02T03:00:00Z')));
    await insertProposedCase(db.prisma, state, organizer.userId);
    return state;
  }

  it('a NUL in a jsonb write is refused for good, not retried, and the case row is untouched', async () => {
    const { projectCase } = createActivities({ prisma: db.prisma });
    const state = await proposedCase();
    const poisoned = { ...state, reason: 'Tăng cường\u0000', version: 2 };
    const write = env.run(projectCase, { state: poisoned, event: { seq: 2, at: new Date().toISOString(), actor: null, action: 'x', detail: {} } });
    await expect(write).rejects.toMatchObject({ type: ACTIVITY_FAILURE_TYPES.databaseRefused, nonRetryable: true, message: expect.stringMatching(/22P05|22021/) });
    expect(registry.summary().count).toBe(0);
    expect(await db.prisma.rotationCase.findUniqueOrThrow({ where: { id: state.id } })).toMatchObject({ version: 1 });
  });

  it('a NUL in a text column and a unique violation are refused for good', async () => {
    const unit = () => db.prisma.unit.create({ data: { id: randomUUID(), code: 'NS-AL', name: 'Xã An Lâm', kind: 'commune', path: '/x/' } });
    await unit();
    await expect(env.run(unit)).rejects.toMatchObject({ type: ACTIVITY_FAILURE_TYPES.databaseRefused, nonRetryable: true });
    const nul = () => db.prisma.unit.create({ data: { id: randomUUID(), code: 'NS-NH', name: 'Xã Nam\u0000Hưng', kind: 'commune', path: '/y/' } });
    await expect(env.run(nul)).rejects.toMatchObject({ type: ACTIVITY_FAILURE_TYPES.databaseRefused, nonRetryable: true });
  });

  it('the attention of a case is recorded on its own: the rest of its row untouched, since that may be what was refused', async () => {
    const { recordAttention } = createActivities({ prisma: db.prisma });
    const state = await proposedCase();
    const attention = { reason: 'write_refused' as const, since: '2026-03-03T00:00:00.000Z', source: 'case' as const, step: 'consultation_recorded' };
    const event = { seq: 3, at: attention.since, actor: null, action: 'attention_needed', detail: { reason: attention.reason } };
    await env.run(recordAttention, { caseId: state.id, attention, event });
    await env.run(recordAttention, { caseId: state.id, attention, event });
    const row = await db.prisma.rotationCase.findUniqueOrThrow({ where: { id: state.id } });
    expect(row).toMatchObject({ version: 1, status: 'consultation', state: { ...state, attention } });
    expect(await db.prisma.caseEvent.findMany({ where: { caseId: state.id }, select: { seq: true, action: true } })).toEqual([{ seq: 3, action: 'attention_needed' }]);
    await env.run(recordAttention, { caseId: state.id, attention: null });
    expect((await db.prisma.rotationCase.findUniqueOrThrow({ where: { id: state.id } })).state).toEqual({ ...state, attention: null });
  });

  it('a dropped connection is a fault: retried, and pending until a later attempt writes', async () => {
    // A database of its own, whose connection is dropped: the server ends it (PostgreSQL) or the database closes (PGlite).
    const other = await openTestDatabase(kind);
    try {
      if (kind === 'pglite') await other.close();
      const dropConnection = async () => {
        if (kind === 'postgres') await other.prisma.$executeRawUnsafe('SELECT pg_terminate_backend(pg_backend_pid())');
        else await other.prisma.$queryRaw`SELECT 1`;
      };
      const error = await env.run(dropConnection).catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toMatchObject({ nonRetryable: true });
      expect(registry.summary().count).toBe(1);
      if (kind === 'postgres') {
        // The pool opens a new connection: the next attempt goes through.
        await env.run(() => other.prisma.$queryRaw`SELECT 1`);
        expect(registry.summary().count).toBe(0);
      }
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});
