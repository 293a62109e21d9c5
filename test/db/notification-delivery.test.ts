// Delivering notifications through real channels: nodemailer to an SMTP server on localhost and
// fetch to an HTTP server there, which checks the webhook's signature. The activities run in
// Temporal's mock activity context against a migrated PGlite database.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { emailChannel, webhookChannel } from '../../activities/notification-channels';
import { createNotificationActivities, type NotificationActivities } from '../../activities/notifications';
import type { DeliveryRef, NotifyInput } from '../../domain/notifications';
import type { Database } from '../../infra/db';
import { openTestDatabase } from '../support/databases';
import { SmtpReceiver, WebhookReceiver, signatureMatches } from '../support/notification-receivers';

jest.setTimeout(60_000);

const FROM = 'Ban Tổ chức Huyện ủy <to-chuc@nam-sach.example>';

let db: Database;
let smtp: SmtpReceiver;
let webhook: WebhookReceiver;
let activities: NotificationActivities;
const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
const user = { withEmail: randomUUID(), refused: randomUUID() };

beforeAll(async () => {
  [db, smtp, webhook] = await Promise.all([openTestDatabase('pglite'), SmtpReceiver.start(), WebhookReceiver.start()]);
  activities = createNotificationActivities({
    prisma: db.prisma,
    channels: { email: emailChannel({ url: smtp.url, from: FROM }), webhook: webhookChannel({ url: webhook.url, secret: webhook.secret }) },
  });
  await db.prisma.user.createMany({
    data: [
      { id: user.withEmail, username: 'tran.thi.cuc', fullName: 'Trần Thị Cúc', email: 'cuc@nam-sach.example' },
      { id: user.refused, username: 'le.van.tam', fullName: 'Lê Văn Tám', email: 'tam@nam-sach.example' },
    ],
  });
  smtp.refusedRecipients.add('tam@nam-sach.example');
});

afterAll(async () => {
  await Promise.all([smtp?.close(), webhook?.close()]);
  await db?.close();
});

beforeEach(() => {
  webhook.status = 204;
});

function reminderFor(userId: string): NotifyInput {
  return {
    key: `case-${randomUUID()}:review-reminder:2`,
    kind: 'review_reminder',
    rotationId: 'case-1',
    audience: { userIds: [userId] },
    params: { cadreName: 'Đặng Văn Khoa', unitName: 'Xã Nam Hưng', seq: 2, dueAt: '2027-06-01' },
  };
}

const deliver = (ref: DeliveryRef) => activityEnv.run(activities.deliverNotification, ref);
const deliveryOf = ({ notificationId, channel }: DeliveryRef) =>
  db.prisma.notificationDelivery.findUniqueOrThrow({ where: { notificationId_channel: { notificationId, channel } } });

test('the e-mail reaches the user with its Vietnamese subject and body intact', async () => {
  const {
    notificationIds: [notificationId],
  } = await activities.notify(reminderFor(user.withEmail));
  const notification = await db.prisma.notification.findUniqueOrThrow({ where: { id: notificationId } });

  expect(await deliver({ notificationId, channel: 'email' })).toBe('sent');

  expect(smtp.mails).toHaveLength(1);
  const [{ envelopeTo, raw, parsed }] = smtp.mails;
  expect(envelopeTo).toEqual(['cuc@nam-sach.example']);
  expect(parsed.subject).toBe('Nhắc lịch đánh giá định kỳ lần 2');
  expect(parsed.text?.trim()).toBe(notification.body);
  expect(parsed.text).toContain('cán bộ Đặng Văn Khoa tại Xã Nam Hưng: hạn đánh giá là ngày 01/06/2027');
  expect(parsed.to).toMatchObject({ value: [{ name: 'Trần Thị Cúc', address: 'cuc@nam-sach.example' }] });
  expect(parsed.from).toMatchObject({ value: [{ name: 'Ban Tổ chức Huyện ủy', address: 'to-chuc@nam-sach.example' }] });
  expect(parsed.headers.get('x-notification-id')).toBe(notificationId);
  expect(raw).toMatch(/charset=utf-8/i);
  expect(await deliveryOf({ notificationId, channel: 'email' })).toMatchObject({ status: 'sent', attempts: 1, lastError: null, deliveredAt: expect.any(Date) });

  // Delivered once: a retry of the activity finds it sent and sends nothing.
  expect(await deliver({ notificationId, channel: 'email' })).toBe('sent');
  expect(smtp.mails).toHaveLength(1);
});

