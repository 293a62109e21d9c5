// How a workflow tells people about an event: the notifications are written before it goes on,
// their delivery runs as a workflow of its own that it never waits for.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import { type NotifyInput, type NotifyResult, notificationDeliveryWorkflowIdFor } from '../domain/notifications';
import { WRITE_OPTIONS } from './common';
import { notificationDeliveryWorkflow } from './notification-delivery';

const { notify } = proxyActivities<NotificationActivities>(WRITE_OPTIONS);

/**
 * Writes the notifications of `input.key` once and starts their delivery, if a channel has
 * something to send; a repeat for the same key changes nothing.
 */
export async function notifyAndDeliver(input: NotifyInput): Promise<void> {
  const { notificationIds, pendingDeliveries } = notifyResultOf(await notify(input));
  if (pendingDeliveries === 0) return;
  try {
    await startChild(notificationDeliveryWorkflow, {
      workflowId: notificationDeliveryWorkflowIdFor(input.key),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ notificationIds }],
    });
  } catch (err) {
    // The same event notified again while its delivery is still running.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Histories recorded before notify answered an object hold the bare list of ids, whose delivery
 * was started whenever the list was not empty; replayed, they must start it the same way.
 */
function notifyResultOf(result: NotifyResult | string[]): NotifyResult {
  return Array.isArray(result) ? { notificationIds: result, pendingDeliveries: result.length } : result;
}
