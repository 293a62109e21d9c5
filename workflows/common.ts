// Pieces the case and support workflows share. Deterministic code only.
import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { Refusal } from '../domain/refusal';
import { FAILURE_TYPES, WRITE_RETRY_POLICY } from '../domain/types';

/**
 * Activity options of every write: idempotent, so retried until the database is back, never more
 * than a minute apart; never retried on a failure no retry can fix.
 */
export const WRITE_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: WRITE_RETRY_POLICY,
} as const;

/** Database writes one at a time, in the order they were asked for. */
export class OrderedWrites {
  private last: Promise<unknown> = Promise.resolve();

  private pending = 0;

  /** Runs `write` after every earlier one has finished. */
  enqueue<T>(write: () => Promise<T>): Promise<T> {
    this.pending++;
    const written = this.last.then(write).finally(() => this.pending--);
    // A failed write is reported to its own caller and must not hold back the later ones.
    this.last = written.catch(() => undefined);
    return written;
  }

  /** No write queued or running. */
  get idle(): boolean {
    return this.pending === 0;
  }

  /** Resolves once every write queued so far has finished. */
  async drained(): Promise<void> {
    while (!this.idle) await this.last;
  }
}

/** How a write of a case (or of its support) ended. */
export type WriteOutcome =
  /** Written. */
  | 'written'
  /** It failed for good, or came after one that did: it waits, with every later write, for a person. */
  | 'held'
  /** What it did to other records failed for good, and its change was taken back. */
  | 'undone';

/** The writes of one step: what it does to other records, then its own record. */
export interface Write {
  /** The step, as history names it. */
  step: string;
  /** What the step does to other records (the cadre's posts); runs first. */
  effect?: () => Promise<void>;
  /** The record of the step; `again` when it runs after a write failed for good. */
  record: (again: boolean) => Promise<void>;
}

/** A write that no retry will do: the activity's failure, and whether the step's effect or its record failed. */
export interface WriteFailure {
  error: ActivityFailure;
  type: string | undefined;
  inEffect: boolean;
}

/**
 * Decides what a write that failed for good does to the case or support; answers true when it took
 * the write's change back (the write is then dropped), false to hold it. `fresh`: the write ran for
 * the first time, so its change may still be the latest.
 */
export type WriteFailureHandler<W extends Write> = (failure: WriteFailure, write: W, fresh: boolean) => Promise<boolean>;

/**
 * The ordered writes of a case or support. A write that fails for good is held, with every write
 * after it, until a person resolves the failure (`release`), so nothing is written out of order
 * and no write is retried forever.
 */
export class HeldWrites<W extends Write> {
  private readonly queue = new OrderedWrites();
  private held: W[] = [];

  constructor(private readonly failed: WriteFailureHandler<W>) {}

  /** A write failed for good and waits for a person. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  drained(): Promise<void> {
    return this.queue.drained();
  }

  /** Writes after every earlier write; held behind a write that failed for good. */
  write(write: W): Promise<WriteOutcome> {
    return this.queue.enqueue(() => (this.holding ? this.hold([write]) : this.run([write], false)));
  }

  /** A person resolved the failure: the held writes run again, then `write`. */
  release(write: W): Promise<WriteOutcome> {
    return this.queue.enqueue(() => this.run([...this.held.splice(0), write], true));
  }

  /** Other work in the same order (notifications), never held. */
  alongside<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.enqueue(work);
  }

  private async hold(writes: W[]): Promise<WriteOutcome> {
    this.held.push(...writes);
    return 'held';
  }

  private async run(writes: W[], again: boolean): Promise<WriteOutcome> {
    for (const [i, write] of writes.entries()) {
      const failure = await attempt(write, again && i < writes.length - 1);
      if (!failure) continue;
      const undone = await this.failed(failure, write, !again);
      await this.hold(writes.slice(undone ? i + 1 : i));
      return undone ? 'undone' : 'held';
    }
    return 'written';
  }
}

async function attempt(write: Write, again: boolean): Promise<WriteFailure | null> {
  try {
    await write.effect?.();
  } catch (err) {
    return failedForGood(err, true);
  }
  try {
    await write.record(again);
  } catch (err) {
    return failedForGood(err, false);
  }
  return null;
}

/** An activity's failure reaching a workflow is for good: retries of faults never end; anything else is thrown on. */
export function failedForGood(err: unknown, inEffect: boolean): WriteFailure {
  if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
  const cause = err.cause;
  return { error: err, type: (cause instanceof ApplicationFailure ? cause.type : cause?.name) ?? undefined, inEffect };
}

/** Runs a domain transition; a Refusal becomes the typed failure the API maps to 403/404/409/422. */
export function refusingAsFailure<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    throw ApplicationFailure.create({
      type: FAILURE_TYPES[err.kind],
      message: err.message,
      nonRetryable: true,
      details: [{ path: err.path, ...(err.rule ? { rule: err.rule } : {}), ...(err.wording.vi ? { vi: err.wording.vi } : {}) }],
    });
  }
}

export function now(): string {
  return new Date().toISOString();
}
