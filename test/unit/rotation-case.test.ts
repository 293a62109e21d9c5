import {
  activate,
  activationInstant,
  appraise,
  castVote,
  closeVote,
  initialCaseState,
  recordConsultation,
  signDecision,
  unresolvedObjections,
  withdraw,
} from '../../domain/rotation-case';
import type { AppraisalInput, CaseState, ConsultationInput, Party } from '../../domain/types';
import { caseAt, proposal as input, organizer, proposalScript, refusalOf } from '../support/domain-fixtures';

const { at: now, committee } = proposalScript;

const consult = (party: Party, outcome: ConsultationInput['outcome'] = 'agree'): ConsultationInput => ({
  party,
  outcome,
  concerns: outcome === 'agree' ? [] : [{ type: 'distance', note: 'Xa nhà 60 km' }],
  note: 'Đã trao đổi',
  actor: organizer,
});

function consulted(outcomes: Partial<Record<Party, ConsultationInput['outcome']>> = {}): CaseState {
  let s = initialCaseState(input);
  for (const party of ['cadre', 'sending_unit', 'receiving_unit'] as const) {
    s = recordConsultation(s, consult(party, outcomes[party]), now).state;
  }
  return s;
}

const endorse = (extra: Partial<AppraisalInput> = {}): AppraisalInput => ({
  outcome: 'endorse',
  note: 'Đủ điều kiện',
  resolutions: [],
  committee,
  actor: organizer,
  ...extra,
});

const voting = () => caseAt('committee_vote', proposalScript);

const vote = (s: CaseState, userId: string, v: 'for' | 'against' | 'abstain', voterCadreId: string | null = null) =>
  castVote(s, { vote: v, voterCadreId, actor: { userId, username: userId } }, now);

describe('proposal', () => {
  it('opens in consultation with a 14-day deadline and version 1', () => {
    const s = initialCaseState(input);
    expect(s).toMatchObject({ status: 'consultation', round: 1, version: 1, stepDueAt: '2026-03-15T00:00:00.000Z' });
    expect(s.retainedPosition).toEqual(input.retainedPosition);
  });
});

describe('consultation', () => {
  it('moves to appraisal once all three parties are recorded, not before', () => {
    let s = initialCaseState(input);
    s = recordConsultation(s, consult('cadre'), now).state;
    s = recordConsultation(s, consult('receiving_unit', 'agree_with_concerns'), now).state;
    expect(s.status).toBe('consultation');
    const t = recordConsultation(s, consult('sending_unit'), now);
    expect(t.state.status).toBe('appraisal');
    expect(t.state.version).toBe(4);
    expect(t.event).toMatchObject({ action: 'consultation_recorded', actor: organizer, detail: { party: 'sending_unit', round: 1 } });
  });
  it('refuses a second consultation of the same party in a round (409)', () => {
    const s = recordConsultation(initialCaseState(input), consult('cadre'), now).state;
    expect(refusalOf(() => recordConsultation(s, consult('cadre'), now)).kind).toBe('conflict');
  });
  it('needs a concern for agree_with_concerns (422)', () => {
    const r = refusalOf(() => recordConsultation(initialCaseState(input), { ...consult('cadre'), outcome: 'agree_with_concerns' }, now));
    expect(r).toMatchObject({ kind: 'rule', path: 'concerns' });
  });
  it('is refused outside consultation (409)', () => {
    expect(refusalOf(() => recordConsultation(consulted(), consult('cadre'), now)).kind).toBe('conflict');
  });
  it('does not change the state it was given', () => {
    const s = initialCaseState(input);
    const copy = structuredClone(s);
    recordConsultation(s, consult('cadre'), now);
    expect(s).toEqual(copy);
  });
});

