import { caseNotifications } from '../../domain/case-notifications';
import type { NotificationAudience, NotifyInput } from '../../domain/notifications';
import { activate, activationInstant, appraise, castVote, initialCaseState, recordConsultation, signDecision, withdraw } from '../../domain/rotation-case';
import { addDays } from '../../domain/calendar';
import { closeFollowUp, decideContinuation, decideTermEnd, fireTermEvent, submitReview, terminate } from '../../domain/term';
import type { Transition } from '../../domain/case-transition';
import type { CaseState, Party, ReviewInput, TaskKind } from '../../domain/types';
import { type CaseScript, caseAt, deepFreeze, organizer, reviewInput, FOLLOW_UPS as TERM_FOLLOW_UPS, termProposal, termScript } from '../support/domain-fixtures';

const input = termProposal;
// The deciding committee sits at the province, neither the sending nor the receiving unit.
const committee = { unitId: 'P1', memberUserIds: ['m1', 'm2', 'm3', 'm2'] };
const script: CaseScript = { ...termScript, consultationNote: 'Đã trao đổi', committee };
const STEP = script.at;
const DUE1 = '2026-04-29T17:00:00.000Z'; // 30 Apr 2026 in Vietnam
const REM1 = '2026-04-19T17:00:00.000Z';
const ESC1 = '2026-05-04T17:00:00.000Z';
const AT1 = '2026-05-02T03:00:00.000Z';
const TERM_END = '2027-01-30T17:00:00.000Z';
const AFTER_END = '2027-02-01T03:00:00.000Z';

const subject = { cadreId: 'cadre-7', unitId: 'C11' };
const organizers = { role: 'organizer' as const, unitIds: ['D1', 'C11'] };

function task(key: string, taskKind: TaskKind, audience: NotificationAudience, dueAt: string | null): NotifyInput {
  return { key: `case-7:task:${key}`, rotationId: 'case-7', kind: 'task_assigned', params: { ...subject, taskKind, dueAt }, audience };
}

/** The notifications of a change, asked twice: the same change always calls for the same ones. */
function notes(before: CaseState | null, after: CaseState): NotifyInput[] {
  const first = caseNotifications(deepFreeze(before), deepFreeze(after));
  expect(caseNotifications(structuredClone(before), structuredClone(after))).toEqual(first);
  expect(new Set(first.map((n) => n.key)).size).toBe(first.length);
  return first;
}

/** The notifications of a transition applied to `state`. */
const of = (state: CaseState, step: (s: CaseState) => Transition): NotifyInput[] => notes(state, step(state).state);

const consult = (s: CaseState, party: Party, outcome: 'agree' | 'object' = 'agree') =>
  recordConsultation(s, { party, outcome, concerns: [], note: 'Đã trao đổi', actor: organizer }, STEP);
const endorse = (s: CaseState) => appraise(s, { outcome: 'endorse', note: 'Đủ điều kiện', resolutions: [], committee, actor: organizer }, STEP);
const vote = (s: CaseState, userId: string, v: 'for' | 'against' | 'abstain' = 'for') => castVote(s, { vote: v, voterCadreId: null, actor: { userId, username: userId } }, STEP);
const DECISION = script.decision;
const consulted = () => caseAt('appraisal', script);
const voting = () => caseAt('committee_vote', script);
const pending = () => caseAt('decision_pending', script);
const decided = () => caseAt('decided', script);
const active = () => caseAt('active', script);

const review = (seq: number, extra: Partial<ReviewInput> = {}) => reviewInput(seq, { aspirations: 'Nguyện vọng', difficulties: 'Khó khăn', ...extra });
const FOLLOW_UPS = TERM_FOLLOW_UPS.slice(0, 2);
const withFollowUps = () => submitReview(active(), review(1, { followUps: FOLLOW_UPS }), AT1).state;

