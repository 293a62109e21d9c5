// The Idempotency-Key records: the first final answer to a (user, key), kept for its repeats.
import type { IdempotencyRecord, Prisma, PrismaClient } from '../generated/prisma/client';
import { isUniqueViolation } from './prisma-errors';

export interface IdempotencyKey {
  userId: string;
  key: string;
}

/** Inserts the in-flight record; answers the earlier record when the key was taken. */
export async function claimIdempotencyKey(prisma: PrismaClient, record: Prisma.IdempotencyRecordCreateInput): Promise<IdempotencyRecord | null> {
  try {
    await prisma.idempotencyRecord.create({ data: record });
    return null;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const earlier = await prisma.idempotencyRecord.findUnique({ where: { userId_key: { userId: record.userId, key: record.key } } });
  // Deleted in between (the first attempt failed): this attempt may run.
  return earlier ?? claimIdempotencyKey(prisma, record);
}

/** Takes over a record still unanswered since `startedAt`; false when another attempt did first (or it was answered). */
export async function takeOverIdempotencyKey(prisma: PrismaClient, id: IdempotencyKey, startedAt: Date): Promise<boolean> {
  const { count } = await prisma.idempotencyRecord.updateMany({ where: { ...id, status: null, createdAt: startedAt }, data: { createdAt: new Date() } });
  return count === 1;
}

/** Keeps the final answer for the repeats of the request. */
export async function keepIdempotentReply(prisma: PrismaClient, id: IdempotencyKey, status: number, body: unknown): Promise<void> {
  await prisma.idempotencyRecord.update({ where: { userId_key: id }, data: { status, responseBody: body as Prisma.InputJsonValue } });
}

/** Frees the key, so that a retry runs again. */
export async function releaseIdempotencyKey(prisma: PrismaClient, id: IdempotencyKey): Promise<void> {
  await prisma.idempotencyRecord.delete({ where: { userId_key: id } });
}

/** Deletes the records created before `before`; answers how many went. */
export async function deleteIdempotencyRecordsBefore(prisma: PrismaClient, before: Date): Promise<number> {
  const { count } = await prisma.idempotencyRecord.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}
