// Writes that fail, on the time-skipping test server with mocked activities: a fault retried a
// few times then going through leaves the case as if nothing happened (every step projected once,
// in order); a failure no retry can fix makes the case wait for a person, visibly (attention, an
// organizer told), never stuck: a retry once the cause is gone, or a withdrawal, resolves it. A
// notification that cannot be written is logged and the case goes on.
import { ApplicationFailure } from '@temporalio/client';
import { actionsToDecision } from '../support/domain-fixtures';
import type { ProjectCaseInput } from '../../activities';
import { ACTIVITY_FAILURE_TYPES, type CaseState, FAILURE_TYPES, type SupportChange, supportWorkflowIdFor } from '../../domain/types';
import type { supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';
import {
  type CaseUnderTest,
  type MockActivities,
  SUPPORT_POLICY,
  WorkflowTestbed,
  eventually,
  expectRefused,
  mockActivities,
  supportedActivities,
  testbedPerFile,
} from './harness';

let testbed: WorkflowTestbed;
// Retries back off in real time (1 s, then 2 s); the margin is for a busy machine.
jest.setTimeout(45_000);

testbedPerFile((started) => (testbed = started));

const finance = { userId: 'u-finance', username: 'ke.toan' };
const fault = () => new Error('Connection terminated unexpectedly');
const refused = () => ApplicationFailure.nonRetryable('the database refused the write (22P05): unsupported Unicode escape sequence', ACTIVITY_FAILURE_TYPES.databaseRefused);
const retained = () =>
  ApplicationFailure.nonRetryable('party_secretary at unit unit-commune-an-lam is retained for rotation case case-other', ACTIVITY_FAILURE_TYPES.positionRetained);

type AnyMock = jest.Mock<Promise<unknown>, never[]>;

/** `mock` fails with `failure` on its first `times` calls that `when` picks, then does what it did before. */
function failing<M extends MockActivities[keyof MockActivities]>(mock: M, failure: () => Error, times: number, when: (...args: Parameters<M>) => boolean = () => true): void {
  const before = mock.getMockImplementation()!;
  let failed = 0;
  (mock as unknown as AnyMock).mockImplementation(async (...args: never[]) => {
    if (failed < times && when(...(args as unknown as Parameters<M>))) {
      failed++;
      throw failure();
    }
    return (before as unknown as (...a: never[]) => Promise<unknown>)(...args);
  });
}

/** Activities whose projections are kept as written, failed attempts left out. */
function recording(activities = mockActivities()): { activities: MockActivities; written: ProjectCaseInput[] } {
  const written: ProjectCaseInput[] = [];
  activities.projectCase.mockImplementation(async (input) => {
    written.push(input);
  });
  return { activities, written };
}

const step = (action: string) => (input: ProjectCaseInput) => input.event.action === action;

/**
 * Every version written once, in order; the versions of attentions are recorded on their own, and
 * those of `undone` changes (taken back) never.
 */
function expectWrittenOnceInOrder(written: ProjectCaseInput[], activities: MockActivities, undone: number[] = []): void {
  const versions = written.map(({ state }) => state.version);
  expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  const attentions = activities.recordAttention.mock.calls.flatMap(([{ event }]) => (event ? [event.seq] : []));
  const all = [...versions, ...attentions, ...undone].sort((a, b) => a - b);
  expect(all).toEqual(all.map((_, i) => i + 2));
  for (const { state, event } of written) expect(event.seq).toBe(state.version);
}

function support(c: CaseUnderTest) {
  return testbed.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(c.input.id));
}

async function approveSupport(c: CaseUnderTest) {
  await eventually(
    async () =>
      (await support(c)
        .query(messages.getSupport)
        .catch(() => null)) !== null,
  );
  return support(c).executeUpdate(messages.approveSupport, { args: [{ note: 'Đồng ý', actor: finance }] });
}

/** The case waits for a person: it says why, the organizers are told, and no other step is taken. */
async function expectWaiting(c: CaseUnderTest, attention: Partial<NonNullable<CaseState['attention']>>): Promise<CaseState> {
  await eventually(async () => Boolean((await c.state()).attention));
  const state = await c.state();
  expect(state.attention).toEqual({ since: expect.any(String), ...attention });
  await eventually(() => c.notices('case_attention').length > 0);
  expect(c.notices('case_attention').at(-1)).toMatchObject({
    params: { reason: attention.reason },
    audience: { roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] }] },
  });
  expect(c.activities.recordAttention).toHaveBeenLastCalledWith({
    caseId: c.input.id,
    attention: state.attention,
    event: expect.objectContaining({ action: 'attention_needed', seq: state.version }),
  });
  await expectRefused(c, () => c.consult('cadre'), FAILURE_TYPES.conflict);
  return state;
}

