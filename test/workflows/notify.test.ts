// notifyAndDeliver as the case workflow calls it, with the real activities and receivers: the
// notifications are written before the caller goes on, and their delivery runs as a workflow of
// its own that the caller does not wait for and that outlives it.
import { type NotifyInput, notificationDeliveryWorkflowIdFor } from '../../domain/notifications';
import { NotificationTestbed, decisionSigned } from './notification-testbed';
import { type notificationDeliveryWorkflow, notifyingWorkflow } from './notifying-workflow';

jest.setTimeout(60_000);

let testbed: NotificationTestbed;

beforeAll(async () => {
  testbed = await NotificationTestbed.start();
}, 180_000);

afterAll(() => testbed?.teardown());

test('the caller ends while its delivery is still under way; the delivery, an abandoned child, still sends everything', async () => {
  const event = decisionSigned();
  const parentId = `notifying-${event.key}`;
  const releaseWebhook = testbed.webhook.hold();

  const result = await testbed.withWorker(async (taskQueue) => {
    await testbed.env.client.workflow.execute(notifyingWorkflow, { taskQueue, workflowId: parentId, args: [[event]] });
    const delivery = testbed.env.client.workflow.getHandle<typeof notificationDeliveryWorkflow>(notificationDeliveryWorkflowIdFor(event.key));
    const { status, raw } = await delivery.describe();
    expect({ status: status.name, parent: raw.workflowExecutionInfo?.parentExecution?.workflowId }).toEqual({ status: 'RUNNING', parent: parentId });
    releaseWebhook();
    return delivery.result();
  });

  expect(result).toEqual({ sent: 3, failed: 0 });
  const ids = await testbed.notificationIdsOf(event);
  expect(ids).toHaveLength(2);
  expect(testbed.mailsAbout(ids)).toHaveLength(1);
  expect(testbed.webhookCallsAbout(ids)).toHaveLength(2);
  expect((await testbed.deliveriesOf(event)).map((d) => d.status).sort()).toEqual(['sent', 'sent', 'sent', 'skipped']);
});

test('the same event notified again while its delivery runs, as by a retried step, is written and sent once', async () => {
  const event = decisionSigned();
  const releaseWebhook = testbed.webhook.hold();
  await testbed.withWorker(async (taskQueue) => {
    // Both notifies finish while the first delivery is held up, so the second finds it running.
    await testbed.env.client.workflow.execute(notifyingWorkflow, { taskQueue, workflowId: `notifying-${event.key}`, args: [[event, event]] });
    releaseWebhook();
    await testbed.env.client.workflow.getHandle<typeof notificationDeliveryWorkflow>(notificationDeliveryWorkflowIdFor(event.key)).result();
  });

  const ids = await testbed.notificationIdsOf(event);
  expect(ids).toHaveLength(2);
  expect(testbed.mailsAbout(ids)).toHaveLength(1);
  expect(testbed.webhookCallsAbout(ids)).toHaveLength(2);
});

test('an event nobody is to hear about writes nothing and starts no delivery', async () => {
  const event: NotifyInput = { ...decisionSigned(), audience: { userIds: ['no-such-user'] } };
  await testbed.withWorker((taskQueue) => testbed.env.client.workflow.execute(notifyingWorkflow, { taskQueue, workflowId: `notifying-${event.key}`, args: [[event]] }));
  expect(await testbed.notificationIdsOf(event)).toEqual([]);
  await expect(testbed.env.client.workflow.getHandle(notificationDeliveryWorkflowIdFor(event.key)).describe()).rejects.toThrow(/not found/i);
});

test('with no delivery channel configured the notifications are written and no delivery workflow is started', async () => {
  const event = decisionSigned();
  await testbed.withWorker((taskQueue) => testbed.env.client.workflow.execute(notifyingWorkflow, { taskQueue, workflowId: `notifying-${event.key}`, args: [[event]] }), 'none');
  expect(await testbed.notificationIdsOf(event)).toHaveLength(2);
  expect(await testbed.deliveriesOf(event)).toEqual([]);
  await expect(testbed.env.client.workflow.getHandle(notificationDeliveryWorkflowIdFor(event.key)).describe()).rejects.toThrow(/not found/i);
});
