// Delegations saved on each database: two requests at the same moment that would make a chain
// (A to B and B to C) cannot both pass the check, as each locks its two users before reading.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { admitDelegation } from '../../domain/delegation';
import type { Database } from '../../infra/db';
import { createAdmittedDelegation } from '../../store/delegations';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('delegations on %s', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.close());

  async function users(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await db.prisma.user.createMany({ data: ids.map((id) => ({ id, username: `u-${id}`, fullName: `Người ${id.slice(0, 4)}` })) });
    return ids;
  }

  const today = new Date().toISOString().slice(0, 10);
  const period = { from: today, to: today };

  /** Creates the delegation, the check taking its time (as a busy server may) between reading and writing. */
  const delegate = (fromUserId: string, toUserId: string) => {
    const request = { fromUserId, toUserId, ...period };
    return createAdmittedDelegation(db.prisma, request, async (existing) => {
      await sleep(200);
      admitDelegation(request, today, existing);
    });
  };

  it('refuses one of two simultaneous requests that would chain A to B to C', async () => {
    const [a, b, c] = await users(3);
    const outcomes = await Promise.allSettled([delegate(a, b), delegate(b, c)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/delegate/);
    expect(await db.prisma.delegation.count({ where: { OR: [{ fromUserId: { in: [a, b, c] } }, { toUserId: { in: [a, b, c] } }] } })).toBe(1);
  });

  it('saves unrelated delegations side by side', async () => {
    const [a, b, c, d] = await users(4);
    const outcomes = await Promise.allSettled([delegate(a, b), delegate(c, d)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
  });
});
