// Web sessions in the database: only the id's hash is stored; a session ends at sign-out, after
// its idle time, and at its absolute end, and all of a user's end when their password is set.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';
import { SESSION_TIMES, closeSession, closeSessionsOf, findSession, openSession } from '../../store/web-sessions';
import { openTestDatabase } from '../support/databases';

jest.setTimeout(60_000);

let db: Database;
let userId: string;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  userId = randomUUID();
  await db.prisma.user.create({ data: { id: userId, username: 'le.van.tam', fullName: 'Lê Văn Tâm' } });
});

afterAll(async () => {
  await db?.close();
});

const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

describe('web sessions', () => {
  it('stores the hash of the id, never the id, and finds the session by the id', async () => {
    const now = new Date();
    const { id, session } = await openSession(db.prisma, userId, now);
    expect(id).toMatch(/^[\w-]{43}$/);
    const rows = await db.prisma.webSession.findMany({ where: { userId } });
    expect(rows.map((r) => r.idHash)).not.toContain(id);
    await expect(findSession(db.prisma, id, at(now, 1000))).resolves.toEqual(session);
    await expect(findSession(db.prisma, `${id}x`, now)).resolves.toBeNull();
  });

  it('ends a session idle longer than the idle time, even within its absolute end', async () => {
    const now = new Date();
    const { id } = await openSession(db.prisma, userId, now);
    await expect(findSession(db.prisma, id, at(now, SESSION_TIMES.idleMs - 1000))).resolves.not.toBeNull();
    // That request restarted the idle time.
    const later = at(now, SESSION_TIMES.idleMs - 1000);
    await expect(findSession(db.prisma, id, at(later, SESSION_TIMES.idleMs - 1000))).resolves.not.toBeNull();
    const idle = await openSession(db.prisma, userId, now);
    await expect(findSession(db.prisma, idle.id, at(now, SESSION_TIMES.idleMs + 1000))).resolves.toBeNull();
  });

  it('ends every session at its absolute end, however active', async () => {
    const now = new Date();
    const { id } = await openSession(db.prisma, userId, now, { idleMs: SESSION_TIMES.idleMs, absoluteMs: 60_000 });
    await expect(findSession(db.prisma, id, at(now, 61_000))).resolves.toBeNull();
  });

  it('ends a session at sign-out, and all of a user at once', async () => {
    const a = await openSession(db.prisma, userId);
    const b = await openSession(db.prisma, userId);
    await closeSession(db.prisma, a.id);
    await expect(findSession(db.prisma, a.id)).resolves.toBeNull();
    await expect(findSession(db.prisma, b.id)).resolves.not.toBeNull();
    await closeSessionsOf(db.prisma, userId);
    await expect(findSession(db.prisma, b.id)).resolves.toBeNull();
  });
});
