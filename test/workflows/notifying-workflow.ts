// A workflow that notifies the way the case workflow does, for the notification delivery tests.
import type { NotifyInput } from '../../domain/notifications';
import { notifyAndDeliver } from '../../workflows/notify';

export { notificationDeliveryWorkflow } from '../../workflows/notification-delivery';

/** Notifies each event in turn and ends without waiting for any delivery. */
export async function notifyingWorkflow(events: NotifyInput[]): Promise<void> {
  for (const event of events) await notifyAndDeliver(event);
}
