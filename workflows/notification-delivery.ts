// Sends the pending deliveries of a group of notifications, each through its channel with
// retries for a bounded time; one that still fails is recorded as failed on its notification.
// Whoever starts it abandons it: nothing in a case ever waits for a delivery. Deterministic code
// only: no I/O, no Node built-ins.
import { ActivityFailure, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import type { DeliveryRef, NotificationDeliveryInput, NotificationDeliveryResult } from '../domain/notifications';
import { WRITE_RETRY_POLICY } from '../domain/types';
import { WRITE_OPTIONS } from './common';

const { pendingDeliveries, recordDeliveryFailure } = proxyActivities<NotificationActivities>(WRITE_OPTIONS);

/** About 20 minutes from the first attempt to the eighth: a mail server or receiver restarting is ridden out. */
const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: WRITE_RETRY_POLICY.nonRetryableErrorTypes,
  },
});

export async function notificationDeliveryWorkflow({ notificationIds }: NotificationDeliveryInput): Promise<NotificationDeliveryResult> {
  const deliveries = await pendingDeliveries({ notificationIds });
  const sent = await Promise.all(deliveries.map(deliver));
  return { sent: sent.filter(Boolean).length, failed: sent.filter((s) => !s).length };
}

/** True once sent. */
async function deliver(delivery: DeliveryRef): Promise<boolean> {
  try {
    return (await deliverNotification(delivery)) === 'sent';
  } catch (err) {
    if (isCancellation(err)) throw err;
    await recordDeliveryFailure({ ...delivery, error: failureMessage(err) });
    return false;
  }
}

/** The activity's own error, not Temporal's "activity task failed" around it. */
function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
