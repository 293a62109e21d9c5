// Web app sessions, server side: the cookie holds a random id, this table its SHA-256, so a copy
// of the table signs no one in. A session ends at sign-out, after an idle time, or at its end.
import crypto from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client';

export interface SessionTimes {
  /** From the last request. */
  idleMs: number;
  /** From sign-in, however active. */
  absoluteMs: number;
}

export const SESSION_TIMES: SessionTimes = { idleMs: 2 * 60 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 };

/** Touching lastSeenAt at most this often keeps a busy session from writing on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface WebSession {
  userId: string;
  csrfToken: string;
}

const hashOf = (id: string) => crypto.createHash('sha256').update(id).digest('base64url');

export const randomToken = () => crypto.randomBytes(32).toString('base64url');

/** A new session for `userId`; returns the id for the cookie (stored only hashed). */
export async function openSession(prisma: PrismaClient, userId: string, now = new Date(), times = SESSION_TIMES): Promise<{ id: string; session: WebSession }> {
  const id = randomToken();
  const session = { userId, csrfToken: randomToken() };
  await prisma.webSession.create({ data: { idHash: hashOf(id), ...session, lastSeenAt: now, expiresAt: new Date(now.getTime() + times.absoluteMs) } });
  // Ended sessions go as new ones start.
  await prisma.webSession.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { lastSeenAt: { lt: new Date(now.getTime() - times.idleMs) } }] } });
  return { id, session };
}

/** The live session with this cookie id, its idle time restarted; null when unknown, idle too long or ended. */
export async function findSession(prisma: PrismaClient, id: string, now = new Date(), times = SESSION_TIMES): Promise<WebSession | null> {
  const idHash = hashOf(id);
  const row = await prisma.webSession.findUnique({ where: { idHash } });
  if (!row) return null;
  if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() > times.idleMs) {
    await prisma.webSession.deleteMany({ where: { idHash } });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await prisma.webSession.updateMany({ where: { idHash }, data: { lastSeenAt: now } });
  return { userId: row.userId, csrfToken: row.csrfToken };
}

export async function closeSession(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.webSession.deleteMany({ where: { idHash: hashOf(id) } });
}

/** Ends every session of a user: their password was set or reset. */
export async function closeSessionsOf(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.webSession.deleteMany({ where: { userId } });
}
