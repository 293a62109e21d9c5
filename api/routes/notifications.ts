// The signed-in user's own notifications, newest first with how each one was delivered, and
// marking one read. Nobody reaches another user's notifications: their ids are 404s.
import { z } from 'zod';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, NOTIFICATION_KINDS } from '../../domain/notifications';
import type { Notification, NotificationDelivery } from '../../generated/prisma/client';
import { newestFirstOrder, olderThan, pageOf, pageQuery } from '../cursor';
import { endpoint } from '../endpoint';
import { notFound } from '../problem';
import { idParams, pageSchema } from '../schemas';
import { markNotificationRead, withDeliveries } from '../../store/notifications';

function notificationView(n: Notification & { deliveries: NotificationDelivery[] }) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    rotationId: n.rotationId,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
    deliveries: n.deliveries.map((d) => ({
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      updatedAt: d.updatedAt.toISOString(),
    })),
  };
}

const deliverySchema = z
  .object({
    channel: z.enum(DELIVERY_CHANNELS),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable().meta({ description: 'Why the last attempt failed; kept once the delivery has failed for good.' }),
    deliveredAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NotificationDelivery' });

const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    rotationId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    deliveries: z.array(deliverySchema).meta({ description: 'One per delivery channel configured when it was created.' }),
  })
  .meta({ id: 'Notification' });

export const notificationEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/notifications',
    summary: 'Your notifications, newest first',
    description: 'For any signed-in user, their own. Lists the notifications addressed to them, read or unread, with their deliveries.',
    tag: 'notifications',
    request: z.object({
      query: z.object({
        unread: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional()
          .meta({ description: 'true: only unread ones; false: only read ones; absent: all.' }),
        ...pageQuery,
      }),
    }),
    success: { status: 200, description: 'A page of your notifications', schema: pageSchema(notificationSchema) },
    problems: [],
    async handle({ query }, { user, deps: { prisma } }) {
      const rows = await prisma.notification.findMany({
        where: {
          userId: user.id,
          ...(query.unread === undefined ? {} : { readAt: query.unread ? null : { not: null } }),
          ...olderThan(query.cursor),
        },
        include: withDeliveries,
        orderBy: newestFirstOrder,
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, notificationView);
    },
  }),

  endpoint({
    method: 'post',
    path: '/v1/notifications/:id/read',
    summary: 'Mark one of your notifications read (again: no change)',
    description: "For the notification's recipient (another user's is a 404). Marks it read; marking it again changes nothing.",
    tag: 'notifications',
    request: z.object({ params: idParams('notification') }),
    success: { status: 200, description: 'The notification', schema: notificationSchema },
    problems: [404],
    async handle({ params }, { user, deps: { prisma } }) {
      const found = await markNotificationRead(prisma, user.id, params.id);
      if (!found) throw notFound('notification');
      return notificationView(found);
    },
  }),
];
