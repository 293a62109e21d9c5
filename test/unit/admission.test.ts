// What a step must meet before a workflow accepts it, the posts a decision and an appointment may
// not take, and a case needing attention: pure rules, checked without Temporal.
import { admitAppraisal, admitConsultation, admitDecision, admitPayment, admitReview, admitTermEnd, requireStorableText } from '../../domain/admission';
import { attentionReasonOf, needAttention, requireNoAttention, retry } from '../../domain/attention';
import { COUNT_LIMITS } from '../../domain/limits';
import { appraise, initialCaseState, recordConsultation, signDecision, withdraw } from '../../domain/rotation-case';
import { decideTermEnd, scheduleTerm } from '../../domain/term';
import { ACTIVITY_FAILURE_TYPES, type CaseAttention, type CaseState, type FollowUp, PARTIES } from '../../domain/types';
import { caseAt, proposal as input, organizer, proposalScript, refusalOf } from '../support/domain-fixtures';

const now = '2026-03-01T02:00:00.000Z';
const proposed = initialCaseState(input);

/** The case after `returns` appraisals sent it back to consultation, in appraisal again. */
function returned(returns: number): CaseState {
  let s = proposed;
  for (let round = 0; round <= returns; round++) {
    for (const party of PARTIES) s = recordConsultation(s, { party, outcome: 'agree', concerns: [], note: '', actor: organizer }, now).state;
    if (round < returns) s = appraise(s, { outcome: 'return', note: 'Trao đổi thêm', resolutions: [], committee: null, actor: organizer }, now).state;
  }
  return s;
}

describe('text and dates of a step', () => {
  it('refuses a string the database cannot store, naming where it is', () => {
    const refusal = refusalOf(() => requireStorableText({ party: 'cadre', concerns: [{ type: 'age', note: 'Tuổi cao\u0000' }], note: 'Đồng ý' }));
    expect(refusal).toMatchObject({ kind: 'rule', path: 'concerns.0.note' });
    expect(refusal.message).toContain('U+0000');
    expect(refusalOf(() => requireStorableText({ reason: 'a\uD800' })).path).toBe('reason');
    expect(() => requireStorableText({ note: 'Nhà xa\nĐường đèo', actor: organizer })).not.toThrow();
  });

  it('refuses dates that do not exist or lie outside the years a rotation can have', () => {
    const decision = { decisionNumber: '125-QĐ/HU', signedAt: '2026-03-01T02:00:00Z', effectiveDate: '2026-04-01', actor: organizer };
    expect(() => admitDecision(proposed, decision)).not.toThrow();
    expect(refusalOf(() => admitDecision(proposed, { ...decision, effectiveDate: '2026-02-30' })).path).toBe('effectiveDate');
    expect(refusalOf(() => admitDecision(proposed, { ...decision, signedAt: '+275760-09-13T00:00:00Z' })).path).toBe('signedAt');
    expect(refusalOf(() => admitDecision(proposed, { ...decision, signedAt: 'hôm qua' })).path).toBe('signedAt');
    expect(refusalOf(() => admitPayment(null, { paymentId: 'p', paidAt: '0001-01-01', reference: 'UNC', actor: organizer })).path).toBe('paidAt');
  });
});

describe('the limits of a case', () => {
  it(`returns a case to consultation at most ${COUNT_LIMITS.appraisalReturns} times, then only endorse or reject`, () => {
    const ret = { outcome: 'return' as const, note: '', resolutions: [], committee: null, actor: organizer };
    expect(() => admitAppraisal(returned(COUNT_LIMITS.appraisalReturns - 1), ret)).not.toThrow();
    const last = returned(COUNT_LIMITS.appraisalReturns);
    expect(refusalOf(() => admitAppraisal(last, ret))).toMatchObject({ kind: 'rule', path: 'outcome' });
    expect(() => admitAppraisal(last, { ...ret, outcome: 'reject' })).not.toThrow();
  });

  it('counts the members of the deciding committee at endorsement, and the concerns of an answer', () => {
    const committee = (n: number) => ({ unitId: 'D1', memberUserIds: Array.from({ length: n }, (_, i) => `m${i}`) });
    const endorse = { outcome: 'endorse' as const, note: '', resolutions: [], actor: organizer };
    expect(() => admitAppraisal(proposed, { ...endorse, committee: committee(COUNT_LIMITS.committeeMembers) })).not.toThrow();
    expect(refusalOf(() => admitAppraisal(proposed, { ...endorse, committee: committee(COUNT_LIMITS.committeeMembers + 1) })).path).toBe('outcome');
    // A Standing Committee decides collectively: fewer than three members cannot open the vote.
    expect(refusalOf(() => admitAppraisal(proposed, { ...endorse, committee: committee(2) }))).toMatchObject({ kind: 'rule', path: 'outcome', rule: 'committee_size' });
    expect(refusalOf(() => admitAppraisal(proposed, { ...endorse, committee: { unitId: 'D1', memberUserIds: ['m1', 'm1', 'm1'] } })).rule).toBe('committee_size');
    expect(() => admitAppraisal(proposed, { ...endorse, committee: committee(3) })).not.toThrow();
    const concerns = Array.from({ length: COUNT_LIMITS.concerns + 1 }, () => ({ type: 'other' as const, note: 'x' }));
    expect(refusalOf(() => admitConsultation(proposed, { party: 'cadre', outcome: 'agree_with_concerns', concerns, note: '', actor: organizer })).path).toBe('concerns');
  });

  it('counts follow-ups per review and over the term', () => {
    const followUp = { action: 'Bố trí nhà ở', ownerUserId: 'u-owner', dueDate: '2026-10-01' };
    const review = { seq: 1, heldAt: '2026-09-16', rating: 'good' as const, aspirations: '', difficulties: '', actor: organizer };
    expect(() => admitReview(proposed, { ...review, followUps: Array(COUNT_LIMITS.followUpsPerReview).fill(followUp) })).not.toThrow();
    expect(refusalOf(() => admitReview(proposed, { ...review, followUps: Array(COUNT_LIMITS.followUpsPerReview + 1).fill(followUp) })).path).toBe('followUps');
    const many: FollowUp[] = Array.from({ length: COUNT_LIMITS.followUpsPerCase - 1 }, (_, i) => ({
      ...followUp,
      id: `1.${i}`,
      reviewSeq: 1,
      status: 'closed',
      remindedAt: null,
      closedAt: now,
      closedBy: organizer,
      note: null,
    }));
    const withMany = { ...proposed, followUps: many };
    expect(() => admitReview(withMany, { ...review, followUps: [followUp] })).not.toThrow();
    expect(refusalOf(() => admitReview(withMany, { ...review, followUps: [followUp, followUp] })).path).toBe('followUps');
    expect(refusalOf(() => admitReview(proposed, { ...review, followUps: [{ ...followUp, dueDate: '2026-13-01' }] })).path).toBe('followUps.0.dueDate');
  });

  it(`extends a term to at most ${COUNT_LIMITS.totalTermMonths} months`, () => {
    const extended = { ...proposed, termMonths: 60, extensions: [24, 24] };
    const extend = (months: number) => ({ outcome: 'extend' as const, extendMonths: months, actor: organizer });
    expect(() => admitTermEnd(extended, extend(12))).not.toThrow();
    expect(refusalOf(() => admitTermEnd(extended, extend(13)))).toMatchObject({ kind: 'rule', path: 'extendMonths' });
    expect(() => admitTermEnd(extended, { outcome: 'return', actor: organizer })).not.toThrow();
  });
});