test('the webhook gets the notification as JSON, signed with HMAC-SHA256 of its timestamp and the raw body', async () => {
  const {
    notificationIds: [notificationId],
  } = await activities.notify(reminderFor(user.withEmail));
  const notification = await db.prisma.notification.findUniqueOrThrow({ where: { id: notificationId } });
  const before = webhook.requests.length;

  expect(await deliver({ notificationId, channel: 'webhook' })).toBe('sent');

  const [request] = webhook.requests.slice(before);
  expect(request.signatureValid).toBe(true);
  const timestamp = Number(request.headers['x-signature-timestamp']);
  expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(60);
  // Replayed later, or with the timestamp moved forward, the same delivery no longer passes.
  expect(signatureMatches(request, webhook.secret, timestamp + 5 * 60 + 1)).toBe(false);
  expect(signatureMatches({ ...request, headers: { ...request.headers, 'x-signature-timestamp': String(timestamp + 60) } }, webhook.secret, timestamp + 60)).toBe(false);
  expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(request.headers['x-notification-id']).toBe(notificationId);
  expect(request.json).toEqual({
    id: notificationId,
    userId: user.withEmail,
    kind: 'review_reminder',
    title: 'Nhắc lịch đánh giá định kỳ lần 2',
    body: notification.body,
    rotationId: 'case-1',
    createdAt: notification.createdAt.toISOString(),
  });
  expect(await deliveryOf({ notificationId, channel: 'webhook' })).toMatchObject({ status: 'sent', attempts: 1 });
});

test('a webhook answering 500 fails the attempt, which the delivery records; after the last one it is failed', async () => {
  const {
    notificationIds: [notificationId],
  } = await activities.notify(reminderFor(user.withEmail));
  const ref: DeliveryRef = { notificationId, channel: 'webhook' };
  webhook.status = 500;

  await expect(deliver(ref)).rejects.toThrow('the webhook answered 500 Internal Server Error');
  await expect(deliver(ref)).rejects.toThrow('the webhook answered 500 Internal Server Error');
  expect(await deliveryOf(ref)).toMatchObject({ status: 'pending', attempts: 2, lastError: 'the webhook answered 500 Internal Server Error', deliveredAt: null });

  await activityEnv.run(activities.recordDeliveryFailure, { ...ref, error: 'the webhook answered 500 Internal Server Error' });
  expect(await deliveryOf(ref)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'the webhook answered 500 Internal Server Error' });
  // Given up for good: a late retry neither sends nor changes it.
  webhook.status = 204;
  const before = webhook.requests.length;
  expect(await deliver(ref)).toBe('failed');
  expect(webhook.requests).toHaveLength(before);
});

test('a mailbox the server refuses for good fails the delivery without retrying', async () => {
  const {
    notificationIds: [notificationId],
  } = await activities.notify(reminderFor(user.refused));
  const failure = await deliver({ notificationId, channel: 'email' }).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'EmailRejected', nonRetryable: true, message: expect.stringContaining('550') });
  expect(await deliveryOf({ notificationId, channel: 'email' })).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('550') });
});

test('a channel the worker does not have fails the delivery without retrying', async () => {
  const {
    notificationIds: [notificationId],
  } = await activities.notify(reminderFor(user.withEmail));
  const webhookOnly = createNotificationActivities({ prisma: db.prisma, channels: { webhook: webhookChannel({ url: webhook.url, secret: webhook.secret }) } });
  const ref: DeliveryRef = { notificationId, channel: 'email' };
  await expect(activityEnv.run(webhookOnly.deliverNotification, ref)).rejects.toMatchObject({
    type: 'ChannelNotConfigured',
    nonRetryable: true,
  });
});