describe('proposal and approval', () => {
  it('the proposal asks the organizers of both units and the cadre to consult', () => {
    expect(notes(null, initialCaseState(input))).toEqual([task('consultation:1', 'consultation', { roles: [organizers], cadreIds: ['cadre-7'] }, '2026-01-19T02:00:00.000Z')]);
  });

  it('a consultation that does not complete the round calls for nothing; the last one opens the appraisal', () => {
    let s = initialCaseState(input);
    expect(of(s, (x) => consult(x, 'cadre'))).toEqual([]);
    s = consult(s, 'cadre').state;
    expect(of(s, (x) => consult(x, 'receiving_unit', 'object'))).toEqual([]);
    s = consult(s, 'receiving_unit', 'object').state;
    expect(of(s, (x) => consult(x, 'sending_unit'))).toEqual([task('appraisal:1', 'appraisal', { roles: [organizers] }, null)]);
  });

  it('an appraisal `return` opens a new consultation round under a new key, and its appraisal too', () => {
    const returned = appraise(consulted(), { outcome: 'return', note: 'Lấy lại ý kiến', resolutions: [], committee: null, actor: organizer }, STEP).state;
    expect(notes(consulted(), returned)).toEqual([task('consultation:2', 'consultation', { roles: [organizers], cadreIds: ['cadre-7'] }, addDays(STEP, 14))]);
    expect(of(consult(consult(returned, 'cadre').state, 'sending_unit').state, (x) => consult(x, 'receiving_unit'))).toEqual([
      task('appraisal:2', 'appraisal', { roles: [organizers] }, null),
    ]);
  });

  it('endorse asks each member of the deciding committee, once, to vote', () => {
    expect(of(consulted(), endorse)).toEqual([task('vote', 'vote', { userIds: ['m1', 'm2', 'm3'] }, addDays(STEP, 7))]);
  });

  const voteClosed = (outcome: 'passed' | 'failed', tally: { for: number; against: number }) => ({
    key: 'case-7:vote-closed',
    rotationId: 'case-7',
    kind: 'vote_closed',
    params: { ...subject, outcome, ...tally, abstain: 0, members: 3 },
    audience: { userIds: ['m3'] },
  });

  it('a vote that does not finish the vote calls for nothing; the one that passes it asks the deciding unit’s secretaries to sign and tells the member yet to vote', () => {
    expect(of(voting(), (x) => vote(x, 'm1'))).toEqual([]);
    expect(of(vote(voting(), 'm1').state, (x) => vote(x, 'm2'))).toEqual([
      task('decision', 'decision', { roles: [{ role: 'secretary', unitIds: ['P1'] }] }, null),
      voteClosed('passed', { for: 2, against: 0 }),
    ]);
  });

  it('a vote decided once every member voted tells no one it closed', () => {
    const two = vote(vote(voting(), 'm1', 'against').state, 'm2', 'for').state;
    expect(of(two, (x) => vote(x, 'm3', 'for')).map((n) => n.kind)).toEqual(['task_assigned']);
  });

  it('a failed vote tells only the member yet to vote, by the tally; a rejection and a withdrawal call for nothing', () => {
    const notices = of(vote(voting(), 'm1', 'against').state, (x) => vote(x, 'm2', 'against'));
    expect(notices).toEqual([voteClosed('failed', { for: 0, against: 2 })]);
    expect(JSON.stringify(notices)).not.toMatch(/m1|m2/);
    expect(of(consulted(), (x) => appraise(x, { outcome: 'reject', note: 'Không đủ điều kiện', resolutions: [], committee: null, actor: organizer }, STEP))).toEqual([]);
    expect(of(pending(), (x) => withdraw(x, { reason: 'Ốm', actor: organizer }, STEP))).toEqual([]);
    expect(of(decided(), (x) => withdraw(x, { reason: 'Ốm', actor: organizer }, STEP))).toEqual([]);
  });

  it('the signed decision goes to the organizers and finance of both units and to the cadre', () => {
    expect(of(pending(), (x) => signDecision(x, DECISION, STEP))).toEqual([
      {
        key: 'case-7:decision',
        rotationId: 'case-7',
        kind: 'decision_signed',
        params: { ...subject, decisionNumber: '15-QĐ/HU', signedAt: '2026-01-20', effectiveDate: '2026-01-31' },
        audience: { roles: [organizers, { role: 'finance', unitIds: ['D1', 'C11'] }], cadreIds: ['cadre-7'] },
      },
    ]);
  });

  it('activation calls for nothing', () => {
    expect(of(decided(), (x) => activate(x, activationInstant(x)))).toEqual([]);
  });
});

