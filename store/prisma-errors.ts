import { Prisma } from '../generated/prisma/client';

/** A unique constraint refused the write: someone else got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/** Prisma's codes for a database it cannot reach, that timed out or closed the connection, or whose pool had no connection in time. */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** How the PostgreSQL driver adapter names a connection that failed. */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57 (statement timeout, shutdown). */
const UNAVAILABLE_SQLSTATE = /^(08|53|57)/;
/** node-postgres's own timeouts and broken connections carry no code, only these messages. */
const UNAVAILABLE_DRIVER_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout)/;

/** The database did not answer in time or could not be reached: not the request's fault, worth retrying. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (UNAVAILABLE_CODES.has(err.code)) return true;
    const cause = (err.meta?.driverAdapterError as { cause?: { kind?: string; code?: string } } | undefined)?.cause;
    return cause !== undefined && (UNAVAILABLE_ADAPTER_KINDS.has(cause.kind ?? '') || (cause.kind === 'postgres' && UNAVAILABLE_SQLSTATE.test(cause.code ?? '')));
  }
  return err instanceof Error && UNAVAILABLE_DRIVER_MESSAGE.test(err.message);
}
