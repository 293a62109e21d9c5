// How every activity failure is classified, once for all activities: what the database refuses
// is not retried, an infrastructure fault is, and is logged and kept as a pending write.
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { ACTIVITY_FAILURE_TYPES } from '../../domain/types';
import { Prisma } from '../../generated/prisma/client';
import { PendingWrites } from '../../infra/pending-writes';
import { activityFailureInterceptors, caseIdOf, classifyActivityError, databaseRefusal, isRetryable } from '../../worker/activity-failures';

function prismaError(code: string, cause?: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError(`Invalid invocation:\n\nDatabase error: ${code}`, {
    code,
    clientVersion: '7',
    meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : {},
  });
}

describe('database errors', () => {
  it.each([
    ['a NUL in jsonb', prismaError('P2039', { originalCode: '22P05', originalMessage: 'unsupported Unicode escape sequence', kind: 'postgres' })],
    ['a NUL in text', prismaError('P2039', { originalCode: '22021', originalMessage: 'invalid byte sequence for encoding "UTF8": 0x00', kind: 'postgres' })],
    ['a unique violation', prismaError('P2002', { originalCode: '23505', kind: 'UniqueConstraintViolation' })],
    ['a check violation', prismaError('P2010', { originalCode: '23514', kind: 'postgres' })],
    ['a value out of range', prismaError('P2020', { originalCode: '22003', kind: 'ValueOutOfRange' })],
    ['a value too long, without SQLSTATE', prismaError('P2000')],
  ])('%s is refused for good', (_what, err) => {
    expect(databaseRefusal(err)).toMatch(/^the database refused the write/);
    const failure = classifyActivityError(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: ACTIVITY_FAILURE_TYPES.databaseRefused, nonRetryable: true });
    expect(isRetryable(failure)).toBe(false);
  });

  it.each([
    ['a connection refused', prismaError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['a connection terminated', prismaError('P2010', { originalCode: '57P01', kind: 'postgres' })],
    ['a serialization failure', prismaError('P2010', { originalCode: '40001', kind: 'TransactionWriteConflict' })],
    ['a transaction timeout', prismaError('P2028')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a closed PGlite', new Error('PGlite is closed')],
  ])('%s is retried', (_what, err) => {
    expect(databaseRefusal(err)).toBeNull();
    expect(classifyActivityError(err)).toBe(err);
    expect(isRetryable(err)).toBe(true);
  });

  it('failures the activities declare non-retryable stay so, by their flag or their type', () => {
    expect(isRetryable(ApplicationFailure.nonRetryable('kept for another case', ACTIVITY_FAILURE_TYPES.positionRetained))).toBe(false);
    expect(isRetryable(ApplicationFailure.create({ type: ACTIVITY_FAILURE_TYPES.projectionMissing, message: 'no row' }))).toBe(false);
    expect(isRetryable(ApplicationFailure.create({ type: 'SomethingElse', message: 'try again' }))).toBe(true);
  });

  it('finds the case an activity is about in its input', () => {
    expect(caseIdOf([{ caseId: 'c1' }])).toBe('c1');
    expect(caseIdOf([{ rotationId: 'c2', key: 'k' }])).toBe('c2');
    expect(caseIdOf([{ state: { id: 'c3' }, event: {} }])).toBe('c3');
    expect(caseIdOf([{ notificationIds: [] }])).toBeNull();
  });
});

describe('the interceptor of every activity', () => {
  const warnings: { message: string; meta?: LogMetadata }[] = [];
  const logger: Logger = {
    log: (level: LogLevel, message: string, meta?: LogMetadata) => {
      if (level === 'WARN') warnings.push({ message, meta });
    },
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message, meta) => warnings.push({ message, meta }),
    error: () => undefined,
  };
  const info = { activityType: 'projectCase', activityId: '7', attempt: 3, scheduledTimestampMs: Date.now() - 42_000, startToCloseTimeoutMs: 30_000 };

  it('keeps a write whose attempt failed on a fault as pending, logged with the activity, case and attempt, until it is written', async () => {
    const registry = new PendingWrites();
    const env = new MockActivityEnvironment(info, { interceptors: activityFailureInterceptors(registry), logger });
    const fault = prismaError('P2010', { originalCode: '57P01', kind: 'postgres' });
    await expect(env.run(async (_input: { state: { id: string } }) => Promise.reject(fault), { state: { id: 'case-9' } })).rejects.toBe(fault);
    expect(registry.summary()).toEqual({ count: 1, oldestSeconds: expect.any(Number) });
    expect(registry.summary().oldestSeconds).toBeGreaterThanOrEqual(42);
    expect(warnings).toContainEqual({ message: expect.stringContaining('retries'), meta: expect.objectContaining({ activity: 'projectCase', caseId: 'case-9', attempt: 3 }) });

    await env.run(async () => undefined);
    expect(registry.summary()).toEqual({ count: 0, oldestSeconds: 0 });
  });

  it('turns what the database refuses into a typed failure that is not retried, and pending no more', async () => {
    const registry = new PendingWrites();
    const env = new MockActivityEnvironment(info, { interceptors: activityFailureInterceptors(registry), logger });
    await expect(env.run(async () => Promise.reject(new Error('connection lost')))).rejects.toThrow('connection lost');
    const refused = await env.run(async () => Promise.reject(prismaError('P2039', { originalCode: '22P05', kind: 'postgres' }))).catch((e: unknown) => e);
    expect(refused).toMatchObject({ type: ACTIVITY_FAILURE_TYPES.databaseRefused, nonRetryable: true });
    expect(registry.summary().count).toBe(0);
  });
});
