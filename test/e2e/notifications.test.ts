// The notification list over real HTTP, on the test service with a real Temporal dev server and a
// fresh database: notifications are written by the notify activity as the workflows write them,
// then each user lists their own, newest first, pages through them and marks them read.
import { randomUUID } from 'node:crypto';
import { emailChannel, webhookChannel } from '../../activities/notification-channels';
import { createNotificationActivities, type NotificationActivities } from '../../activities/notifications';
import type { NotifyInput } from '../../domain/notifications';
import type { Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { created, expectProblem, signedIn } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let activities: NotificationActivities;
let organizer: { id: string; as: SignedInClient };
let secretary: { id: string; as: SignedInClient };
let district: Json;
let commune: Json;
/** The organizer's notifications, oldest first. */
const organizerNotifications: string[] = [];
let secretaryNotification: string;

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  // Channels as configured on a worker; nothing is delivered here, the deliveries stay as notify writes them.
  activities = createNotificationActivities({
    prisma: service.prisma,
    channels: {
      email: emailChannel({ url: 'smtp://127.0.0.1:9', from: 'Cadre rotation <no-reply@localhost>' }),
      webhook: webhookChannel({ url: 'http://127.0.0.1:9/', secret: 'not-used-in-this-test' }),
    },
  });

  const admin = await signedIn(service, 'admin');
  const province = await created(admin.call('POST', '/v1/units', { code: 'HD', name: 'Tỉnh Hải Dương', kind: 'province' }));
  district = await created(admin.call('POST', '/v1/units', { code: 'NS', name: 'Huyện Nam Sách', kind: 'district', parentId: province.id }));
  commune = await created(admin.call('POST', '/v1/units', { code: 'NS-NH', name: 'Xã Nam Hưng', kind: 'commune', parentId: district.id }));
  const user = async (username: string, role: string, email?: string) => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName: username, roles: [{ role, unitId: district.id }], ...(email ? { email } : {}) }));
    return { id: body.id as string, as: await signedIn(service, username) };
  };
  organizer = await user('nguyen.van.an', 'organizer', 'an@nam-sach.example');
  secretary = await user('tran.thi.cuc', 'secretary');

  for (const seq of [1, 2, 3]) {
    organizerNotifications.push(...(await activities.notify(reminder(seq, { userIds: [organizer.id] }))).notificationIds);
    // createdAt has millisecond precision: apart, they have one order.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  [secretaryNotification] = (await activities.notify(reminder(1, { roles: [{ role: 'secretary', unitIds: [commune.id] }] }))).notificationIds;
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

function reminder(seq: number, audience: NotifyInput['audience']): NotifyInput {
  return {
    key: `${randomUUID()}:review-reminder:${seq}`,
    kind: 'review_reminder',
    rotationId: 'case-e2e',
    audience,
    params: { cadreName: 'Đặng Văn Khoa', unitId: commune.id, seq, dueAt: `2027-0${seq}-15` },
  };
}

const ids = (body: Json) => body.items.map((n: Json) => n.id);

test('the list needs a signed-in user', async () => {
  expectProblem(await service.client.call('GET', '/v1/notifications'), 401);
});

test('each user lists only their own notifications, newest first, with their Vietnamese texts and deliveries', async () => {
  const mine = await organizer.as.call('GET', '/v1/notifications');
  expect(mine.status).toBe(200);
  expect(ids(mine.body)).toEqual([...organizerNotifications].reverse());
  expect(mine.body.nextCursor).toBeNull();
  expect(mine.body.items[0]).toEqual({
    id: organizerNotifications[2],
    kind: 'review_reminder',
    title: 'Nhắc lịch đánh giá định kỳ lần 3',
    body: expect.stringContaining('cán bộ Đặng Văn Khoa tại Xã Nam Hưng: hạn đánh giá là ngày 15/03/2027'),
    rotationId: 'case-e2e',
    createdAt: expect.any(String),
    readAt: null,
    deliveries: [
      { channel: 'email', status: 'pending', attempts: 0, lastError: null, deliveredAt: null, updatedAt: expect.any(String) },
      { channel: 'webhook', status: 'pending', attempts: 0, lastError: null, deliveredAt: null, updatedAt: expect.any(String) },
    ],
  });

  const theirs = await secretary.as.call('GET', '/v1/notifications');
  expect(ids(theirs.body)).toEqual([secretaryNotification]);
  expect(theirs.body.items[0].deliveries.map((d: Json) => [d.channel, d.status])).toEqual([
    ['email', 'skipped'],
    ['webhook', 'pending'],
  ]);
});

test('pages follow the cursor without gaps or repeats', async () => {
  const first = await organizer.as.call('GET', '/v1/notifications?limit=2');
  expect(ids(first.body)).toHaveLength(2);
  expect(first.body.nextCursor).toEqual(expect.any(String));
  const second = await organizer.as.call('GET', `/v1/notifications?limit=2&cursor=${first.body.nextCursor}`);
  expect(second.body.nextCursor).toBeNull();
  expect([...ids(first.body), ...ids(second.body)]).toEqual([...organizerNotifications].reverse());
});

test('marking read answers the notification, is idempotent, and the unread filter follows it', async () => {
  const [oldest] = organizerNotifications;
  const read = await organizer.as.call('POST', `/v1/notifications/${oldest}/read`);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id: oldest, readAt: expect.any(String), title: 'Nhắc lịch đánh giá định kỳ lần 1' });

  const again = await organizer.as.call('POST', `/v1/notifications/${oldest}/read`);
  expect([again.status, again.body]).toEqual([200, read.body]);

  expect(ids((await organizer.as.call('GET', '/v1/notifications?unread=true')).body)).toEqual([organizerNotifications[2], organizerNotifications[1]]);
  expect(ids((await organizer.as.call('GET', '/v1/notifications?unread=false')).body)).toEqual([oldest]);
  expect(ids((await secretary.as.call('GET', '/v1/notifications?unread=true')).body)).toEqual([secretaryNotification]);
});

test("someone else's notification, or an id that names nothing, is 404 and stays unread", async () => {
  expectProblem(await organizer.as.call('POST', `/v1/notifications/${secretaryNotification}/read`), 404);
  expectProblem(await organizer.as.call('POST', '/v1/notifications/no-such-notification/read'), 404);
  const theirs = await secretary.as.call('GET', '/v1/notifications');
  expect(theirs.body.items[0].readAt).toBeNull();
});

test('a delivery that failed for good shows on the notification, with why', async () => {
  const [, middle] = organizerNotifications;
  await activities.recordDeliveryFailure({ notificationId: middle, channel: 'webhook', error: 'the webhook answered 503 Service Unavailable' });
  const list = await organizer.as.call('GET', '/v1/notifications');
  const shown = list.body.items.find((n: Json) => n.id === middle);
  expect(shown.deliveries).toContainEqual(expect.objectContaining({ channel: 'webhook', status: 'failed', lastError: 'the webhook answered 503 Service Unavailable' }));
});

test('a malformed filter or cursor is 400, naming the parameter', async () => {
  expectProblem(await organizer.as.call('GET', '/v1/notifications?unread=maybe'), 400, 'unread');
  expectProblem(await organizer.as.call('GET', '/v1/notifications?cursor=not-a-cursor'), 400, 'cursor');
  expectProblem(await organizer.as.call('GET', '/v1/notifications?limit=0'), 400, 'limit');
});
