// One way to send a step of a case or of its support: a workflow Update, within the request's
// Temporal deadline, deduplicated by an id made from the request's Idempotency-Key.
import { randomUUID } from 'node:crypto';
import type { Context } from './endpoint';
import { withinDeadline } from './temporal-deadline';

/** Runs `send` with the step's Update id; Temporal deduplicates Updates by id, and keys are the user's own, so the id carries the user. */
export function sendStep<T>(ctx: Pick<Context, 'user' | 'deps' | 'idempotencyKey'>, send: (updateId: string) => Promise<T>): Promise<T> {
  const updateId = ctx.idempotencyKey === null ? randomUUID() : `${ctx.user.id}:${ctx.idempotencyKey}`;
  return withinDeadline(ctx.deps, () => send(updateId));
}
