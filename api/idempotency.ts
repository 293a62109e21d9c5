// Idempotency-Key on POST: the first final answer to a (user, key) is stored and replayed to
// every repeat of the same request, which then changes nothing.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import { HttpProblem, conflict } from './problem';
import { claimIdempotencyKey, deleteIdempotencyRecordsBefore, keepIdempotentReply, releaseIdempotencyKey, takeOverIdempotencyKey } from '../store/idempotency';
import { refusalText } from '../domain/refusal-texts';

export interface Reply {
  status: number;
  body: unknown;
}

export interface IdempotentRequest {
  userId: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A first request still unanswered after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/** Runs `run` once per (user, key); 5xx answers and thrown errors are not kept, so a retry runs again. */
export async function idempotent(prisma: PrismaClient, request: IdempotentRequest, run: () => Promise<Reply>): Promise<Reply & { replayed: boolean }> {
  const id = { userId: request.userId, key: request.key };
  const requestHash = hashRequest(request);
  const earlier = await claimIdempotencyKey(prisma, { ...id, method: request.method, path: request.path, requestHash });
  if (earlier) {
    if (earlier.requestHash !== requestHash) {
      throw new HttpProblem(422, refusalText('idempotency_key_reused'));
    }
    if (earlier.status !== null) return { status: earlier.status, body: earlier.responseBody, replayed: true };
    if (!(await takeOverAbandoned(prisma, id, earlier.createdAt))) {
      throw conflict(refusalText('idempotency_key_pending'));
    }
  }
  let reply: Reply;
  try {
    reply = await run();
  } catch (err) {
    await releaseIdempotencyKey(prisma, id);
    throw err;
  }
  if (reply.status >= 500) {
    await releaseIdempotencyKey(prisma, id);
  } else {
    await keepIdempotentReply(prisma, id, reply.status, reply.body);
  }
  return { ...reply, replayed: false };
}

async function takeOverAbandoned(prisma: PrismaClient, id: { userId: string; key: string }, startedAt: Date): Promise<boolean> {
  if (Date.now() - startedAt.getTime() < ABANDONED_AFTER_MS) return false;
  return takeOverIdempotencyKey(prisma, id, startedAt);
}

/** How long a first answer is kept for its repeats; a key is reusable after that. */
export const IDEMPOTENCY_RETENTION_DAYS = 7;
const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Deletes the records older than the retention; answers how many went. */
export async function purgeIdempotencyRecords(prisma: PrismaClient, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  return deleteIdempotencyRecordsBefore(prisma, before);
}

/** Purges now and then every hour, until stopped; a failed purge is logged and tried again at the next. */
export function purgeIdempotencyRecordsPeriodically(prisma: PrismaClient, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const purge = () => {
    running = purgeIdempotencyRecords(prisma).then(
      (count) => {
        if (count > 0) logger.info({ count }, `purged Idempotency-Key records older than ${IDEMPOTENCY_RETENTION_DAYS} days`);
      },
      (err: unknown) => logger.warn({ err }, 'could not purge old Idempotency-Key records'),
    );
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS).unref();
  return {
    stop: () => {
      clearInterval(timer);
      return running;
    },
  };
}

export function hashRequest(request: Pick<IdempotentRequest, 'method' | 'path' | 'body'>): string {
  return createHash('sha256')
    .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
    .digest('hex');
}

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
