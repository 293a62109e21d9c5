// Activities of notifications. `notify` writes the outbox of one event (store/notifications.ts):
// a notification per user of its audience and a delivery per configured channel; the delivery
// workflow then sends each pending delivery. Every write is keyed or guarded, so a retry never
// writes anything twice.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { renderNotification } from '../domain/notification-texts';
import {
  DELIVERY_CHANNELS,
  type DeliveryChannel,
  type DeliveryFailure,
  type DeliveryRef,
  type DeliveryStatus,
  type NotificationDeliveryInput,
  type NotifyInput,
  type NotifyResult,
} from '../domain/notifications';
import { ACTIVITY_FAILURE_TYPES } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import { audienceOf, findDelivery, findRecipient, giveUpDelivery, pendingDeliveryRows, recordDeliveryAttempt, subjectNames, writeOutbox } from '../store/notifications';
import type { NotificationChannels } from './notification-channels';

export interface NotificationActivityDeps {
  prisma: PrismaClient;
  channels: NotificationChannels;
}

export function createNotificationActivities({ prisma, channels }: NotificationActivityDeps) {
  const configured = DELIVERY_CHANNELS.filter((channel) => channels[channel] !== undefined);

  return {
    /**
     * Answers the ids of the event's notifications, whether this attempt or an earlier one wrote
     * them, and how many of their deliveries wait to be sent (none when no channel is configured).
     */
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const [recipients, names] = await Promise.all([audienceOf(prisma, input.audience), subjectNames(prisma, input.params)]);
      if (recipients.length === 0) return { notificationIds: [], pendingDeliveries: 0 };
      const { title, body } = renderNotification(input, names);
      const rows = recipients.map((user) => ({
        id: randomUUID(),
        userId: user.id,
        kind: input.kind,
        title,
        body,
        rotationId: input.rotationId ?? null,
        dedupeKey: `${input.key}:${user.id}`,
      }));
      const recipientOf = new Map(recipients.map((user) => [user.id, user]));
      return writeOutbox(prisma, rows, configured, (userId, channel) => (channels[channel]!.reaches(recipientOf.get(userId)!) ? 'pending' : 'skipped'));
    },

    async pendingDeliveries({ notificationIds }: NotificationDeliveryInput): Promise<DeliveryRef[]> {
      const rows = await pendingDeliveryRows(prisma, notificationIds);
      return rows.flatMap((r) => (isChannel(r.channel) ? [{ notificationId: r.notificationId, channel: r.channel }] : []));
    },

    /**
     * Sends one delivery unless it is no longer pending, and answers its status. A failed attempt
     * is recorded on the delivery before it is thrown for Temporal to retry. Delivery is at least
     * once: receivers tell repeats apart by the notification id.
     */
    async deliverNotification({ notificationId, channel }: DeliveryRef): Promise<DeliveryStatus> {
      const delivery = await findDelivery(prisma, notificationId, channel);
      if (!delivery) throw ApplicationFailure.nonRetryable(`notification ${notificationId} has no ${channel} delivery`, ACTIVITY_FAILURE_TYPES.deliveryMissing);
      if (delivery.status !== 'pending') return delivery.status as DeliveryStatus;
      const sender = channels[channel];
      if (!sender) throw ApplicationFailure.nonRetryable(`the ${channel} channel is not configured on this worker`, ACTIVITY_FAILURE_TYPES.channelNotConfigured);
      const recipient = await findRecipient(prisma, delivery.notification.userId);
      if (!recipient) throw ApplicationFailure.nonRetryable(`user ${delivery.notification.userId} no longer exists`, ACTIVITY_FAILURE_TYPES.recipientMissing);
      try {
        await sender.send(delivery.notification, recipient);
      } catch (err) {
        await recordDeliveryAttempt(prisma, notificationId, channel, { sent: false, error: err });
        throw err;
      }
      await recordDeliveryAttempt(prisma, notificationId, channel, { sent: true });
      return 'sent';
    },

    /** After the last attempt: the delivery is given up, and its notification shows why. */
    async recordDeliveryFailure({ notificationId, channel, error }: DeliveryFailure): Promise<void> {
      await giveUpDelivery(prisma, notificationId, channel, error);
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

function isChannel(value: string): value is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(value);
}
