import { Prisma } from '../generated/prisma/client';

/** A unique constraint refused the write: someone else got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
