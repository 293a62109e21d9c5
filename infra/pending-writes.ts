// The writes this process is retrying: an activity attempt failed on an infrastructure fault and
// Temporal will run it again after a backoff. The worker keeps the registry; the health check of
// the same process reads it. An entry whose next attempt does not come back here in time is
// dropped, since that attempt ran on another worker or the write was cancelled.

export interface PendingWrite {
  activity: string;
  caseId: string | null;
  /** The attempt that failed last. */
  attempt: number;
  /** When the write was first asked for (ms since the epoch). */
  since: number;
  /** By when the next attempt is due back here (ms since the epoch). */
  expectedBy: number;
}

export interface PendingWritesSummary {
  count: number;
  /** Age of the oldest pending write, in whole seconds; 0 when there is none. */
  oldestSeconds: number;
}

export class PendingWrites {
  private readonly entries = new Map<string, PendingWrite>();

  /** An attempt of the write `key` failed and will be retried. */
  failed(key: string, write: PendingWrite): void {
    this.entries.set(key, write);
  }

  /** The write `key` is done, or failed for good: it is not pending any more. */
  settled(key: string): void {
    this.entries.delete(key);
  }

  summary(now = Date.now()): PendingWritesSummary {
    let count = 0;
    let oldest = now;
    for (const [key, write] of this.entries) {
      if (write.expectedBy < now) {
        this.entries.delete(key);
        continue;
      }
      count++;
      oldest = Math.min(oldest, write.since);
    }
    return { count, oldestSeconds: Math.floor((now - oldest) / 1000) };
  }
}

/** The registry of this process. */
export const pendingWrites = new PendingWrites();
