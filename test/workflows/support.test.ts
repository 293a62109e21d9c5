// The support workflow on the time-skipping test server, with mocked activities: payments fall
// due on their days through durable timers, approval arriving late catches up at once, the end
// of a case stops what has not fallen due, and the case workflow starts and stops its support.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { addDays, localDate, startOfLocalDay } from '../../domain/calendar';
import { supportPlan } from '../../domain/support';
import { FAILURE_TYPES, type PaymentComponent, type SupportChange, type SupportInput, type SupportState, supportWorkflowIdFor } from '../../domain/types';
import { supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';
import { WorkflowTestbed, eventually, type MockActivities, mockActivities, SUPPORT_POLICY, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
jest.setTimeout(30_000);

testbedPerFile((started) => (testbed = started));

const finance = { userId: 'u-finance', username: 'ke.toan.nam.sach' };
const policy = SUPPORT_POLICY;

interface Write {
  /** The test server's clock when the activity ran. */
  at: number;
  change: SupportChange;
}

/** Activities that plan from `policy` and keep every write with the server time it happened at. */
function plannedFromPolicy(writes: Write[]): MockActivities {
  const activities = mockActivities();
  activities.planSupport.mockImplementation(async (input) => supportPlan([policy], { ...input, nextSalaryRaiseDate: null }));
  activities.recordSupportChange.mockImplementation(async ({ change }) => {
    writes.push({ at: await testbed.env.currentTimeMs(), change });
  });
  return activities;
}

class SupportUnderTest {
  constructor(
    readonly handle: WorkflowHandle<typeof supportWorkflow>,
    readonly writes: Write[],
    readonly input: SupportInput,
  ) {}

  async state(): Promise<SupportState> {
    await eventually(async () => (await this.handle.query(messages.getSupport)) !== null);
    return (await this.handle.query(messages.getSupport))!;
  }

  approve(): Promise<SupportState> {
    return this.handle.executeUpdate(messages.approveSupport, { args: [{ note: 'Đồng ý chi hỗ trợ', actor: finance }] });
  }

  async pay(paymentId: string): Promise<SupportState> {
    const paidAt = new Date(await testbed.env.currentTimeMs()).toISOString();
    return this.handle.executeUpdate(messages.markPaymentPaid, { args: [{ paymentId, paidAt, reference: `UNC-${paymentId}`, actor: finance }] });
  }

  /** Ids made due by the writes so far, in order. */
  dueIds(): string[] {
    return this.writes.flatMap(({ change }) => (change.kind === 'due' ? change.paymentIds : change.kind === 'approved' || change.kind === 'stopped' ? change.duePaymentIds : []));
  }

  id(component: PaymentComponent, period: number): string {
    return `${this.input.caseId}:${component}:${period}`;
  }
}

async function withSupport(scenario: (s: SupportUnderTest) => Promise<void>, options: { effectiveInDays?: number; termMonths?: number } = {}): Promise<void> {
  const writes: Write[] = [];
  const now = new Date(await testbed.env.currentTimeMs());
  const input: SupportInput = {
    caseId: randomUUID(),
    cadreId: 'cadre-dang-van-khoa',
    signedAt: now.toISOString(),
    effectiveDate: localDate(addDays(now, options.effectiveInDays ?? 10)),
    termMonths: options.termMonths ?? 24,
    distanceKm: 30,
    officialHousing: false,
  };
  await testbed.withWorker(plannedFromPolicy(writes), async (taskQueue) => {
    const handle = await testbed.env.client.workflow.start(supportWorkflow, { taskQueue, workflowId: supportWorkflowIdFor(input.caseId), args: [input] });
    try {
      await scenario(new SupportUnderTest(handle, writes, input));
    } finally {
      // A timer left without a worker would stop the test server from skipping time for the next test.
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
    }
  });
}

async function expectRefused(attempt: Promise<unknown>, type: string): Promise<void> {
  const error = await attempt.then(
    () => new Error(`expected a ${type} refusal`),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(type);
}

describe('support workflow', () => {
  test('a 24-month case: 1 one-time + 24 supplement + 24 housing + 24 transport payments, each due on its day', async () => {
    await withSupport(async (s) => {
      const planned = await s.state();
      const byComponent = (component: string) => planned.payments.filter((p) => p.component === component).length;
      expect([byComponent('one_time'), byComponent('monthly_supplement'), byComponent('housing_allowance'), byComponent('transport_allowance')]).toEqual([1, 24, 24, 24]);
      expect(planned).toMatchObject({ status: 'awaiting_approval', policyVersion: 1 });

      expect((await s.approve()).status).toBe('approved');
      expect(s.dueIds()).toEqual([]);

      await testbed.env.sleep('760 days');
      await eventually(() => s.dueIds().length === 73);

      const dueDateOf = new Map(planned.payments.map((p) => [p.id, p.dueDate]));
      const dueWrites = s.writes.filter((w) => w.change.kind === 'due');
      // The one-time support falls due with the first month: 24 distinct days.
      expect(dueWrites).toHaveLength(24);
      const days = dueWrites.map(({ at, change }) => {
        const dates = new Set((change as Extract<SupportChange, { kind: 'due' }>).paymentIds.map((id) => dueDateOf.get(id)));
        expect(dates.size).toBe(1);
        const [day] = dates;
        expect(localDate(new Date(at))).toBe(day);
        return day;
      });
      expect(days).toEqual([...new Set(planned.payments.map((p) => p.dueDate))]);
      expect(new Set(s.dueIds()).size).toBe(73);
      expect((await s.state()).payments.every((p) => p.status === 'due')).toBe(true);
    });
  });

  test('approval arriving late makes every earlier-dated payment due at once, later ones on their day', async () => {
    await withSupport(
      async (s) => {
        const planned = await s.state();
        await testbed.env.sleep('100 days');
        expect(s.writes).toEqual([]);

        const approved = await s.approve();
        const now = await testbed.env.currentTimeMs();
        const fallen = planned.payments.filter((p) => Date.parse(startOfLocalDay(p.dueDate)) <= now).map((p) => p.id);
        expect(fallen).toHaveLength(1 + 4 * 3);
        expect(s.writes).toEqual([{ at: expect.any(Number), change: expect.objectContaining({ kind: 'approved', duePaymentIds: fallen }) }]);
        expect(approved.payments.filter((p) => p.status === 'due').map((p) => p.id)).toEqual(fallen);

        await testbed.env.sleep('31 days');
        await eventually(() => s.dueIds().length === fallen.length + 3);
        expect(s.dueIds().slice(-3)).toEqual([s.id('monthly_supplement', 5), s.id('housing_allowance', 5), s.id('transport_allowance', 5)]);
      },
      { effectiveInDays: 0 },
    );
  });

  test('stopped in month 7: no further payment falls due, the due ones stay payable, and it ends once they are paid', async () => {
    await withSupport(async (s) => {
      await s.approve();
      await testbed.env.sleep('200 days');
      await eventually(() => s.dueIds().length === 1 + 7 * 3);

      await s.handle.signal(messages.stopSupport, { at: new Date(await testbed.env.currentTimeMs()).toISOString(), reason: 'terminated' });
      await eventually(() => s.writes.some((w) => w.change.kind === 'stopped'));
      const stopped = await s.state();
      expect(stopped.status).toBe('stopped');
      expect(stopped.payments.filter((p) => p.status === 'cancelled')).toHaveLength(17 * 3);

      await expectRefused(s.pay(s.id('monthly_supplement', 8)), FAILURE_TYPES.conflict);
      await expectRefused(s.pay('no-such-payment'), FAILURE_TYPES.not_found);
      await expectRefused(s.approve(), FAILURE_TYPES.conflict);

      await testbed.env.sleep('400 days');
      expect(s.dueIds()).toHaveLength(22);

      const due = stopped.payments.filter((p) => p.status === 'due');
      await s.pay(due[0].id);
      await expectRefused(s.pay(due[0].id), FAILURE_TYPES.conflict);
      for (const p of due.slice(1)) await s.pay(p.id);
      const final = await s.handle.result();
      expect(final.payments.filter((p) => p.status === 'paid')).toHaveLength(22);
      expect(final.payments.every((p) => p.status === 'paid' || p.status === 'cancelled')).toBe(true);
    });
  });

  test('a payment not yet due, and a second approval, are refused', async () => {
    await withSupport(async (s) => {
      await expectRefused(s.pay(s.id('one_time', 0)), FAILURE_TYPES.conflict);
      await s.approve();
      await expectRefused(s.approve(), FAILURE_TYPES.conflict);
      await expectRefused(s.pay(s.id('one_time', 0)), FAILURE_TYPES.conflict);
      expect(s.writes.map((w) => w.change.kind)).toEqual(['approved']);
    });
  });

  test('an extended term: the monthly components go on for the extra months', async () => {
    await withSupport(
      async (s) => {
        await s.approve();
        await s.handle.signal(messages.extendSupport, { months: 2 });
        await eventually(() => s.writes.some((w) => w.change.kind === 'extended'));
        const extended = await s.state();
        expect(extended.termMonths).toBe(8);
        expect(extended.payments).toHaveLength(1 + 8 * 3);

        await testbed.env.sleep('250 days');
        await eventually(() => s.dueIds().length === 25);
        expect(s.dueIds().slice(-3)).toEqual([s.id('monthly_supplement', 8), s.id('housing_allowance', 8), s.id('transport_allowance', 8)]);
      },
      { termMonths: 6 },
    );
  });

  test('without a policy in force it waits for one, with nothing to pay, and ends without one when the case ends', async () => {
    const writes: Write[] = [];
    const activities = plannedFromPolicy(writes);
    activities.planSupport.mockImplementation(async () => ({ status: 'no_policy', policyVersion: null, entitlements: [], payments: [] }));
    await testbed.withWorker(activities, async (taskQueue) => {
      const caseId = randomUUID();
      const input: SupportInput = { caseId, cadreId: 'c', signedAt: '2026-01-01', effectiveDate: '2026-02-01', termMonths: 12, distanceKm: null, officialHousing: false };
      const handle = await testbed.env.client.workflow.start(supportWorkflow, { taskQueue, workflowId: supportWorkflowIdFor(caseId), args: [input] });
      await eventually(async () => (await handle.query(messages.getSupport))?.status === 'no_policy');
      await testbed.env.sleep('30 days');
      expect((await handle.describe()).status.name).toBe('RUNNING');

      // A version saved that is not in force on the signing date plans nothing.
      await handle.signal(messages.supportPolicySaved);
      await eventually(() => activities.planSupport.mock.calls.length === 2);
      await expectRefused(handle.executeUpdate(messages.approveSupport, { args: [{ note: '', actor: finance }] }), FAILURE_TYPES.conflict);

      await handle.signal(messages.stopSupport, { at: new Date(await testbed.env.currentTimeMs()).toISOString(), reason: 'withdrawn' });
      expect(await handle.result()).toMatchObject({ status: 'no_policy', payments: [] });
      expect(writes).toEqual([]);
    });
  });

  test('a policy saved later, in force on the signing date, plans the waiting support; finance approves and pays it', async () => {
    const writes: Write[] = [];
    const activities = plannedFromPolicy(writes);
    let saved = false;
    activities.planSupport.mockImplementation(async (input) =>
      saved ? supportPlan([policy], { ...input, nextSalaryRaiseDate: null }) : { status: 'no_policy', policyVersion: null, entitlements: [], payments: [] },
    );
    await testbed.withWorker(activities, async (taskQueue) => {
      const now = new Date(await testbed.env.currentTimeMs());
      const caseId = randomUUID();
      const input: SupportInput = { caseId, cadreId: 'c', signedAt: now.toISOString(), effectiveDate: localDate(now), termMonths: 6, distanceKm: 30, officialHousing: false };
      const handle = await testbed.env.client.workflow.start(supportWorkflow, { taskQueue, workflowId: supportWorkflowIdFor(caseId), args: [input] });
      try {
        await eventually(async () => (await handle.query(messages.getSupport))?.status === 'no_policy');
        // The term was extended while the support waited: the plan counts the extra months.
        await handle.signal(messages.extendSupport, { months: 2 });
        await testbed.env.sleep('40 days');

        saved = true;
        await handle.signal(messages.supportPolicySaved);
        await eventually(async () => (await handle.query(messages.getSupport))?.status === 'awaiting_approval');
        expect(activities.planSupport).toHaveBeenLastCalledWith({ ...input, termMonths: 8 });
        const planned = (await handle.query(messages.getSupport))!;
        expect(planned).toMatchObject({ policyVersion: 1, termMonths: 8 });
        expect(planned.payments).toHaveLength(1 + 8 * 3);

        // Approved 40 days on: the one-time support and the first two months fall due at once.
        const approved = await handle.executeUpdate(messages.approveSupport, { args: [{ note: 'Đồng ý', actor: finance }] });
        const due = approved.payments.filter((p) => p.status === 'due');
        expect(due.map((p) => `${p.component}:${p.period}`).sort()).toEqual(
          ['one_time:0', ...[1, 2].flatMap((m) => [`housing_allowance:${m}`, `monthly_supplement:${m}`, `transport_allowance:${m}`])].sort(),
        );
        const paidAt = new Date(await testbed.env.currentTimeMs()).toISOString();
        await handle.executeUpdate(messages.markPaymentPaid, { args: [{ paymentId: due[0].id, paidAt, reference: 'UNC-1', actor: finance }] });
        expect(writes.map((w) => w.change.kind)).toEqual(['approved', 'paid']);
      } finally {
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
      }
    });
  });
});

describe('the case workflow and its support', () => {
  test('starts the support when the decision is signed and stops it when the case is withdrawn', async () => {
    const writes: Write[] = [];
    const activities = plannedFromPolicy(writes);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      const effectiveDate = await c.dateInDays(30);
      const decided = await c.sign(effectiveDate);
      await eventually(() => activities.planSupport.mock.calls.length === 1);
      expect(activities.planSupport).toHaveBeenCalledWith({
        caseId: c.input.id,
        cadreId: c.input.cadreId,
        signedAt: decided.decision!.signedAt,
        effectiveDate,
        termMonths: 36,
        distanceKm: null,
        officialHousing: false,
      });
      const support = testbed.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(c.input.id));
      expect((await support.describe()).status.name).toBe('RUNNING');

      await testbed.env.sleep('5 days');
      const withdrawn = await c.withdraw();
      expect((await c.handle.result()).status).toBe('withdrawn');
      const final = await support.result();
      expect(final).toMatchObject({ status: 'stopped', stoppedAt: withdrawn.endedAt });
      expect(final.payments.every((p) => p.status === 'cancelled')).toBe(true);
      expect(writes.map((w) => w.change.kind)).toEqual(['stopped']);
    }, activities);
  });
});