describe('appraisal', () => {
  it('is refused before all three consultations (409)', () => {
    expect(refusalOf(() => appraise(initialCaseState(input), endorse(), now)).kind).toBe('conflict');
  });
  it('endorse needs a resolution for every party that objected (422)', () => {
    const s = consulted({ cadre: 'object', receiving_unit: 'object' });
    expect(unresolvedObjections(s, [])).toEqual(['cadre', 'receiving_unit']);
    const r = refusalOf(() => appraise(s, endorse({ resolutions: [{ party: 'cadre', note: 'Bố trí nhà công vụ' }] }), now));
    expect(r).toMatchObject({ kind: 'rule', path: 'resolutions' });
    expect(r.message).toContain('receiving_unit');
    expect(
      refusalOf(() =>
        appraise(
          s,
          endorse({
            resolutions: [
              { party: 'cadre', note: 'x' },
              { party: 'receiving_unit', note: '  ' },
            ],
          }),
          now,
        ),
      ).kind,
    ).toBe('rule');
    const ok = appraise(
      s,
      endorse({
        resolutions: [
          { party: 'cadre', note: 'Bố trí nhà công vụ' },
          { party: 'receiving_unit', note: 'Đã họp dân' },
        ],
      }),
      now,
    );
    expect(ok.state.status).toBe('committee_vote');
  });
  it('endorse needs a deciding committee with members (422)', () => {
    expect(refusalOf(() => appraise(consulted(), endorse({ committee: null }), now)).kind).toBe('rule');
    expect(refusalOf(() => appraise(consulted(), endorse({ committee: { unitId: 'D1', memberUserIds: [] } }), now)).kind).toBe('rule');
  });
  it('endorse opens the vote with the committee and a 7-day deadline', () => {
    const s = voting();
    expect(s).toMatchObject({ status: 'committee_vote', decidingUnitId: 'D1', stepDueAt: '2026-03-08T02:00:00.000Z' });
    expect(s.votes).toMatchObject({ for: 0, against: 0, abstain: 0, members: 5, outcome: 'pending' });
  });
  it('return goes back to consultation for a new round, keeping the earlier consultations', () => {
    const s = appraise(consulted({ cadre: 'object' }), { ...endorse(), outcome: 'return', committee: null }, now).state;
    expect(s).toMatchObject({ status: 'consultation', round: 2, consultations: [] });
    expect(s.earlierConsultations).toHaveLength(3);
    expect(s.earlierConsultations.every((c) => c.round === 1)).toBe(true);
    const again = recordConsultation(s, consult('cadre'), now).state;
    expect(again.consultations[0].round).toBe(2);
  });
  it('reject ends the case', () => {
    const s = appraise(consulted(), { ...endorse(), outcome: 'reject' }, now).state;
    expect(s).toMatchObject({ status: 'rejected', endedAt: now, stepDueAt: null });
  });
});