describe('a write that fails for a while, then goes through', () => {
  test('projecting a step: the step answers once written, and every step is written once, in order', async () => {
    const { activities, written } = recording();
    failing(activities.projectCase, fault, 2, step('consultation_recorded'));
    await testbed.withCase(async (c) => {
      await c.consult('cadre');
      await c.consult('sending_unit');
      expect((await c.consult('receiving_unit')).status).toBe('appraisal');
      await c.appraise();
      await c.votes('for', 'for', 'for');
      await c.sign(await c.dateInDays(30));
      expect(written.map((w) => w.event.action)).toEqual(actionsToDecision(3));
      expectWrittenOnceInOrder(written, activities);
      expect((await c.state()).attention).toBeNull();
    }, activities);
  });

  test('taking up the post, settling the posts and telling people', async () => {
    const { activities, written } = recording();
    failing(activities.takeUpPost, fault, 2);
    failing(activities.settlePosts, fault, 1);
    failing(activities.notify, fault, 2);
    await testbed.withCase(async (c) => {
      expect((await c.toActive()).status).toBe('active');
      expect(activities.takeUpPost).toHaveBeenCalledTimes(3);
      expect((await c.terminate()).status).toBe('terminated');
      expect(activities.settlePosts).toHaveBeenCalledTimes(2);
      await eventually(() => c.notices('decision_signed').length === 1);
      expect(written.map((w) => w.event.action).slice(-2)).toEqual(['activated', 'terminated']);
      expectWrittenOnceInOrder(written, activities);
      expect(activities.recordAttention).not.toHaveBeenCalled();
    }, activities);
  });

  test('planning and recording the support', async () => {
    const changes: SupportChange[] = [];
    const activities = supportedActivities(SUPPORT_POLICY, changes);
    failing(activities.planSupport, fault, 2);
    failing(activities.recordSupportChange, fault, 1);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(10));
      expect((await approveSupport(c)).status).toBe('approved');
      expect(changes.map((change) => change.kind)).toEqual(['approved']);
      expect(activities.planSupport).toHaveBeenCalledTimes(3);
      expect((await c.state()).attention).toBeNull();
    }, activities);
  });
});

