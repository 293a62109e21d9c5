// The delivery workflow on the time-skipping test server with the real activities and real
// receivers: each pending delivery is sent once; one that keeps failing is retried for its real
// (skipped) time and then recorded failed, without holding back the others.
import { notificationDeliveryWorkflow } from '../../workflows/notification-delivery';
import { NotificationTestbed, USERS, decisionSigned } from './notification-testbed';

jest.setTimeout(60_000);

let testbed: NotificationTestbed;

beforeAll(async () => {
  testbed = await NotificationTestbed.start();
}, 180_000);

afterAll(() => testbed?.teardown());

beforeEach(() => {
  testbed.webhook.status = 204;
});

// Started directly rather than through a parent that abandons it: the time-skipping test server
// stops skipping time once a parent closes before its abandoned child (temporalio/sdk-typescript#1101).
async function deliver(notificationIds: string[]) {
  return testbed.withWorker((taskQueue) =>
    testbed.env.client.workflow.execute(notificationDeliveryWorkflow, { taskQueue, workflowId: `delivery-${notificationIds[0]}`, args: [{ notificationIds }] }),
  );
}

test('every pending delivery is sent once: the e-mail to the user with an address, the webhook for both', async () => {
  const event = decisionSigned();
  const { notificationIds: ids } = await testbed.activities.notify(event);

  expect(await deliver(ids)).toEqual({ sent: 3, failed: 0 });
  expect(await deliver(ids)).toEqual({ sent: 0, failed: 0 });

  const [mail, ...more] = testbed.mailsAbout(ids);
  expect(more).toEqual([]);
  expect(mail.envelopeTo).toEqual(['an@nam-sach.example']);
  expect(mail.parsed.subject).toBe('Đã ký Quyết định luân chuyển số 125-QĐ/HU');
  expect(testbed.webhookCallsAbout(ids).map((r) => r.signatureValid)).toEqual([true, true]);
  expect(await testbed.deliveriesOf(event)).toEqual(
    expect.arrayContaining([
      { userId: USERS[0].id, channel: 'email', status: 'sent', attempts: 1, lastError: null },
      { userId: USERS[0].id, channel: 'webhook', status: 'sent', attempts: 1, lastError: null },
      { userId: USERS[1].id, channel: 'email', status: 'skipped', attempts: 0, lastError: null },
      { userId: USERS[1].id, channel: 'webhook', status: 'sent', attempts: 1, lastError: null },
    ]),
  );
});

test('a webhook answering 500 is tried eight times over about 20 minutes, then recorded failed; the e-mail goes out regardless', async () => {
  const event = decisionSigned();
  const { notificationIds: ids } = await testbed.activities.notify(event);
  testbed.webhook.status = 500;
  const startedAt = await testbed.env.currentTimeMs();

  expect(await deliver(ids)).toEqual({ sent: 1, failed: 2 });

  // 10 s doubling to at most 10 minutes between the eight attempts: 10+20+40+80+160+320+600 s.
  expect((await testbed.env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(1230_000);
  expect(testbed.webhookCallsAbout(ids)).toHaveLength(16);
  expect(testbed.mailsAbout(ids)).toHaveLength(1);
  const failed = { status: 'failed', attempts: 8, lastError: 'the webhook answered 500 Internal Server Error' };
  expect(await testbed.deliveriesOf(event)).toEqual(
    expect.arrayContaining([
      { userId: USERS[0].id, channel: 'email', status: 'sent', attempts: 1, lastError: null },
      { userId: USERS[0].id, channel: 'webhook', ...failed },
      { userId: USERS[1].id, channel: 'webhook', ...failed },
    ]),
  );
});
