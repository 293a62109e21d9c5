// A write of the support that fails for good after its case's workflow has ended, on a test server
// of its own (a support outliving its case stops the server's time-skipping for later tests,
// temporalio/sdk-typescript#1101): the support shows the attention on the case itself, and a retry
// sent to the support writes the change and clears it.
import { ApplicationFailure } from '@temporalio/client';
import { ACTIVITY_FAILURE_TYPES, type SupportChange, supportWorkflowIdFor } from '../../domain/types';
import type { supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';
import { SUPPORT_POLICY, WorkflowTestbed, eventually, organizer, supportedActivities, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
jest.setTimeout(30_000);

testbedPerFile((started) => (testbed = started));

const finance = { userId: 'u-finance', username: 'ke.toan' };

test('the case shows the attention of its support, and the support takes the retry', async () => {
  const changes: SupportChange[] = [];
  const activities = supportedActivities(SUPPORT_POLICY, changes);
  const record = activities.recordSupportChange.getMockImplementation()!;
  let refusals = 1;
  activities.recordSupportChange.mockImplementation(async (input) => {
    if (input.change.kind === 'approved' && refusals-- > 0) throw ApplicationFailure.nonRetryable('the database refused the write', ACTIVITY_FAILURE_TYPES.databaseRefused);
    return record(input);
  });
  await testbed.withCase(
    async (c) => {
      const support = testbed.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(c.input.id));
      const { termEndsAt } = await c.toActive();
      await c.sleepUntil(termEndsAt!);
      await eventually(() => c.projected('term_end_reached').length === 1);
      await c.closingEvaluations();
      expect((await c.decideTermEnd({ outcome: 'return' })).status).toBe('completed');
      await eventually(async () => (await c.handle.describe()).status.name === 'COMPLETED');

      const approved = await support.executeUpdate(messages.approveSupport, { args: [{ note: 'Chi bù', actor: finance }] });
      expect(approved.status).toBe('approved');
      await eventually(() => activities.recordAttention.mock.calls.length === 1);
      expect(activities.recordAttention).toHaveBeenCalledWith({
        caseId: c.input.id,
        attention: { reason: 'write_refused', since: expect.any(String), step: 'support_approved', source: 'support' },
      });
      expect(changes).toEqual([]);

      await support.executeUpdate(messages.retrySupport, { args: [{ actor: organizer }] });
      expect(changes.map((change) => change.kind)).toEqual(['approved']);
      expect(activities.recordAttention).toHaveBeenLastCalledWith({ caseId: c.input.id, attention: null });
      await expect(support.executeUpdate(messages.retrySupport, { args: [{ actor: organizer }] })).rejects.toThrow();
    },
    activities,
    { termMonths: 6, reviewIntervalMonths: 3, distanceKm: 30 },
  );
});
