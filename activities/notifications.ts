// Activities of notifications. `notify` writes the outbox of one event: a notification per user
// of its audience and a delivery per configured channel; the delivery workflow then sends each
// pending delivery. Rows are keyed (dedupeKey, notification and channel) or guarded by the
// status they change, so a retry never writes anything twice.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { renderNotification } from '../domain/notification-texts';
import {
  DELIVERY_CHANNELS,
  type DeliveryChannel,
  type DeliveryFailure,
  type DeliveryRef,
  type DeliveryStatus,
  type NotificationAudience,
  type NotificationDeliveryInput,
  type NotificationSubject,
  type NotifyInput,
  type NotifyResult,
} from '../domain/notifications';
import { ancestorIds } from '../domain/units';
import { ACTIVITY_FAILURE_TYPES } from '../domain/types';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { NotificationChannels } from './notification-channels';

export interface NotificationActivityDeps {
  prisma: PrismaClient;
  channels: NotificationChannels;
}

const MAX_ERROR_LENGTH = 1000;

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
      return prisma.$transaction(async (tx) => {
        await tx.notification.createMany({ data: rows, skipDuplicates: true });
        const stored = await tx.notification.findMany({ where: { dedupeKey: { in: rows.map((r) => r.dedupeKey) } }, select: { id: true, userId: true } });
        const idOf = new Map(stored.map((n) => [n.userId, n.id]));
        const deliveries: Prisma.NotificationDeliveryCreateManyInput[] = recipients.flatMap((user) =>
          configured.map((channel) => ({
            notificationId: idOf.get(user.id)!,
            channel,
            status: channels[channel]!.reaches(user) ? 'pending' : 'skipped',
          })),
        );
        const notificationIds = recipients.map((user) => idOf.get(user.id)!);
        // With no channel configured a notification is only listed: nothing more to write or count.
        if (deliveries.length === 0) return { notificationIds, pendingDeliveries: 0 };
        await tx.notificationDelivery.createMany({ data: deliveries, skipDuplicates: true });
        const pendingDeliveries = await tx.notificationDelivery.count({ where: { notificationId: { in: notificationIds }, status: 'pending' } });
        return { notificationIds, pendingDeliveries };
      });
    },

    async pendingDeliveries({ notificationIds }: NotificationDeliveryInput): Promise<DeliveryRef[]> {
      const rows = await prisma.notificationDelivery.findMany({
        where: { notificationId: { in: notificationIds }, status: 'pending' },
        select: { notificationId: true, channel: true },
        orderBy: [{ notificationId: 'asc' }, { channel: 'asc' }],
      });
      return rows.flatMap((r) => (isChannel(r.channel) ? [{ notificationId: r.notificationId, channel: r.channel }] : []));
    },

    /**
     * Sends one delivery unless it is no longer pending, and answers its status. A failed attempt
     * is recorded on the delivery before it is thrown for Temporal to retry. Delivery is at least
     * once: receivers tell repeats apart by the notification id.
     */
    async deliverNotification({ notificationId, channel }: DeliveryRef): Promise<DeliveryStatus> {
      const delivery = await prisma.notificationDelivery.findUnique({
        where: { notificationId_channel: { notificationId, channel } },
        include: { notification: true },
      });
      if (!delivery) throw ApplicationFailure.nonRetryable(`notification ${notificationId} has no ${channel} delivery`, ACTIVITY_FAILURE_TYPES.deliveryMissing);
      if (delivery.status !== 'pending') return delivery.status as DeliveryStatus;
      const sender = channels[channel];
      if (!sender) throw ApplicationFailure.nonRetryable(`the ${channel} channel is not configured on this worker`, ACTIVITY_FAILURE_TYPES.channelNotConfigured);
      const recipient = await prisma.user.findUnique({ where: { id: delivery.notification.userId }, select: { fullName: true, email: true } });
      if (!recipient) throw ApplicationFailure.nonRetryable(`user ${delivery.notification.userId} no longer exists`, ACTIVITY_FAILURE_TYPES.recipientMissing);

      const stillPending = { notificationId, channel, status: 'pending' };
      try {
        await sender.send(delivery.notification, recipient);
      } catch (err) {
        await prisma.notificationDelivery.updateMany({ where: stillPending, data: { attempts: { increment: 1 }, lastError: errorText(err) } });
        throw err;
      }
      await prisma.notificationDelivery.updateMany({
        where: stillPending,
        data: { status: 'sent', attempts: { increment: 1 }, lastError: null, deliveredAt: new Date() },
      });
      return 'sent';
    },

    /** After the last attempt: the delivery is given up, and its notification shows why. */
    async recordDeliveryFailure({ notificationId, channel, error }: DeliveryFailure): Promise<void> {
      await prisma.notificationDelivery.updateMany({
        where: { notificationId, channel, status: 'pending' },
        data: { status: 'failed', lastError: error.slice(0, MAX_ERROR_LENGTH) },
      });
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

interface AudienceMember {
  id: string;
  fullName: string;
  email: string | null;
}

/** The active users named, linked to the cadres named, or whose role reaches one of the units given; in id order. */
async function audienceOf(prisma: PrismaClient, audience: NotificationAudience): Promise<AudienceMember[]> {
  const [ofCadres, ofRoles] = await Promise.all([cadreUsers(prisma, audience.cadreIds ?? []), roleHolders(prisma, audience.roles ?? [])]);
  const ids = new Set([...(audience.userIds ?? []), ...ofCadres, ...ofRoles]);
  if (ids.size === 0) return [];
  return prisma.user.findMany({ where: { id: { in: [...ids] }, active: true }, select: { id: true, fullName: true, email: true }, orderBy: { id: 'asc' } });
}

/** The users whose account is linked to one of the cadres. */
async function cadreUsers(prisma: PrismaClient, cadreIds: string[]): Promise<string[]> {
  if (cadreIds.length === 0) return [];
  const users = await prisma.user.findMany({ where: { cadreId: { in: cadreIds } }, select: { id: true } });
  return users.map((u) => u.id);
}

/** A role held on a unit, on a unit above it, or globally reaches the unit (only those above it, when `above`). */
async function roleHolders(prisma: PrismaClient, roles: NonNullable<NotificationAudience['roles']>): Promise<string[]> {
  if (roles.length === 0) return [];
  const units = await prisma.unit.findMany({ where: { id: { in: [...new Set(roles.flatMap((r) => r.unitIds))] } }, select: { id: true, path: true } });
  const reachingUnits = new Map(units.map((u) => [u.id, ancestorIds(u.path)]));
  const reaching = (id: string, above: boolean) => (reachingUnits.get(id) ?? []).filter((unit) => !above || unit !== id);
  const grants = await prisma.roleAssignment.findMany({
    where: {
      OR: roles.map(({ role, unitIds, above = false }) => ({
        role,
        OR: [{ unitId: null }, { unitId: { in: [...new Set(unitIds.flatMap((id) => reaching(id, above)))] } }],
      })),
    },
    select: { userId: true },
  });
  return grants.map((g) => g.userId);
}

/** The names the texts show, looked up from the ids when the caller did not give them. */
async function subjectNames(prisma: PrismaClient, subject: NotificationSubject): Promise<Pick<NotificationSubject, 'cadreName' | 'unitName'>> {
  const [cadre, unit] = await Promise.all([
    subject.cadreName === undefined && subject.cadreId ? prisma.cadre.findUnique({ where: { id: subject.cadreId }, select: { fullName: true } }) : null,
    subject.unitName === undefined && subject.unitId ? prisma.unit.findUnique({ where: { id: subject.unitId }, select: { name: true } }) : null,
  ]);
  return { cadreName: subject.cadreName ?? cadre?.fullName, unitName: subject.unitName ?? unit?.name };
}

function isChannel(value: string): value is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(value);
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
}
