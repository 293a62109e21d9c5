// Every call a request makes to Temporal has a deadline: a workflow no worker serves, or a server
// that does not answer, gives a 503 (temporal-errors.ts) instead of a request that hangs.
import { DEFAULT_TEMPORAL_DEADLINE_MS } from './config';
import type { AppDeps } from './deps';

export function withinDeadline<T>({ temporal, config }: Pick<AppDeps, 'temporal' | 'config'>, call: () => Promise<T>): Promise<T> {
  return temporal.connection.withDeadline(Date.now() + (config.temporalDeadlineMs ?? DEFAULT_TEMPORAL_DEADLINE_MS), call);
}
