import { addMonths, startOfLocalDay } from '../../domain/calendar';
import { actionsToDecision } from '../support/domain-fixtures';
import { FAILURE_TYPES, type CaseState } from '../../domain/types';
import { CADRE_ID, CADRE_MEMBER, CaseUnderTest, DECIDING_UNIT, WorkflowTestbed, eventually, expectRefused, members, mockActivities, organizer, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
// Each case takes about a second; the margin is for a busy CI machine running other suites alongside.
jest.setTimeout(20_000);

testbedPerFile((started) => (testbed = started));

/** Every write carries the next version, and its history event has seq = version. */
function expectProjectedInOrder(c: CaseUnderTest): void {
  const versions = c.projections().map(({ state }) => state.version);
  expect(versions).toEqual(versions.map((_, i) => i + 2));
  for (const { state, event } of c.projections()) expect(event.seq).toBe(state.version);
}

function actions(c: CaseUnderTest): string[] {
  return c.projections().map(({ event }) => event.action);
}

describe('rotation case workflow', () => {
  test('runs the whole path and activates on an effective date 30 days ahead', async () => {
    await testbed.withCase(async (c) => {
      expect((await c.state()).status).toBe('consultation');
      await c.consult('cadre', 'agree_with_concerns');
      await c.consult('sending_unit');
      expect((await c.consult('receiving_unit')).status).toBe('appraisal');

      const voting = await c.appraise();
      expect(voting).toMatchObject({ status: 'committee_vote', decidingUnitId: DECIDING_UNIT, votes: { members: 5, outcome: 'pending' } });

      expect((await c.votes('for', 'against', 'for')).status).toBe('committee_vote');
      expect((await c.vote(members[3], 'for')).status).toBe('decision_pending');
      expect(await c.state()).toMatchObject({ votes: { for: 3, against: 1, abstain: 0, outcome: 'passed' } });

      const effectiveDate = await c.dateInDays(30);
      const decided = await c.sign(effectiveDate);
      expect(decided).toMatchObject({ status: 'decided', effectiveDate, decision: { decisionNumber: '125-QĐ/HU' } });

      await testbed.env.sleep('29 days');
      expect((await c.state()).status).toBe('decided');
      expect(c.activities.takeUpPost).not.toHaveBeenCalled();

      await testbed.env.sleep('1 day');
      await eventually(() => actions(c).includes('activated'));
      const active = await c.state();
      expect(active).toMatchObject({
        status: 'active',
        nextReviewDueAt: startOfLocalDay(addMonths(effectiveDate, 6).slice(0, 10)),
        retainedPosition: c.input.retainedPosition,
      });
      expect(Date.parse(active.activatedAt!)).toBeGreaterThanOrEqual(Date.parse(startOfLocalDay(effectiveDate)));

      expect(c.activities.takeUpPost).toHaveBeenCalledTimes(1);
      expect(c.activities.takeUpPost).toHaveBeenCalledWith({
        caseId: c.input.id,
        cadreId: CADRE_ID,
        toUnitId: c.input.toUnitId,
        position: c.input.position,
        retainedPosition: c.input.retainedPosition,
      });
      const activation = c.activities.projectCase.mock.calls.findIndex(([{ event }]) => event.action === 'activated');
      expect(c.activities.takeUpPost.mock.invocationCallOrder[0]).toBeLessThan(c.activities.projectCase.mock.invocationCallOrder[activation]);

      expect(actions(c)).toEqual([...actionsToDecision(4), 'activated']);
      expectProjectedInOrder(c);
      expect(c.projections().at(-1)).toMatchObject({ state: { status: 'active' }, event: { actor: null } });
      expect(await c.acceptedUpdates()).toBe(9);
      expect((await c.handle.describe()).status.name).toBe('RUNNING');
    });
  });

  test('a return from appraisal opens a new consultation round and keeps the earlier one', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll({ sending_unit: 'object' });
      const returned = await c.appraise({ outcome: 'return', note: 'Làm rõ ý kiến đơn vị cử đi' });
      expect(returned).toMatchObject({ status: 'consultation', round: 2, consultations: [] });
      expect(returned.earlierConsultations.map((k) => [k.party, k.round])).toEqual([
        ['cadre', 1],
        ['sending_unit', 1],
        ['receiving_unit', 1],
      ]);

      expect((await c.consultAll()).status).toBe('appraisal');
      const state = await c.state();
      expect(state.consultations.map((k) => k.round)).toEqual([2, 2, 2]);
      expect(state.earlierConsultations).toHaveLength(3);
      expect((await c.appraise()).status).toBe('committee_vote');
      expect(actions(c)).toContain('appraisal_return');
      expectProjectedInOrder(c);
    });
  });

  test('the vote rejects the case as soon as it can no longer pass, and the workflow completes', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll();
      await c.appraise();
      expect((await c.votes('against', 'against')).status).toBe('committee_vote');
      const rejected = await c.vote(members[2], 'against');
      expect(rejected).toMatchObject({ status: 'rejected', votes: { against: 3, outcome: 'failed' } });

      const final = await c.handle.result();
      expect(final.status).toBe('rejected');
      expect(c.projections().at(-1)).toMatchObject({ state: { status: 'rejected' }, event: { action: 'vote_cast' } });
      expectProjectedInOrder(c);
    });
  });

  test('a step arriving while an ended case is being written is refused, and the case completes', async () => {
    const activities = mockActivities();
    let releaseWrite: () => void = () => undefined;
    await testbed.withCase(async (c) => {
      await c.consultAll();
      await c.appraise();
      await c.votes('against', 'against');
      activities.projectCase.mockImplementationOnce(() => new Promise<void>((resolve) => (releaseWrite = resolve)));
      const rejecting = c.vote(members[2], 'against');
      await eventually(() => activities.projectCase.mock.calls.length === 7);

      await expectRefused(c, () => c.vote(members[3], 'for'), FAILURE_TYPES.conflict);
      await expectRefused(c, () => c.withdraw(), FAILURE_TYPES.conflict);
      expect((await c.handle.describe()).status.name).toBe('RUNNING');

      releaseWrite();
      expect((await rejecting).status).toBe('rejected');
      expect((await c.handle.result()).status).toBe('rejected');
    }, activities);
  });

  test('withdrawal during consultation ends the case', async () => {
    await testbed.withCase(async (c) => {
      await c.consult('cadre');
      const withdrawn = await c.withdraw('Cán bộ xin nghỉ hưu trước tuổi');
      expect(withdrawn).toMatchObject({ status: 'withdrawn', endReason: 'Cán bộ xin nghỉ hưu trước tuổi', stepDueAt: null });
      expect((await c.handle.result()).status).toBe('withdrawn');
      expect(c.projections().at(-1)).toMatchObject({
        state: { status: 'withdrawn', version: 3 },
        event: { seq: 3, action: 'withdrawn', actor: organizer, detail: { from: 'consultation' } },
      });
    });
  });

  test('withdrawal while waiting for the effective date cancels the activation', async () => {
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(30));
      await testbed.env.sleep('10 days');
      expect((await c.withdraw()).status).toBe('withdrawn');
      expect((await c.handle.result()).status).toBe('withdrawn');
      expect(c.activities.takeUpPost).not.toHaveBeenCalled();
      expect(actions(c)).not.toContain('activated');
      expect(c.projections().at(-1)).toMatchObject({ event: { action: 'withdrawn', detail: { from: 'decided' } } });
    });
  });

  test('an effective date that has already begun activates the case at once', async () => {
    await testbed.withCase(async (c) => {
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(0));
      await eventually(() => actions(c).includes('activated'));
      expect((await c.state()).status).toBe('active');
      expect(c.activities.takeUpPost).toHaveBeenCalledTimes(1);
      expectProjectedInOrder(c);
    });
  });

  test('steps taken at the same time are written one at a time, in version order', async () => {
    const activities = mockActivities();
    let writing = 0;
    let mostAtOnce = 0;
    activities.projectCase.mockImplementation(async () => {
      mostAtOnce = Math.max(mostAtOnce, ++writing);
      await new Promise((resolve) => setTimeout(resolve, 30));
      writing--;
    });
    await testbed.withCase(async (c) => {
      const answers = await Promise.all([c.consult('cadre'), c.consult('sending_unit'), c.consult('receiving_unit')]);
      expect(answers.map((s) => s.version).sort()).toEqual([2, 3, 4]);
      expect(answers.find((s) => s.version === 4)?.status).toBe('appraisal');
      expect(mostAtOnce).toBe(1);
      expectProjectedInOrder(c);
    }, activities);
  });

  describe('refusals reach the client as typed failures and record nothing', () => {
    test('a step in the wrong status is a conflict', async () => {
      await testbed.withCase(async (c) => {
        await expectRefused(c, () => c.appraise(), FAILURE_TYPES.conflict);
        await expectRefused(c, () => c.vote(members[0], 'for'), FAILURE_TYPES.conflict);
        await expectRefused(c, () => c.sign('2030-01-01'), FAILURE_TYPES.conflict);
        expect(c.activities.projectCase).not.toHaveBeenCalled();
      });
    });

    test('a second consultation by the same party is a conflict', async () => {
      await testbed.withCase(async (c) => {
        await c.consult('cadre');
        await expectRefused(c, () => c.consult('cadre', 'object'), FAILURE_TYPES.conflict);
      });
    });

    test('endorsing without resolving an objection is a rule violation naming the field', async () => {
      await testbed.withCase(async (c) => {
        await c.consultAll({ receiving_unit: 'object' });
        const failure = await expectRefused(c, () => c.appraise({ resolutions: [] }), FAILURE_TYPES.rule);
        expect(failure.message).toContain('receiving_unit');
        expect(failure.details).toEqual([{ path: 'resolutions', vi: 'đề nghị thông qua (endorse) phải có hướng giải quyết cho mọi bên phản đối: còn thiếu receiving_unit' }]);

        const resolved = await c.appraise({ resolutions: [{ party: 'receiving_unit', note: 'Đã đối thoại với Đảng ủy xã' }] });
        expect(resolved.status).toBe('committee_vote');
      });
    });

    test('votes: a non-member and the cadre themself are forbidden, a second ballot is a conflict', async () => {
      await testbed.withCase(async (c) => {
        await c.consultAll();
        await c.appraise();
        await expectRefused(c, () => c.vote({ userId: 'u-outsider', username: 'ngo.van.lam' }, 'for'), FAILURE_TYPES.forbidden);
        await expectRefused(c, () => c.vote(CADRE_MEMBER, 'abstain', CADRE_ID), FAILURE_TYPES.forbidden);
        await c.vote(members[0], 'for');
        await expectRefused(c, () => c.vote(members[0], 'against'), FAILURE_TYPES.conflict);
        expect(((await c.state()).votes as NonNullable<CaseState['votes']>).ballots).toHaveLength(1);
      });
    });
  });
});