describe('the term', () => {
  const reviewReminder = (seq: number, dueAt: string): NotifyInput => ({
    key: `case-7:review-reminder:${seq}`,
    rotationId: 'case-7',
    kind: 'review_reminder',
    params: { ...subject, seq, dueAt },
    audience: { roles: [{ role: 'reviewer', unitIds: ['C11'] }, organizers] },
  });

  it('a review reminder goes to the receiving unit’s reviewers and the organizers, on the change that sets it only', () => {
    const s = active();
    expect(of(s, (x) => fireTermEvent(x, { kind: 'review_reminder', at: REM1, seq: 1 }, REM1))).toEqual([reviewReminder(1, DUE1)]);
    const reminded = fireTermEvent(s, { kind: 'review_reminder', at: REM1, seq: 1 }, REM1).state;
    expect(of(reminded, (x) => submitReview(x, review(1), AT1))).toEqual([]);
  });

  it('an escalation goes to the deciding unit’s secretaries with the whole days overdue, once', () => {
    const reminded = fireTermEvent(active(), { kind: 'review_reminder', at: REM1, seq: 1 }, REM1).state;
    const firedAt = addDays(ESC1, 1); // the timer fired a day late: 6 days after 30 Apr began
    expect(of(reminded, (x) => fireTermEvent(x, { kind: 'review_escalation', at: ESC1, seq: 1 }, firedAt))).toEqual([
      {
        key: 'case-7:review-escalation:1',
        rotationId: 'case-7',
        kind: 'review_escalation',
        params: { ...subject, seq: 1, dueAt: DUE1, daysOverdue: 6 },
        audience: { roles: [{ role: 'secretary', unitIds: ['P1'] }] },
      },
    ]);
    const escalated = fireTermEvent(reminded, { kind: 'review_escalation', at: ESC1, seq: 1 }, firedAt).state;
    expect(of(escalated, (x) => submitReview(x, review(1, { heldAt: '2026-05-05' }), addDays(firedAt, 1)))).toEqual([]);
  });

  it('a review without follow-ups and not rated not_completed calls for nothing', () => {
    expect(of(active(), (x) => submitReview(x, review(1, { rating: 'excellent' }), AT1))).toEqual([]);
  });

  it('each follow-up agreed is a task for its owner, due on its day; not_completed asks the organizers to decide', () => {
    expect(of(active(), (x) => submitReview(x, review(1, { rating: 'not_completed', followUps: FOLLOW_UPS }), AT1))).toEqual([
      task('follow-up:1.1', 'follow_up', { userIds: ['u-housing'] }, '2026-06-01'),
      task('follow-up:1.2', 'follow_up', { userIds: ['u-train'] }, '2026-08-09'),
      task('continuation:1', 'continuation', { roles: [organizers] }, null),
    ]);
  });

  it('a later review announces only its own follow-ups', () => {
    const now = '2026-08-01T03:00:00.000Z';
    const followUps = [{ action: 'Hỗ trợ đi lại', ownerUserId: 'u-org', dueDate: '2026-09-01' }];
    expect(of(withFollowUps(), (x) => submitReview(x, review(2, { heldAt: '2026-07-31', followUps }), now))).toEqual([
      task('follow-up:2.1', 'follow_up', { userIds: ['u-org'] }, '2026-09-01'),
    ]);
  });

  it('a follow-up reminder goes to its owner on the change that sets it; closing it calls for nothing', () => {
    const at = '2026-05-27T17:00:00.000Z';
    expect(of(withFollowUps(), (x) => fireTermEvent(x, { kind: 'follow_up_reminder', at, followUpId: '1.1' }, at))).toEqual([
      {
        key: 'case-7:follow-up-reminder:1.1',
        rotationId: 'case-7',
        kind: 'follow_up_reminder',
        params: { ...subject, action: 'Bố trí nhà công vụ', dueDate: '2026-06-01' },
        audience: { userIds: ['u-housing'] },
      },
    ]);
    const reminded = fireTermEvent(withFollowUps(), { kind: 'follow_up_reminder', at, followUpId: '1.1' }, at).state;
    const owner = { userId: 'u-housing', username: 'nhao' };
    expect(of(reminded, (x) => closeFollowUp(x, { followUpId: '1.1', note: 'Đã bố trí', actor: owner }, at))).toEqual([]);
    expect(of(reminded, (x) => fireTermEvent(x, { kind: 'follow_up_reminder', at, followUpId: '1.2' }, at)).map((n) => n.key)).toEqual(['case-7:follow-up-reminder:1.2']);
  });

  it('a continuation is asked once per review: not again while it waits, again for a later not_completed review', () => {
    const waiting = submitReview(active(), review(1, { rating: 'not_completed' }), AT1).state;
    const now = '2026-08-01T03:00:00.000Z';
    expect(of(waiting, (x) => submitReview(x, review(2, { heldAt: '2026-07-31', rating: 'good' }), now))).toEqual([]);
    expect(of(waiting, (x) => submitReview(x, review(2, { heldAt: '2026-07-31', rating: 'not_completed' }), now))).toEqual([
      task('continuation:2', 'continuation', { roles: [organizers] }, null),
    ]);
    expect(of(waiting, (x) => decideContinuation(x, { decision: 'continue', reason: 'Tiếp tục', actor: organizer }, now))).toEqual([]);
    expect(of(waiting, (x) => decideContinuation(x, { decision: 'terminate', reason: 'Chấm dứt', actor: organizer }, now))).toEqual([]);
  });

  it('the term end asks the organizers to decide, keyed by the extensions so far', () => {
    const s = active();
    expect(of(s, (x) => fireTermEvent(x, { kind: 'term_end', at: TERM_END }, TERM_END))).toEqual([
      // Due when the decision becomes overdue: the term end plus the escalation days (5 here).
      task('term-end:0', 'term_end', { roles: [organizers] }, addDays(TERM_END, 5)),
    ]);
    const reached = fireTermEvent(s, { kind: 'term_end', at: TERM_END }, TERM_END).state;
    expect(of(reached, (x) => decideTermEnd(x, { outcome: 'return', actor: organizer }, AFTER_END))).toEqual([]);
    expect(of(reached, (x) => decideTermEnd(x, { outcome: 'appoint', position: 'Chủ tịch UBND xã', actor: organizer }, AFTER_END))).toEqual([]);
    expect(of(reached, (x) => decideTermEnd(x, { outcome: 'extend', extendMonths: 6, actor: organizer }, AFTER_END))).toEqual([]);
    const extended = decideTermEnd(reached, { outcome: 'extend', extendMonths: 6, actor: organizer }, AFTER_END).state;
    const newEnd = extended.termEndsAt!;
    expect(of(extended, (x) => fireTermEvent(x, { kind: 'term_end', at: newEnd }, newEnd))).toEqual([task('term-end:1', 'term_end', { roles: [organizers] }, addDays(newEnd, 5))]);
  });

  it('termination calls for nothing', () => {
    expect(of(withFollowUps(), (x) => terminate(x, { reason: 'Vi phạm', actor: organizer }, AT1))).toEqual([]);
  });
});