describe('committee vote', () => {
  it('passes to decision_pending once for exceeds half of all members', () => {
    let s = voting();
    s = vote(s, 'm1', 'for').state;
    s = vote(s, 'm2', 'against').state;
    s = vote(s, 'm3', 'for').state;
    expect(s.status).toBe('committee_vote');
    s = vote(s, 'm4', 'for').state;
    expect(s.status).toBe('decision_pending');
    expect(s.votes).toMatchObject({ for: 3, against: 1, abstain: 0, members: 5, outcome: 'passed' });
  });
  it('is rejected as soon as it can no longer pass', () => {
    let s = voting();
    s = vote(s, 'm1', 'against').state;
    s = vote(s, 'm2', 'abstain').state;
    expect(s.status).toBe('committee_vote');
    const t = vote(s, 'm3', 'against');
    expect(t.state.status).toBe('rejected');
    expect(t.state.votes).toMatchObject({ outcome: 'failed' });
  });
  it('is secret: the ballot and its history entry keep who voted, never the choice, its note or the running tally', () => {
    const t = castVote(voting(), { vote: 'against', note: 'Chưa đủ điều kiện', voterCadreId: null, actor: { userId: 'm1', username: 'm1' } }, now);
    expect(t.state.votes!.ballots).toEqual([{ userId: 'm1', at: now }]);
    expect(t.state.votes).toMatchObject({ for: 0, against: 1, abstain: 0 });
    expect(t.event).toEqual({ action: 'vote_cast', actor: { userId: 'm1', username: 'm1' }, detail: { voted: 1, members: 5 } });
    expect(JSON.stringify(t)).not.toMatch(/Chưa đủ điều kiện|"vote"/);
  });
  it('tells a late ballot that the vote closed and how it ended (409)', () => {
    let s = voting();
    for (const m of ['m1', 'm2', 'm3']) s = vote(s, m, 'for').state;
    expect(refusalOf(() => vote(s, 'm4', 'against'))).toMatchObject({
      kind: 'conflict',
      message: 'the vote has closed: the Standing Committee passed the rotation (3 for, 0 against, 0 abstain, of 5 members)',
    });
    let r = voting();
    for (const m of ['m1', 'm2', 'm3']) r = vote(r, m, 'against').state;
    expect(refusalOf(() => vote(r, 'm5', 'for')).message).toMatch(/the vote has closed: the Standing Committee did not pass the rotation \(0 for, 3 against/);
  });
  it('refuses a second vote by the same member (409)', () => {
    const s = vote(voting(), 'm1', 'for').state;
    expect(refusalOf(() => vote(s, 'm1', 'against')).kind).toBe('conflict');
  });
  it('refuses a non-member (403) and a member voting on their own rotation (403)', () => {
    expect(refusalOf(() => vote(voting(), 'outsider', 'for')).kind).toBe('forbidden');
    expect(refusalOf(() => vote(voting(), 'm1', 'for', 'cadre-1')).message).toMatch(/recusal/);
  });
  it('is refused outside the vote (409)', () => {
    expect(refusalOf(() => vote(consulted(), 'm1', 'for')).kind).toBe('conflict');
  });
  it('names own_case when the rotated cadre votes on their own case (403)', () => {
    expect(refusalOf(() => vote(voting(), 'm1', 'for', input.cadreId))).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
  });
});

describe('recusal: a recused member has no ballot, and still counts among all members', () => {
  const recusing = () => appraise(consulted(), endorse({ committee: { ...committee, recusedUserIds: ['m5', 'not-a-member'] } }), now).state;
  it('keeps only members among the recused', () => {
    expect(recusing().votes).toMatchObject({ members: 5, recusedUserIds: ['m5'] });
  });
  it('rejects 2 for, 2 against with the fifth member recused, as soon as the fourth ballot is cast', () => {
    let s = recusing();
    for (const [m, v] of [
      ['m1', 'for'],
      ['m2', 'for'],
      ['m3', 'against'],
    ] as const)
      s = vote(s, m, v).state;
    expect(s.status).toBe('committee_vote');
    const t = vote(s, 'm4', 'against');
    expect(t.state).toMatchObject({ status: 'rejected', votes: { for: 2, against: 2, outcome: 'failed' } });
  });
  it("refuses the recused member's ballot naming own_case", () => {
    expect(refusalOf(() => vote(recusing(), 'm5', 'for'))).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
  });
});

describe('closing the vote', () => {
  const secretary = { userId: 'u-sec', username: 'tran.thi.cuc' };
  const afterDeadline = '2026-03-08T02:00:00.000Z';
  it('is refused before the deadline (409) and outside the vote (409)', () => {
    expect(refusalOf(() => closeVote(voting(), { actor: secretary }, '2026-03-08T01:59:59.000Z')).kind).toBe('conflict');
    expect(refusalOf(() => closeVote(consulted(), { actor: secretary }, afterDeadline)).kind).toBe('conflict');
  });
  it('counts missing ballots as not for: 2 for of 5 is rejected', () => {
    let s = voting();
    for (const m of ['m1', 'm2']) s = vote(s, m, 'for').state;
    const closed = closeVote(s, { note: 'Hết hạn biểu quyết', actor: secretary }, afterDeadline);
    expect(closed.state).toMatchObject({ status: 'rejected', votes: { outcome: 'failed', closedAt: afterDeadline } });
    expect(closed.event).toMatchObject({ action: 'vote_closed', detail: { for: 2, missing: 3, members: 5, outcome: 'failed', note: 'Hết hạn biểu quyết' } });
  });
});

const pending = () => caseAt('decision_pending', proposalScript);

describe('decision and activation', () => {
  const { decision } = proposalScript;
  it('is refused before the vote passed (409)', () => {
    expect(refusalOf(() => signDecision(voting(), decision, now)).kind).toBe('conflict');
  });
  it('refuses an effective date before the signing date (422)', () => {
    expect(refusalOf(() => signDecision(pending(), { ...decision, effectiveDate: '2026-03-09' }, now))).toMatchObject({ kind: 'rule', path: 'effectiveDate' });
  });
  it('decides, then activates at the start of the effective date in Vietnam', () => {
    const decided = signDecision(pending(), decision, now).state;
    expect(decided).toMatchObject({ status: 'decided', effectiveDate: '2026-04-01', decision: { decisionNumber: '123/QĐ-HU' } });
    expect(activationInstant(decided)).toBe('2026-03-31T17:00:00.000Z');
    const active = activate(decided, '2026-03-31T17:00:00.000Z').state;
    expect(active).toMatchObject({ status: 'active', nextReviewDueAt: '2026-09-30T17:00:00.000Z' });
  });
  it('counts the signing date in Vietnam: 23:30 UTC on 9 March is already 10 March there', () => {
    const signedAt = '2026-03-09T23:30:00.000Z';
    expect(refusalOf(() => signDecision(pending(), { ...decision, signedAt, effectiveDate: '2026-03-09' }, now))).toMatchObject({ kind: 'rule', path: 'effectiveDate' });
    expect(signDecision(pending(), { ...decision, signedAt, effectiveDate: '2026-03-10' }, now).state.status).toBe('decided');
  });
  it('counts the first review from the effective calendar day, clamped to the month end', () => {
    const decided = signDecision(pending(), { ...decision, effectiveDate: '2026-03-31' }, now).state;
    expect(activate(decided, activationInstant(decided)).state.nextReviewDueAt).toBe('2026-09-29T17:00:00.000Z');
  });
  it('does not activate a case that is not decided', () => {
    expect(refusalOf(() => activate(pending(), now)).kind).toBe('conflict');
  });
});

describe('withdrawal', () => {
  it('is allowed at every step before the case is active', () => {
    for (const s of [initialCaseState(input), consulted(), voting(), pending()]) {
      expect(withdraw(s, { reason: 'Cán bộ ốm', actor: organizer }, now).state.status).toBe('withdrawn');
    }
  });
  it('is refused once the case is active or ended (409)', () => {
    const decided = signDecision(pending(), { decisionNumber: '1', signedAt: '2026-03-10', effectiveDate: '2026-03-10', actor: organizer }, now).state;
    const active = activate(decided, now).state;
    expect(refusalOf(() => withdraw(active, { reason: 'x', actor: organizer }, now)).kind).toBe('conflict');
    const withdrawn = withdraw(consulted(), { reason: 'x', actor: organizer }, now).state;
    expect(refusalOf(() => withdraw(withdrawn, { reason: 'x', actor: organizer }, now)).kind).toBe('conflict');
  });
});
