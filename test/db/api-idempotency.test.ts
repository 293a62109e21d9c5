// Idempotency-Key bookkeeping on a real database: first answers kept and replayed, refusals of
// misuse, nothing kept for failures, so a retry runs again, and records purged after 7 days.
import { randomUUID } from 'node:crypto';
import { HttpProblem } from '../../api/problem';
import { IDEMPOTENCY_RETENTION_DAYS, type IdempotentRequest, type Reply, idempotent, purgeIdempotencyRecords } from '../../api/idempotency';
import type { Database } from '../../infra/db';
import { startApiAlone } from '../support/api-alone';
import { openTestDatabase } from '../support/databases';
import { until } from '../support/world';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
}, 60_000);

afterAll(async () => {
  await db?.close();
});

function request(body: unknown = { code: 'NS', name: 'Huyện Nam Sách' }): IdempotentRequest {
  return { userId: 'u1', key: randomUUID(), method: 'POST', path: '/v1/units', body };
}

async function status(work: Promise<unknown>): Promise<number | null> {
  try {
    await work;
    return null;
  } catch (err) {
    return err instanceof HttpProblem ? err.status : -1;
  }
}

describe('idempotent POST', () => {
  it('runs once and replays the first answer to a repeat', async () => {
    const req = request();
    const run = jest.fn(async (): Promise<Reply> => ({ status: 201, body: { id: 'unit-1', name: 'Huyện Nam Sách' } }));
    const first = await idempotent(db.prisma, req, run);
    const again = await idempotent(db.prisma, { ...req, body: { name: 'Huyện Nam Sách', code: 'NS' } }, run);
    expect(run).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ status: 201, body: { id: 'unit-1', name: 'Huyện Nam Sách' }, replayed: false });
    expect(again).toEqual({ ...first, replayed: true });
  });

  it('keeps a refusal (4xx) as the first answer', async () => {
    const req = request();
    await idempotent(db.prisma, req, async () => ({ status: 409, body: { status: 409 } }));
    const run = jest.fn(async (): Promise<Reply> => ({ status: 201, body: {} }));
    expect(await idempotent(db.prisma, req, run)).toMatchObject({ status: 409, replayed: true });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses the key for a different request with 422', async () => {
    const req = request();
    await idempotent(db.prisma, req, async () => ({ status: 201, body: {} }));
    expect(await status(idempotent(db.prisma, { ...req, body: { code: 'KM' } }, async () => ({ status: 201, body: {} })))).toBe(422);
    expect(await status(idempotent(db.prisma, { ...req, path: '/v1/cadres' }, async () => ({ status: 201, body: {} })))).toBe(422);
  });

  it('refuses a repeat while the first is still running with 409', async () => {
    const req = request();
    let finish!: () => void;
    const first = idempotent(db.prisma, req, () => new Promise<Reply>((resolve) => (finish = () => resolve({ status: 200, body: { done: true } }))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await status(idempotent(db.prisma, req, async () => ({ status: 200, body: {} })))).toBe(409);
    finish();
    await first;
    expect(await idempotent(db.prisma, req, async () => ({ status: 200, body: {} }))).toMatchObject({ body: { done: true }, replayed: true });
  });

  it('keeps nothing after a 5xx answer or a thrown error, so a retry runs', async () => {
    const req = request();
    await idempotent(db.prisma, req, async () => ({ status: 503, body: {} }));
    await expect(idempotent(db.prisma, req, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await idempotent(db.prisma, req, async () => ({ status: 201, body: { ok: 1 } }))).toMatchObject({ status: 201, replayed: false });
  });

  it('scopes keys per user', async () => {
    const req = request();
    await idempotent(db.prisma, req, async () => ({ status: 201, body: { by: 'u1' } }));
    expect(await idempotent(db.prisma, { ...req, userId: 'u2' }, async () => ({ status: 201, body: { by: 'u2' } }))).toMatchObject({ body: { by: 'u2' }, replayed: false });
  });
});

describe('purge', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;

  async function recordedDaysAgo(days: number): Promise<IdempotentRequest> {
    const req = request();
    await idempotent(db.prisma, req, async () => ({ status: 201, body: { days } }));
    await db.prisma.idempotencyRecord.update({ where: { userId_key: { userId: req.userId, key: req.key } }, data: { createdAt: new Date(Date.now() - days * DAY_MS) } });
    return req;
  }

  const kept = (req: IdempotentRequest) => db.prisma.idempotencyRecord.count({ where: { userId: req.userId, key: req.key } });

  it(`deletes the records older than ${IDEMPOTENCY_RETENTION_DAYS} days and keeps the others`, async () => {
    const [old, recent] = [await recordedDaysAgo(IDEMPOTENCY_RETENTION_DAYS + 1), await recordedDaysAgo(IDEMPOTENCY_RETENTION_DAYS - 1)];
    expect(await purgeIdempotencyRecords(db.prisma)).toBe(1);
    expect([await kept(old), await kept(recent)]).toEqual([0, 1]);
    // The purged key is free again: a repeat runs as a first request.
    expect(await idempotent(db.prisma, old, async () => ({ status: 201, body: { again: true } }))).toMatchObject({ body: { again: true }, replayed: false });
  });

  it('runs when the API starts', async () => {
    const old = await recordedDaysAgo(IDEMPOTENCY_RETENTION_DAYS + 30);
    const api = await startApiAlone(db.prisma, { auth: { kind: 'hs256', secret: 'a-signing-secret-of-at-least-32-characters' } });
    try {
      await until(
        () => kept(old),
        (count) => count === 0,
        'the old record purged at start',
        10_000,
      );
    } finally {
      await api.close();
    }
  });
});
