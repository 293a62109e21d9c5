// The support of a case that completed its term, on a test server of its own: the case closes
// while its support (an abandoned child) still runs, and after that the time-skipping test server
// stops skipping time for every later test on it (temporalio/sdk-typescript#1101).
import { type SupportChange, type SupportPolicyTerms, supportWorkflowIdFor } from '../../domain/types';
import type { supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';
import { WorkflowTestbed, eventually, supportedActivities, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
jest.setTimeout(30_000);

testbedPerFile((started) => (testbed = started));

describe('the support of a completed term', () => {
  const policy: SupportPolicyTerms = {
    version: 1,
    effectiveFrom: '2020-01-01',
    oneTimeVnd: 50_000_000,
    monthlySupplementVnd: 3_000_000,
    housingAllowanceVnd: 0,
    transportTiers: [],
    earlySalaryRaise: false,
  };
  const finance = { userId: 'u-finance', username: 'ke.toan' };

  test('a return cancels nothing: the support waits for what is owed to be approved and paid, then ends', async () => {
    const changes: SupportChange[] = [];
    const activities = supportedActivities(policy, changes);
    await testbed.withCase(
      async (c) => {
        const support = testbed.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(c.input.id));
        const { termEndsAt } = await c.toActive();
        await eventually(() => activities.planSupport.mock.calls.length === 1);
        await c.sleepUntil(termEndsAt!);
        await eventually(() => c.projected('term_end_reached').length === 1);
        // Not handle.result(): waiting on a result lets the test server skip time while the support still runs.
        await c.closingEvaluations();
        expect((await c.decideTermEnd({ outcome: 'return' })).status).toBe('completed');
        await eventually(async () => Boolean((await support.query(messages.getSupport))?.caseCompletedAt));

        // Finance never approved during the term: every payment is still owed, none cancelled.
        let state = (await support.query(messages.getSupport))!;
        expect(state).toMatchObject({ status: 'awaiting_approval', stoppedAt: null });
        expect(state.payments.every((p) => p.status === 'scheduled')).toBe(true);
        expect((await support.describe()).status.name).toBe('RUNNING');

        state = await support.executeUpdate(messages.approveSupport, { args: [{ note: 'Chi bù', actor: finance }] });
        const owed = state.payments.filter((p) => p.status === 'due');
        expect(owed).toHaveLength(1 + 6);
        for (const p of owed) {
          await support.executeUpdate(messages.markPaymentPaid, {
            args: [{ paymentId: p.id, paidAt: new Date(await c.now()).toISOString(), reference: `UNC-${p.period}`, actor: finance }],
          });
        }
        await eventually(async () => (await support.describe()).status.name === 'COMPLETED');
        const final = (await support.query(messages.getSupport))!;
        expect(final.payments.every((p) => p.status === 'paid')).toBe(true);
        expect(changes.map((ch) => ch.kind)).not.toContain('stopped');
      },
      activities,
      { termMonths: 6, reviewIntervalMonths: 3, distanceKm: 30 },
    );
  });
});
