// The notification outbox: a notification per user of an event's audience and a delivery per
// configured channel, and each delivery's attempts. Rows are keyed (dedupeKey, notification and
// channel) or guarded by the status they change, so a retry never writes anything twice.
import type { DeliveryChannel, NotificationAudience, NotificationSubject } from '../domain/notifications';
import { ancestorIds } from '../domain/units';
import type { Prisma, PrismaClient } from '../generated/prisma/client';

const MAX_ERROR_LENGTH = 1000;

export interface OutboxNotification {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  rotationId: string | null;
  dedupeKey: string;
}

/**
 * Writes the notifications (once per dedupeKey) and, for each, a delivery per channel with the
 * status `deliveryStatus` gives. Answers the ids of the notifications in the order given, whether
 * this call or an earlier one wrote them, and how many of their deliveries wait to be sent.
 */
export async function writeOutbox(
  prisma: PrismaClient,
  notifications: readonly OutboxNotification[],
  channels: readonly DeliveryChannel[],
  deliveryStatus: (userId: string, channel: DeliveryChannel) => 'pending' | 'skipped',
): Promise<{ notificationIds: string[]; pendingDeliveries: number }> {
  return prisma.$transaction(async (tx) => {
    await tx.notification.createMany({ data: [...notifications], skipDuplicates: true });
    const stored = await tx.notification.findMany({ where: { dedupeKey: { in: notifications.map((r) => r.dedupeKey) } }, select: { id: true, userId: true } });
    const idOf = new Map(stored.map((n) => [n.userId, n.id]));
    const notificationIds = notifications.map((n) => idOf.get(n.userId)!);
    const deliveries: Prisma.NotificationDeliveryCreateManyInput[] = notifications.flatMap((n) =>
      channels.map((channel) => ({ notificationId: idOf.get(n.userId)!, channel, status: deliveryStatus(n.userId, channel) })),
    );
    // With no channel configured a notification is only listed: nothing more to write or count.
    if (deliveries.length === 0) return { notificationIds, pendingDeliveries: 0 };
    await tx.notificationDelivery.createMany({ data: deliveries, skipDuplicates: true });
    const pendingDeliveries = await tx.notificationDelivery.count({ where: { notificationId: { in: notificationIds }, status: 'pending' } });
    return { notificationIds, pendingDeliveries };
  });
}

/** The deliveries of the notifications still to be sent, in a stable order. */
export function pendingDeliveryRows(prisma: PrismaClient, notificationIds: readonly string[]) {
  return prisma.notificationDelivery.findMany({
    where: { notificationId: { in: [...notificationIds] }, status: 'pending' },
    select: { notificationId: true, channel: true },
    orderBy: [{ notificationId: 'asc' }, { channel: 'asc' }],
  });
}

/** One delivery with its notification; null when there is none. */
export function findDelivery(prisma: PrismaClient, notificationId: string, channel: DeliveryChannel) {
  return prisma.notificationDelivery.findUnique({ where: { notificationId_channel: { notificationId, channel } }, include: { notification: true } });
}

/** Whom a delivery goes to; null when the user no longer exists. */
export function findRecipient(prisma: PrismaClient, userId: string) {
  return prisma.user.findUnique({ where: { id: userId }, select: { fullName: true, email: true } });
}

/** An attempt at a delivery still pending: sent, or failed with its error (to be retried). */
export async function recordDeliveryAttempt(
  prisma: PrismaClient,
  notificationId: string,
  channel: DeliveryChannel,
  outcome: { sent: true } | { sent: false; error: unknown },
): Promise<void> {
  const stillPending = { notificationId, channel, status: 'pending' };
  const data: Prisma.NotificationDeliveryUpdateManyMutationInput = outcome.sent
    ? { status: 'sent', attempts: { increment: 1 }, lastError: null, deliveredAt: new Date() }
    : { attempts: { increment: 1 }, lastError: errorText(outcome.error) };
  await prisma.notificationDelivery.updateMany({ where: stillPending, data });
}

/** After the last attempt: the delivery is given up, and its notification shows why. */
export async function giveUpDelivery(prisma: PrismaClient, notificationId: string, channel: DeliveryChannel, error: string): Promise<void> {
  await prisma.notificationDelivery.updateMany({ where: { notificationId, channel, status: 'pending' }, data: { status: 'failed', lastError: error.slice(0, MAX_ERROR_LENGTH) } });
}

export interface AudienceMember {
  id: string;
  fullName: string;
  email: string | null;
}

/** The active users named, linked to the cadres named, or whose role reaches one of the units given; in id order. */
export async function audienceOf(prisma: PrismaClient, audience: NotificationAudience): Promise<AudienceMember[]> {
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
export async function subjectNames(prisma: PrismaClient, subject: NotificationSubject): Promise<Pick<NotificationSubject, 'cadreName' | 'unitName'>> {
  const [cadre, unit] = await Promise.all([
    subject.cadreName === undefined && subject.cadreId ? prisma.cadre.findUnique({ where: { id: subject.cadreId }, select: { fullName: true } }) : null,
    subject.unitName === undefined && subject.unitId ? prisma.unit.findUnique({ where: { id: subject.unitId }, select: { name: true } }) : null,
  ]);
  return { cadreName: subject.cadreName ?? cadre?.fullName, unitName: subject.unitName ?? unit?.name };
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
}

/** A notification's deliveries, by channel: how the API shows them. */
export const withDeliveries = { deliveries: { orderBy: { channel: 'asc' as const } } };

/** Marks the user's notification read (already read: unchanged); answers it with its deliveries, null when the user has no such notification. */
export async function markNotificationRead(prisma: PrismaClient, userId: string, notificationId: string) {
  const mine = { id: notificationId, userId };
  await prisma.notification.updateMany({ where: { ...mine, readAt: null }, data: { readAt: new Date() } });
  return prisma.notification.findFirst({ where: mine, include: withDeliveries });
}
