// Pieces the case and support workflows share. Deterministic code only.
import { ApplicationFailure } from '@temporalio/workflow';
import { Refusal } from '../domain/rules';
import { FAILURE_TYPES } from '../domain/types';

/** Activity options of every write: idempotent, so retried until the database is back, never more than a minute apart. */
export const WRITE_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
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
      details: [{ path: err.path }],
    });
  }
}

export function now(): string {
  return new Date().toISOString();
}
