// Orderly stop of a process's parts: on SIGINT/SIGTERM or a fatal error, each part is stopped
// in the reverse order of its start, then the process exits.
import type { Logger } from './logger';

/** A start that cannot go on for a reason the operator can fix, told in one line on stderr. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Prints a StartupError's line and exits 1. */
export function exitWithStartupError(error: StartupError): never {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

export interface Lifecycle {
  /** Registers how to stop a part that has just started. */
  onStop(part: string, stop: () => Promise<void>): void;
  /** Stops every part registered so far; later calls return the same promise. */
  stop(): Promise<void>;
  /** True once stopping has begun: a part ending now is expected. */
  readonly stopping: boolean;
  /** Stops everything on SIGINT or SIGTERM, then exits 0; a second signal (not a copy of the first, see REPEATED_SIGNAL_GRACE_MS) exits at once. */
  exitOnSignals(): void;
  /** Logs a fatal error (a StartupError as its one line on stderr), stops everything, exits 1. */
  fail(error: unknown, message: string): void;
}

/**
 * One Ctrl-C reaches the service several times within moments: the terminal signals the whole
 * process group, and `npm start` forwards the signal to the service as well. Only a
 * signal this long after the first is a deliberate second one.
 */
export const REPEATED_SIGNAL_GRACE_MS = 2000;

export function createLifecycle(log: Logger): Lifecycle {
  const parts: { part: string; stop: () => Promise<void> }[] = [];
  let stopping: Promise<void> | undefined;

  const stop = () =>
    (stopping ??= (async () => {
      for (const { part, stop: stopPart } of parts.reverse()) {
        try {
          await stopPart();
          log.debug({ part }, 'stopped');
        } catch (err) {
          log.error({ err, part }, 'failed to stop cleanly');
        }
      }
    })());

  return {
    onStop: (part, stopPart) => void parts.push({ part, stop: stopPart }),
    stop,
    get stopping() {
      return stopping !== undefined;
    },
    exitOnSignals() {
      let firstSignalAt: number | undefined;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          if (stopping) {
            if (firstSignalAt !== undefined && Date.now() - firstSignalAt < REPEATED_SIGNAL_GRACE_MS) {
              log.debug({ signal }, 'signal forwarded again by a parent process: already stopping');
              return;
            }
            log.warn({ signal }, 'second signal: exiting without waiting');
            process.exit(1);
          }
          firstSignalAt = Date.now();
          log.info({ signal }, 'stopping');
          void stop().then(() => process.exit(0));
        });
      }
    },
    fail(error, message) {
      if (!(error instanceof StartupError)) log.fatal({ err: error }, message);
      if (stopping) return;
      void stop().then(() => (error instanceof StartupError ? exitWithStartupError(error) : process.exit(1)));
    },
  };
}