describe('a write that fails for good', () => {
  test('projecting a step: the step answers at once, the case waits for a person, and a retry writes it and goes on', async () => {
    const { activities, written } = recording();
    failing(activities.projectCase, refused, 1, step('consultation_recorded'));
    await testbed.withCase(async (c) => {
      const answered = await c.consult('cadre');
      expect(answered.attention).toMatchObject({ reason: 'write_refused', source: 'case', step: 'consultation_recorded' });
      await expectWaiting(c, { reason: 'write_refused', source: 'case', step: 'consultation_recorded' });
      expect(written).toEqual([]);

      const retried = await c.retry();
      expect(retried).toMatchObject({ attention: null, consultations: [expect.objectContaining({ party: 'cadre' })] });
      expect(written.map((w) => w.event.action)).toEqual(['consultation_recorded', 'retried']);
      await c.consult('sending_unit');
      expect((await c.consult('receiving_unit')).status).toBe('appraisal');
      expectWrittenOnceInOrder(written, activities);
      await expectRefused(c, () => c.retry(), FAILURE_TYPES.conflict);
    }, activities);
  });

  test('projecting a step: a withdrawal resolves it and ends the case', async () => {
    const { activities, written } = recording();
    failing(activities.projectCase, refused, 1, step('consultation_recorded'));
    await testbed.withCase(async (c) => {
      await c.consult('cadre');
      await expectWaiting(c, { reason: 'write_refused', source: 'case', step: 'consultation_recorded' });
      expect((await c.withdraw()).status).toBe('withdrawn');
      expect(written.map((w) => w.event.action)).toEqual(['consultation_recorded', 'withdrawn']);
      expect(written.at(-1)!.state.attention).toBeNull();
      await eventually(async () => (await c.handle.describe()).status.name === 'COMPLETED');
    }, activities);
  });

  test('taking up a post kept for another case: the case stays decided, waiting, and is withdrawn', async () => {
    const { activities, written } = recording();
    failing(activities.takeUpPost, retained, Infinity);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(0));
      const waiting = await expectWaiting(c, { reason: 'position_retained', source: 'case', step: 'activated' });
      expect(waiting).toMatchObject({ status: 'decided', activatedAt: null });
      expect(written.map((w) => w.event.action)).not.toContain('activated');

      expect((await c.withdraw()).status).toBe('withdrawn');
      expect(activities.takeUpPost).toHaveBeenCalledTimes(1);
      expect(written.at(-1)).toMatchObject({ event: { action: 'withdrawn' }, state: { status: 'withdrawn', attention: null } });
      // The activation was taken back: its version is never written.
      expectWrittenOnceInOrder(written, activities, [waiting.version - 1]);
    }, activities);
  });

  test('taking up a post kept for another case: once it is free, a retry activates the case', async () => {
    const { activities, written } = recording();
    failing(activities.takeUpPost, retained, 1);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(0));
      const waiting = await expectWaiting(c, { reason: 'position_retained', source: 'case', step: 'activated' });

      expect(await c.retry()).toMatchObject({ status: 'decided', attention: null });
      await eventually(() => written.some((w) => w.event.action === 'activated'));
      expect(await c.state()).toMatchObject({ status: 'active', attention: null });
      expect(written.map((w) => w.event.action).slice(-2)).toEqual(['retried', 'activated']);
      expectWrittenOnceInOrder(written, activities, [waiting.version - 1]);
    }, activities);
  });

  test('settling the posts when the term is cut short: the case waits, ended, until a retry settles them', async () => {
    const { activities, written } = recording();
    failing(activities.settlePosts, retained, 1);
    await testbed.withCase(async (c) => {
      await c.toActive();
      expect(await c.terminate()).toMatchObject({ status: 'terminated', attention: { reason: 'position_retained', step: 'terminated' } });
      await eventually(async () => Boolean((await c.state()).attention));
      expect(written.map((w) => w.event.action)).not.toContain('terminated');
      expect((await c.handle.describe()).status.name).toBe('RUNNING');

      expect((await c.retry()).attention).toBeNull();
      expect(activities.settlePosts).toHaveBeenCalledTimes(2);
      expect(written.map((w) => w.event.action).slice(-2)).toEqual(['terminated', 'retried']);
      expectWrittenOnceInOrder(written, activities);
      await eventually(async () => (await c.handle.describe()).status.name === 'COMPLETED');
    }, activities);
  });

  test('writing notifications: logged, and the case goes on', async () => {
    const { activities, written } = recording();
    failing(activities.notify, refused, Infinity);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(30));
      expect(written.at(-1)!.event.action).toBe('decision_signed');
      expect((await c.state()).attention).toBeNull();
      expect(activities.recordAttention).not.toHaveBeenCalled();
      expect(activities.notify.mock.calls.length).toBeGreaterThan(3);
    }, activities);
  });

  test('planning the support: the case waits for a person, and a retry plans it', async () => {
    const activities = supportedActivities(SUPPORT_POLICY, []);
    failing(activities.planSupport, refused, 1);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(10));
      await expectWaiting(c, { reason: 'write_refused', source: 'support', step: 'support_planned' });

      expect((await c.retry()).attention).toBeNull();
      await eventually(async () => (await support(c).query(messages.getSupport)) !== null);
      expect(activities.planSupport).toHaveBeenCalledTimes(2);
    }, activities);
  });

  test('recording a change of the support: the step answers, the case waits for a person, and a retry records it', async () => {
    const changes: SupportChange[] = [];
    const activities = supportedActivities(SUPPORT_POLICY, changes);
    failing(activities.recordSupportChange, refused, 1);
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(10));
      expect((await approveSupport(c)).status).toBe('approved');
      await expectWaiting(c, { reason: 'write_refused', source: 'support', step: 'support_approved' });
      expect(changes).toEqual([]);

      expect((await c.retry()).attention).toBeNull();
      await eventually(() => changes.length === 1);
      expect(changes[0]).toMatchObject({ kind: 'approved', approvedBy: finance.userId });
    }, activities);
  });
});
