// The committee vote on the time-skipping test server: it always ends. A recused member (linked to
// the rotated cadre) has no ballot, so the case is rejected as soon as `for` cannot exceed half of
// all members; past its deadline the deciding unit's secretary closes it, missing ballots not for.
import { FAILURE_TYPES } from '../../domain/types';
import { CADRE_ID, CADRE_MEMBER, WorkflowTestbed, eventually, expectRefused, members, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
jest.setTimeout(20_000);

testbedPerFile((started) => (testbed = started));

const committeeRecusingTheCadre = { unitId: 'unit-district-nam-sach', memberUserIds: members.map((m) => m.userId), recusedUserIds: [CADRE_MEMBER.userId] };

describe('the committee vote', () => {
  test('five members, the fifth the rotated cadre: 2 for and 2 against reject the case at once', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll();
      expect(await c.appraise({ committee: committeeRecusingTheCadre })).toMatchObject({ votes: { members: 5, recusedUserIds: [CADRE_MEMBER.userId] } });
      await expectRefused(c, () => c.vote(CADRE_MEMBER, 'for'), FAILURE_TYPES.forbidden);
      await expectRefused(c, () => c.vote(members[0], 'for', CADRE_ID), FAILURE_TYPES.forbidden);

      await c.vote(members[0], 'for');
      await c.vote(members[1], 'against');
      expect((await c.vote(members[2], 'for')).status).toBe('committee_vote');
      const rejected = await c.vote(members[3], 'against');
      expect(rejected).toMatchObject({ status: 'rejected', votes: { for: 2, against: 2, outcome: 'failed' } });
      expect((await c.handle.result()).status).toBe('rejected');
      // No one was left to vote: the recused member has no ballot to be told about.
      expect(c.notices('vote_closed')).toEqual([]);
    });
  });

  test('a secret ballot: decided before every member voted, it tells those yet to vote how it ended, by the tally alone', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll();
      await c.appraise();
      await c.vote(members[0], 'for');
      await c.vote(members[1], 'against');
      await c.vote(members[2], 'for');
      const passed = await c.vote(members[3], 'for');
      expect(passed.votes).toMatchObject({ for: 3, against: 1, abstain: 0, outcome: 'passed' });
      expect(passed.votes!.ballots.map((b) => Object.keys(b).sort())).toEqual(Array(4).fill(['at', 'userId']));
      await eventually(() => c.notices('vote_closed').length === 1);
      expect(c.notices('vote_closed')[0]).toMatchObject({
        kind: 'vote_closed',
        params: { outcome: 'passed', for: 3, against: 1, abstain: 0, members: 5 },
        audience: { userIds: [members[4].userId] },
      });
      expect(c.projected('vote_cast').map((e) => e.detail)).toEqual([1, 2, 3, 4].map((voted) => ({ voted, members: 5 })));
      const late = await expectRefused(c, () => c.vote(members[4], 'against'), FAILURE_TYPES.conflict);
      expect(late.message).toBe('the vote has closed: the Standing Committee passed the rotation (3 for, 1 against, 0 abstain, of 5 members)');
    });
  });

  test('the recused ballot refused names the rule own_case', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll();
      await c.appraise({ committee: committeeRecusingTheCadre });
      const refusal = await expectRefused(c, () => c.vote(CADRE_MEMBER, 'against'), FAILURE_TYPES.forbidden);
      expect(refusal.details?.[0]).toMatchObject({ rule: 'own_case' });
    });
  });

  test('closed by the secretary once its deadline has passed: missing ballots count as not for', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll();
      const voting = await c.appraise();
      await c.vote(members[0], 'for');
      await c.vote(members[1], 'for');
      await expectRefused(c, () => c.closeVote(), FAILURE_TYPES.conflict);

      await c.sleepUntil(voting.stepDueAt!);
      const closed = await c.closeVote('Quá hạn biểu quyết');
      expect(closed).toMatchObject({ status: 'rejected', votes: { for: 2, outcome: 'failed', closedAt: expect.any(String) } });
      await eventually(() => c.actions().includes('vote_closed'));
      expect(c.projected('vote_closed')[0]).toMatchObject({ detail: { for: 2, missing: 3, members: 5, outcome: 'failed', note: 'Quá hạn biểu quyết' } });
      expect((await c.handle.result()).status).toBe('rejected');
    });
  });

  test('a vote that passed before its deadline is not closed', async () => {
    await testbed.withCase(async (c) => {
      const passed = await c.toDecisionPending();
      expect(passed.status).toBe('decision_pending');
      await expectRefused(c, () => c.closeVote(), FAILURE_TYPES.conflict);
    });
  });
});