describe('posts kept for another rotation', () => {
  const decisionPending = caseAt('decision_pending', proposalScript);
  const decision = { decisionNumber: '125-QĐ/HU', signedAt: '2026-03-01T02:00:00Z', effectiveDate: '2026-04-01', actor: organizer };

  it('a decision is not signed for a receiving post kept for another case', () => {
    expect(refusalOf(() => signDecision(decisionPending, { ...decision, receivingPostRetainedFor: 'case-other' }, now))).toMatchObject({
      kind: 'rule',
      path: 'position',
    });
    expect(signDecision(decisionPending, { ...decision, receivingPostRetainedFor: null }, now).state.status).toBe('decided');
    expect(signDecision(decisionPending, { ...decision, receivingPostRetainedFor: input.id }, now).state.status).toBe('decided');
  });

  it('the term does not end in an appointment to a post kept for another case', () => {
    const active: CaseState = { ...proposed, status: 'active', effectiveDate: '2021-01-01' };
    const ended = { ...active, ...scheduleTerm(active) };
    const appoint = { outcome: 'appoint' as const, position: 'chair_people_committee', actor: organizer };
    const refusal = refusalOf(() => decideTermEnd(ended, { ...appoint, positionRetainedFor: 'case-other' }, now));
    expect(refusal).toMatchObject({ kind: 'rule', path: 'position' });
    expect(refusal.message).toContain('case-other');
    expect(decideTermEnd(ended, { ...appoint, positionRetainedFor: null }, now).state.status).toBe('completed');
  });
});

describe('a case needing attention', () => {
  const attention: CaseAttention = { reason: 'position_retained', since: now, source: 'case', step: 'activated' };
  const decided: CaseState = { ...proposed, status: 'decided', version: 6 };

  it('names position_retained for a post kept for another case, write_refused for anything else', () => {
    expect(attentionReasonOf(ACTIVITY_FAILURE_TYPES.positionRetained)).toBe('position_retained');
    expect(attentionReasonOf(ACTIVITY_FAILURE_TYPES.databaseRefused)).toBe('write_refused');
    expect(attentionReasonOf(undefined)).toBe('write_refused');
  });

  it('shows the state given, one version past the newest, with the attention and its history entry', () => {
    const { state, event } = needAttention(decided, attention, 7);
    expect(state).toMatchObject({ status: 'decided', attention, version: 8 });
    expect(event).toEqual({ action: 'attention_needed', actor: null, detail: { reason: 'position_retained', source: 'case', step: 'activated' } });
  });

  it('takes no step but a retry or a withdrawal; both clear it', () => {
    const waiting = needAttention(decided, attention, 6).state;
    expect(refusalOf(() => requireNoAttention(waiting)).kind).toBe('conflict');
    expect(() => requireNoAttention(decided)).not.toThrow();

    const retried = retry(waiting, { actor: organizer }, now);
    expect(retried.state).toMatchObject({ attention: null, version: 8, status: 'decided' });
    expect(retried.event).toMatchObject({ action: 'retried', actor: organizer, detail: { reason: 'position_retained' } });
    expect(refusalOf(() => retry(decided, { actor: organizer }, now)).kind).toBe('conflict');

    expect(withdraw(waiting, { reason: 'Không bố trí được vị trí', actor: organizer }, now).state).toMatchObject({ status: 'withdrawn', attention: null });
  });
});