describe('keys', () => {
  it('name each event once over a whole case, and are the same when a change is replayed', () => {
    const steps: ((s: CaseState) => Transition)[] = [
      (s) => consult(s, 'cadre', 'object'),
      (s) => consult(s, 'sending_unit'),
      (s) => consult(s, 'receiving_unit'),
      (s) => appraise(s, { outcome: 'return', note: 'Lấy lại ý kiến', resolutions: [], committee: null, actor: organizer }, STEP),
      (s) => consult(s, 'cadre'),
      (s) => consult(s, 'sending_unit'),
      (s) => consult(s, 'receiving_unit'),
      endorse,
      (s) => vote(s, 'm1'),
      (s) => vote(s, 'm3'),
      (s) => signDecision(s, DECISION, STEP),
      (s) => activate(s, activationInstant(s)),
      (s) => fireTermEvent(s, { kind: 'review_reminder', at: REM1, seq: 1 }, REM1),
      (s) => fireTermEvent(s, { kind: 'review_escalation', at: ESC1, seq: 1 }, ESC1),
      (s) => submitReview(s, review(1, { rating: 'not_completed', followUps: FOLLOW_UPS }), addDays(ESC1, 1)),
      (s) => fireTermEvent(s, { kind: 'follow_up_reminder', at: '2026-05-27T17:00:00.000Z', followUpId: '1.1' }, '2026-05-27T17:00:00.000Z'),
      (s) => decideContinuation(s, { decision: 'continue', reason: 'Tiếp tục', actor: organizer }, '2026-05-28T03:00:00.000Z'),
      (s) => fireTermEvent(s, { kind: 'term_end', at: TERM_END }, TERM_END),
      (s) => decideTermEnd(s, { outcome: 'extend', extendMonths: 6, actor: organizer }, AFTER_END),
      (s) => fireTermEvent(s, { kind: 'term_end', at: s.termEndsAt! }, s.termEndsAt!),
      (s) => decideTermEnd(s, { outcome: 'return', actor: organizer }, s.termEndsAt!),
    ];
    let state = initialCaseState(input);
    const keys = notes(null, state).map((n) => n.key);
    for (const step of steps) {
      const after = step(state).state;
      keys.push(...notes(state, after).map((n) => n.key));
      // Replayed on an equal state, the step calls for the same notifications.
      expect(caseNotifications(structuredClone(state), step(structuredClone(state)).state)).toEqual(caseNotifications(state, after));
      state = after;
    }
    expect(state.status).toBe('completed');
    expect(keys).toEqual([
      'case-7:task:consultation:1',
      'case-7:task:appraisal:1',
      'case-7:task:consultation:2',
      'case-7:task:appraisal:2',
      'case-7:task:vote',
      'case-7:task:decision',
      'case-7:vote-closed',
      'case-7:decision',
      'case-7:review-reminder:1',
      'case-7:review-escalation:1',
      'case-7:task:follow-up:1.1',
      'case-7:task:follow-up:1.2',
      'case-7:task:continuation:1',
      'case-7:follow-up-reminder:1.1',
      'case-7:task:term-end:0',
      'case-7:task:term-end:1',
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('carry the case id, so two cases never share one', () => {
    const other = initialCaseState({ ...input, id: 'case-8' });
    expect(notes(null, other).map((n) => [n.key, n.rotationId])).toEqual([['case-8:task:consultation:1', 'case-8']]);
  });
});
