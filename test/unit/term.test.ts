import { activate, activationInstant, withdraw } from '../../domain/rotation-case';
import type { Transition } from '../../domain/case-transition';
import { Refusal } from '../../domain/refusal';
import { addDays, localDate, startOfLocalDay } from '../../domain/calendar';
import {
  closeFollowUp,
  daysOverdue,
  decideContinuation,
  decideTermEnd,
  fireTermEvent,
  pendingTermEvents,
  reviewsAt,
  scheduleTerm,
  submitReview,
  terminate,
  timingsOf,
} from '../../domain/term';
import type { Actor, CaseInput, CaseState, StepDeadlines } from '../../domain/types';
import { type CaseScript, caseAt, deepFreeze, FOLLOW_UPS, organizer, reviewer, reviewInput, termProposal, termScript } from '../support/domain-fixtures';

// The term case of the shared fixtures: 12 months effective 31 Jan 2026 (a month end), reviewed every
// 3 months, reminder 10 days before, escalation 5 days after, follow-up reminder 4 days before.
const housing: Actor = { userId: 'u-housing', username: 'nhaocongvu' };
const DEADLINES: StepDeadlines = termProposal.deadlines;
const input: CaseInput = termProposal;
const STEP = termScript.at;

// The term on the Vietnamese calendar: each instant is the start of a day in Vietnam (17:00 UTC the day before).
const ACTIVATED = '2026-01-30T17:00:00.000Z'; // 31 Jan 2026
const DUE1 = '2026-04-29T17:00:00.000Z'; // 30 Apr (31 Jan + 3 months, clamped)
const REM1 = '2026-04-19T17:00:00.000Z';
const ESC1 = '2026-05-04T17:00:00.000Z';
const DUE2 = '2026-07-30T17:00:00.000Z'; // 31 Jul, counted from 31 Jan, not from 30 Apr
const REM2 = '2026-07-20T17:00:00.000Z';
const ESC2 = '2026-08-04T17:00:00.000Z';
const DUE3 = '2026-10-30T17:00:00.000Z'; // 31 Oct
const REM3 = '2026-10-20T17:00:00.000Z';
const ESC3 = '2026-11-04T17:00:00.000Z';
const TERM_END = '2027-01-30T17:00:00.000Z'; // 31 Jan 2027
/** 10:00 on 2 May in Vietnam: review 1 is due, not yet overdue. */
const AT1 = '2026-05-02T03:00:00.000Z';
/** Two days after the term end. */
const AFTER_END = '2027-02-01T03:00:00.000Z';

const plus = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

/** Runs a transition on a frozen state: it must not touch it, and must move the version on by one. */
function apply(state: CaseState, step: (s: CaseState) => Transition): Transition {
  const snapshot = structuredClone(state);
  const t = step(deepFreeze(state));
  expect(state).toEqual(snapshot);
  expect(t.state.version).toBe(snapshot.version + 1);
  return t;
}

function refused(state: CaseState, step: (s: CaseState) => unknown): Refusal {
  const snapshot = structuredClone(state);
  try {
    step(deepFreeze(state));
  } catch (e) {
    expect(state).toEqual(snapshot);
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const withDeadlines = (deadlines: StepDeadlines): CaseScript => ({ ...termScript, input: { ...input, deadlines } });
const decided = (deadlines: StepDeadlines = DEADLINES): CaseState => caseAt('decided', withDeadlines(deadlines));
const active = (deadlines: StepDeadlines = DEADLINES): CaseState => caseAt('active', withDeadlines(deadlines));
const review = reviewInput;

/** Review 1 recorded on 2 May with three follow-ups. */
function reviewed1(): CaseState {
  return submitReview(active(), review(1, { followUps: FOLLOW_UPS }), AT1).state;
}

/** All three reviews recorded, none late, no follow-ups. */
function allReviewed(): CaseState {
  let s = submitReview(active(), review(1), AT1).state;
  s = submitReview(s, review(2, { heldAt: '2026-07-31' }), '2026-08-01T03:00:00.000Z').state;
  return submitReview(s, review(3, { heldAt: '2026-10-31' }), '2026-11-01T03:00:00.000Z').state;
}

/** All reviews done and the term end reached. */
function atTermEnd(): CaseState {
  return fireTermEvent(allReviewed(), { kind: 'term_end', at: TERM_END }, TERM_END).state;
}

describe('timings of a case', () => {
  it('are the ones fixed at the proposal', () => {
    expect(timingsOf(active())).toEqual({ reminderDaysBefore: 10, escalationDaysAfter: 5, followUpReminderDaysBefore: 4 });
  });
  it('default to 7, 7 and 3 days for cases proposed before reviews ran', () => {
    expect(timingsOf({ deadlines: { consultationDays: 14, voteDays: 7 } })).toEqual({ reminderDaysBefore: 7, escalationDaysAfter: 7, followUpReminderDaysBefore: 3 });
  });
});

describe('scheduleTerm', () => {
  it('counts the reviews and the end from the effective date on the Vietnamese calendar', () => {
    const term = scheduleTerm(decided());
    expect(term).toEqual({
      reviews: [
        { seq: 1, dueAt: DUE1, status: 'upcoming' },
        { seq: 2, dueAt: DUE2, status: 'upcoming' },
        { seq: 3, dueAt: DUE3, status: 'upcoming' },
      ],
      nextReviewDueAt: DUE1,
      termEndsAt: TERM_END,
      extensions: [],
    });
    expect(term.reviews.map((r) => localDate(r.dueAt))).toEqual(['2026-04-30', '2026-07-31', '2026-10-31']);
    expect(localDate(term.termEndsAt!)).toBe('2027-01-31');
  });

  it('does not change the decided state', () => {
    const d = deepFreeze(decided());
    const copy = structuredClone(d);
    scheduleTerm(d);
    expect(d).toEqual(copy);
  });

  it('is what activation sets, once, at the start of the effective date', () => {
    const d = decided();
    const t = apply(d, (s) => activate(s, activationInstant(s)));
    expect(activationInstant(d)).toBe(ACTIVATED);
    expect(t.state).toMatchObject({ status: 'active', activatedAt: ACTIVATED, termEndsAt: TERM_END, nextReviewDueAt: DUE1, extensions: [] });
    expect(t.state.reviews).toEqual(scheduleTerm(d).reviews);
    expect(t.state).toMatchObject({ termEndReachedAt: null, followUps: [], continuation: null });
  });

  it('leaves out a review falling on the term end (6-month interval, 12 months)', () => {
    const d = { ...decided(), reviewIntervalMonths: 6 };
    expect(scheduleTerm(d).reviews.map((r) => localDate(r.dueAt))).toEqual(['2026-07-31']);
  });
});

describe('reviewsAt', () => {
  const statusOf1 = (s: CaseState, now: string) => reviewsAt(s, now)[0].status;

  it('is upcoming before the due day, due from its start, overdue from the case’s escalation instant', () => {
    const s = active();
    expect(statusOf1(s, REM1)).toBe('upcoming');
    expect(statusOf1(s, plus(DUE1, -1))).toBe('upcoming');
    expect(statusOf1(s, DUE1)).toBe('due');
    // The case escalates after 5 days, not the default 7.
    expect(statusOf1(s, plus(ESC1, -1))).toBe('due');
    expect(statusOf1(s, ESC1)).toBe('overdue');
    expect(statusOf1(s, addDays(DUE1, 6))).toBe('overdue');
  });

  it('uses the default 7 days for a case without review timings', () => {
    const s = active({ consultationDays: 14, voteDays: 7 });
    expect(statusOf1(s, addDays(DUE1, 6))).toBe('due');
    expect(statusOf1(s, addDays(DUE1, 7))).toBe('overdue');
  });

  it('is done once recorded, whenever asked, and leaves the other reviews alone', () => {
    const s = reviewed1();
    expect(reviewsAt(s, AT1).map((r) => r.status)).toEqual(['done', 'upcoming', 'upcoming']);
    expect(reviewsAt(s, addDays(DUE2, 1)).map((r) => r.status)).toEqual(['done', 'due', 'upcoming']);
    expect(reviewsAt(s, addDays(DUE3, 30)).map((r) => r.status)).toEqual(['done', 'overdue', 'overdue']);
  });

  it('does not change the state (the stored status stays as the workflow keeps it)', () => {
    const s = deepFreeze(active());
    expect(reviewsAt(s, ESC1)[0]).toEqual({ seq: 1, dueAt: DUE1, status: 'overdue' });
    expect(s.reviews[0].status).toBe('upcoming');
  });
});

describe('pendingTermEvents', () => {
  it('lists every reminder, escalation and the term end of a new term, earliest first', () => {
    expect(pendingTermEvents(active(), ACTIVATED)).toEqual([
      { kind: 'review_reminder', at: REM1, seq: 1 },
      { kind: 'review_escalation', at: ESC1, seq: 1 },
      { kind: 'review_reminder', at: REM2, seq: 2 },
      { kind: 'review_escalation', at: ESC2, seq: 2 },
      { kind: 'review_reminder', at: REM3, seq: 3 },
      { kind: 'review_escalation', at: ESC3, seq: 3 },
      { kind: 'term_end', at: TERM_END },
    ]);
  });

  it('sorts follow-up reminders in by time; at the same instant reviews, then follow-ups, then the term end', () => {
    const s = reviewed1();
    expect(pendingTermEvents(s, AT1)).toEqual([
      // 1 Jun - 4 days: before review 2's reminder, though follow-ups are listed after reviews.
      { kind: 'follow_up_reminder', at: '2026-05-27T17:00:00.000Z', followUpId: '1.1' },
      { kind: 'review_reminder', at: REM2, seq: 2 },
      { kind: 'review_escalation', at: ESC2, seq: 2 },
      // 9 Aug - 4 days = 5 Aug, the same instant as review 2's escalation.
      { kind: 'follow_up_reminder', at: ESC2, followUpId: '1.2' },
      { kind: 'review_reminder', at: REM3, seq: 3 },
      { kind: 'review_escalation', at: ESC3, seq: 3 },
      // 4 Feb 2027 - 4 days = 31 Jan 2027, the term end.
      { kind: 'follow_up_reminder', at: TERM_END, followUpId: '1.3' },
      { kind: 'term_end', at: TERM_END },
    ]);
  });

  it('reminds a follow-up the case’s followUpReminderDays before its due day (3 by default)', () => {
    const own = pendingTermEvents(reviewed1(), AT1).find((e) => e.kind === 'follow_up_reminder');
    expect(own?.at).toBe(addDays(startOfLocalDay('2026-06-01'), -4));
    const legacy = submitReview(active({ consultationDays: 14, voteDays: 7 }), review(1, { followUps: FOLLOW_UPS.slice(0, 1) }), AT1).state;
    expect(pendingTermEvents(legacy, AT1).find((e) => e.kind === 'follow_up_reminder')).toEqual({
      kind: 'follow_up_reminder',
      at: '2026-05-28T17:00:00.000Z',
      followUpId: '1.1',
    });
  });

  it('keeps a reminder whose time has passed while the review is not yet overdue, and drops it once overdue', () => {
    const s = active();
    expect(pendingTermEvents(s, plus(ESC1, -1))[0]).toEqual({ kind: 'review_reminder', at: REM1, seq: 1 });
    const atEscalation = pendingTermEvents(s, ESC1);
    expect(atEscalation[0]).toEqual({ kind: 'review_escalation', at: ESC1, seq: 1 });
    expect(atEscalation.some((e) => e.kind === 'review_reminder' && e.seq === 1)).toBe(false);
    expect(atEscalation.some((e) => e.kind === 'review_reminder' && e.seq === 2)).toBe(true);
  });

  it('skips the reminder of a review already overdue when the case became active late, but escalates it', () => {
    const d = decided();
    const late = activate(d, '2026-05-10T00:00:00.000Z').state;
    expect(pendingTermEvents(late, late.activatedAt!).slice(0, 3)).toEqual([
      { kind: 'review_escalation', at: ESC1, seq: 1 },
      { kind: 'review_reminder', at: REM2, seq: 2 },
      { kind: 'review_escalation', at: ESC2, seq: 2 },
    ]);
  });

  it('sends no reminder twice, no reminder after an escalation, and nothing for a review done', () => {
    const reminded = fireTermEvent(active(), { kind: 'review_reminder', at: REM1, seq: 1 }, REM1).state;
    expect(pendingTermEvents(reminded, REM1).filter((e) => 'seq' in e && e.seq === 1)).toEqual([{ kind: 'review_escalation', at: ESC1, seq: 1 }]);
    const escalated = fireTermEvent(active(), { kind: 'review_escalation', at: ESC1, seq: 1 }, ESC1).state;
    expect(pendingTermEvents(escalated, ACTIVATED).filter((e) => 'seq' in e && e.seq === 1)).toEqual([]);
    expect(pendingTermEvents(reviewed1(), AT1).filter((e) => 'seq' in e && e.seq === 1)).toEqual([]);
  });

  it('forgets a follow-up once reminded or closed', () => {
    let s = reviewed1();
    s = fireTermEvent(s, { kind: 'follow_up_reminder', at: '2026-05-27T17:00:00.000Z', followUpId: '1.1' }, '2026-05-27T17:00:00.000Z').state;
    s = closeFollowUp(s, { followUpId: '1.2', note: 'Đã cử đi', actor: { userId: 'u-train', username: 'daotao' } }, '2026-06-01T03:00:00.000Z').state;
    const ids = pendingTermEvents(s, '2026-06-01T03:00:00.000Z').flatMap((e) => (e.kind === 'follow_up_reminder' ? [e.followUpId] : []));
    expect(ids).toEqual(['1.3']);
  });

  it('has the term end once, and not after it was reached', () => {
    const s = allReviewed();
    expect(pendingTermEvents(s, AFTER_END)).toEqual([{ kind: 'term_end', at: TERM_END }]);
    expect(pendingTermEvents(atTermEnd(), AFTER_END)).toEqual([]);
  });

  it('is empty for a case that is not active', () => {
    expect(pendingTermEvents(decided(), ACTIVATED)).toEqual([]);
    expect(pendingTermEvents(withdraw(decided(), { reason: 'Ốm', actor: organizer }, STEP).state, ACTIVATED)).toEqual([]);
    expect(pendingTermEvents(terminate(reviewed1(), { reason: 'Vi phạm', actor: organizer }, AT1).state, AT1)).toEqual([]);
    const completed = decideTermEnd(atTermEnd(), { outcome: 'return', actor: organizer }, AFTER_END).state;
    expect(pendingTermEvents(completed, AFTER_END)).toEqual([]);
  });
});

describe('fireTermEvent', () => {
  it('review_reminder marks the review reminded and keeps it upcoming', () => {
    const t = apply(active(), (s) => fireTermEvent(s, { kind: 'review_reminder', at: REM1, seq: 1 }, REM1));
    expect(t.state.reviews[0]).toEqual({ seq: 1, dueAt: DUE1, status: 'upcoming', remindedAt: REM1 });
    expect(t.state.reviews.slice(1)).toEqual(active().reviews.slice(1));
    expect(t.event).toEqual({ action: 'review_reminder_sent', actor: null, detail: { seq: 1, dueAt: DUE1 } });
  });

  it('review_escalation marks the review overdue and names the secretary of the deciding unit', () => {
    const now = plus(ESC1, 1500);
    const t = apply(active(), (s) => fireTermEvent(s, { kind: 'review_escalation', at: ESC1, seq: 1 }, now));
    expect(t.state.reviews[0]).toEqual({ seq: 1, dueAt: DUE1, status: 'overdue', escalatedAt: now });
    expect(t.event).toEqual({
      action: 'review_overdue',
      actor: null,
      detail: { seq: 1, dueAt: DUE1, escalatedTo: 'secretary', decidingUnitId: 'P1' },
    });
  });

  it('follow_up_reminder marks the follow-up reminded', () => {
    const at = '2026-05-27T17:00:00.000Z';
    const t = apply(reviewed1(), (s) => fireTermEvent(s, { kind: 'follow_up_reminder', at, followUpId: '1.1' }, at));
    expect(t.state.followUps!.map((f) => f.remindedAt)).toEqual([at, null, null]);
    expect(t.event).toEqual({
      action: 'follow_up_reminder_sent',
      actor: null,
      detail: { followUpId: '1.1', ownerUserId: 'u-housing', dueDate: '2026-06-01' },
    });
  });

  it('term_end records that the end was reached and gives the organizer the escalation days to decide', () => {
    const t = apply(allReviewed(), (s) => fireTermEvent(s, { kind: 'term_end', at: TERM_END }, TERM_END));
    expect(t.state).toMatchObject({ status: 'active', termEndReachedAt: TERM_END, stepDueAt: addDays(TERM_END, 5) });
    expect(t.event).toEqual({ action: 'term_end_reached', actor: null, detail: { termEndsAt: TERM_END, months: 12 } });
  });

  it('is refused when the case is not active, or names a review or follow-up the case does not have', () => {
    expect(refused(decided(), (s) => fireTermEvent(s, { kind: 'term_end', at: TERM_END }, TERM_END)).kind).toBe('conflict');
    expect(refused(active(), (s) => fireTermEvent(s, { kind: 'review_reminder', at: REM1, seq: 9 }, REM1)).kind).toBe('conflict');
    expect(refused(active(), (s) => fireTermEvent(s, { kind: 'review_escalation', at: ESC1, seq: 9 }, ESC1)).kind).toBe('conflict');
    expect(refused(active(), (s) => fireTermEvent(s, { kind: 'follow_up_reminder', at: ESC1, followUpId: '1.1' }, ESC1)).kind).toBe('not_found');
  });
});

describe('daysOverdue', () => {
  it.each([
    [plus(DUE1, -86_400_000), 0],
    [DUE1, 0],
    [plus(DUE1, 86_400_000 - 1), 0],
    [addDays(DUE1, 1), 1],
    [plus(addDays(DUE1, 5), 12 * 3_600_000), 5],
    [addDays(DUE1, 40), 40],
  ])('at %s is %i', (now, days) => {
    expect(daysOverdue(DUE1, now)).toBe(days);
  });
});

describe('submitReview', () => {
  it('records a due review, from the first instant of its due day', () => {
    const t = apply(active(), (s) => submitReview(s, review(1), DUE1));
    expect(t.state.reviews[0]).toEqual({
      seq: 1,
      dueAt: DUE1,
      status: 'done',
      rating: 'good',
      heldAt: '2026-04-30',
      doneAt: DUE1,
      reviewedBy: reviewer,
      aspirations: 'Mong được bố trí nhà công vụ',
      difficulties: 'Đường xa, đi lại khó khăn',
    });
    expect(t.state.reviews.slice(1).map((r) => r.status)).toEqual(['upcoming', 'upcoming']);
    expect(t.state.nextReviewDueAt).toBe(DUE2);
    expect(t.state.continuation).toBeNull();
    expect(t.event).toEqual({
      action: 'review_recorded',
      actor: reviewer,
      detail: {
        seq: 1,
        heldAt: '2026-04-30',
        rating: 'good',
        aspirations: 'Mong được bố trí nhà công vụ',
        difficulties: 'Đường xa, đi lại khó khăn',
        followUps: [],
        daysLate: 0,
      },
    });
  });

  it('records an escalated review and counts the days late from its due date', () => {
    const escalated = fireTermEvent(active(), { kind: 'review_escalation', at: ESC1, seq: 1 }, ESC1).state;
    const now = '2026-05-09T05:00:00.000Z'; // 9 days and 12 hours after 30 Apr began
    const t = apply(escalated, (s) => submitReview(s, review(1, { heldAt: '2026-05-08' }), now));
    expect(t.state.reviews[0]).toMatchObject({ status: 'done', escalatedAt: ESC1, doneAt: now });
    expect(t.event.detail.daysLate).toBe(9);
  });

  it('records a review overdue by the clock even before the escalation fired', () => {
    const t = apply(active(), (s) => submitReview(s, review(1), ESC1));
    expect(t.state.reviews[0].status).toBe('done');
    expect(t.event.detail.daysLate).toBe(5);
  });

  it('moves the next review due on, to null once the last is done', () => {
    const s = allReviewed();
    expect(s.reviews.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect(s.nextReviewDueAt).toBeNull();
    const two = submitReview(reviewed1(), review(2, { heldAt: '2026-07-31' }), '2026-08-01T03:00:00.000Z').state;
    expect(two.nextReviewDueAt).toBe(DUE3);
  });

  it('is refused as a conflict while upcoming, once done, or for a review the case does not have', () => {
    expect(refused(active(), (s) => submitReview(s, review(1), plus(DUE1, -1))).kind).toBe('conflict');
    expect(refused(active(), (s) => submitReview(s, review(2), AT1)).kind).toBe('conflict');
    const done = refused(reviewed1(), (s) => submitReview(s, review(1), addDays(AT1, 1)));
    expect(done).toMatchObject({ kind: 'conflict', message: 'review 1 was already done on 2026-05-02' });
    expect(refused(active(), (s) => submitReview(s, review(4), AFTER_END))).toMatchObject({ kind: 'conflict', message: 'the case has no review 4' });
    expect(refused(decided(), (s) => submitReview(s, review(1), AT1)).kind).toBe('conflict');
  });

  it('refuses a review held in the future, on the Vietnamese calendar', () => {
    const now = '2026-05-01T18:00:00.000Z'; // 01:00 on 2 May in Vietnam
    expect(submitReview(active(), review(1, { heldAt: '2026-05-02' }), now).state.reviews[0].status).toBe('done');
    expect(refused(active(), (s) => submitReview(s, review(1, { heldAt: '2026-05-03' }), now))).toMatchObject({ kind: 'rule', path: 'heldAt' });
    expect(refused(active(), (s) => submitReview(s, review(1, { heldAt: '2026-05-01T18:01:00.000Z' }), now))).toMatchObject({ kind: 'rule', path: 'heldAt' });
  });

  it('refuses a review held before the effective date, on the Vietnamese calendar', () => {
    expect(refused(active(), (s) => submitReview(s, review(1, { heldAt: '2026-01-30' }), AT1))).toMatchObject({ kind: 'rule', path: 'heldAt' });
    // 23:59 on 30 Jan in Vietnam is still the day before.
    expect(refused(active(), (s) => submitReview(s, review(1, { heldAt: '2026-01-30T16:59:00.000Z' }), AT1))).toMatchObject({ kind: 'rule', path: 'heldAt' });
    expect(submitReview(active(), review(1, { heldAt: '2026-01-30T17:00:00.000Z' }), AT1).state.reviews[0].status).toBe('done');
    expect(submitReview(active(), review(1, { heldAt: '2026-01-31' }), AT1).state.reviews[0].status).toBe('done');
  });

  it('refuses a follow-up due before the day the review was held, naming it', () => {
    const followUps = [
      { action: 'Bố trí nhà công vụ', ownerUserId: 'u-housing', dueDate: '2026-05-15' },
      { action: 'Họp giao ban', ownerUserId: 'u-org', dueDate: '2026-04-29' },
    ];
    const e = refused(active(), (s) => submitReview(s, review(1, { heldAt: '2026-04-30', followUps }), AT1));
    expect(e).toMatchObject({ kind: 'rule', path: 'followUps.1.dueDate' });
    const sameDay = submitReview(active(), review(1, { heldAt: '2026-04-30', followUps: [{ ...followUps[1], dueDate: '2026-04-30' }] }), AT1);
    expect(sameDay.state.followUps).toHaveLength(1);
  });

  it('opens the follow-ups agreed, numbered seq.n, after those of earlier reviews', () => {
    const t = apply(active(), (s) => submitReview(s, review(1, { followUps: FOLLOW_UPS }), AT1));
    expect(t.state.followUps![0]).toEqual({
      id: '1.1',
      reviewSeq: 1,
      action: 'Bố trí nhà công vụ',
      ownerUserId: 'u-housing',
      dueDate: '2026-06-01',
      status: 'open',
      remindedAt: null,
      closedAt: null,
      closedBy: null,
      note: null,
    });
    expect(t.state.followUps!.map((f) => f.id)).toEqual(['1.1', '1.2', '1.3']);
    expect(t.event.detail.followUps).toEqual([
      { id: '1.1', action: 'Bố trí nhà công vụ', ownerUserId: 'u-housing', dueDate: '2026-06-01' },
      { id: '1.2', action: 'Cử đi tập huấn', ownerUserId: 'u-train', dueDate: '2026-08-09' },
      { id: '1.3', action: 'Tổng kết việc tháo gỡ khó khăn', ownerUserId: 'u-org', dueDate: '2027-02-04' },
    ]);
    const second = apply(t.state, (s) => submitReview(s, review(2, { heldAt: '2026-07-31', followUps: FOLLOW_UPS.slice(1) }), '2026-08-01T03:00:00.000Z'));
    expect(second.state.followUps!.map((f) => [f.id, f.reviewSeq])).toEqual([
      ['1.1', 1],
      ['1.2', 1],
      ['1.3', 1],
      ['2.1', 2],
      ['2.2', 2],
    ]);
  });

  it('asks for a continuation decision on not_completed, and keeps one pending through later reviews', () => {
    const t = apply(active(), (s) => submitReview(s, review(1, { rating: 'not_completed' }), AT1));
    expect(t.state.continuation).toEqual({ reviewSeq: 1, askedAt: AT1 });
    expect(t.state.status).toBe('active');
    const later = submitReview(t.state, review(2, { heldAt: '2026-07-31', rating: 'excellent' }), '2026-08-01T03:00:00.000Z').state;
    expect(later.continuation).toEqual({ reviewSeq: 1, askedAt: AT1 });
    const again = submitReview(t.state, review(2, { heldAt: '2026-07-31', rating: 'not_completed' }), '2026-08-01T03:00:00.000Z').state;
    expect(again.continuation).toEqual({ reviewSeq: 2, askedAt: '2026-08-01T03:00:00.000Z' });
  });
});

describe('closeFollowUp', () => {
  const close = (followUpId: string, actor: Actor = housing) => ({ followUpId, note: 'Đã bố trí nhà công vụ', actor });
  const now = '2026-05-20T03:00:00.000Z';

  it('closes the follow-up for its owner, with a note', () => {
    const t = apply(reviewed1(), (s) => closeFollowUp(s, close('1.1'), now));
    expect(t.state.followUps![0]).toMatchObject({ id: '1.1', status: 'closed', closedAt: now, closedBy: housing, note: 'Đã bố trí nhà công vụ' });
    expect(t.state.followUps!.slice(1).map((f) => f.status)).toEqual(['open', 'open']);
    expect(t.event).toEqual({ action: 'follow_up_closed', actor: housing, detail: { followUpId: '1.1', action: 'Bố trí nhà công vụ', note: 'Đã bố trí nhà công vụ' } });
  });

  it('is forbidden to anyone but the owner, even the organizer', () => {
    expect(refused(reviewed1(), (s) => closeFollowUp(s, close('1.1', organizer), now)).kind).toBe('forbidden');
  });

  it('does not find a follow-up the case does not have', () => {
    expect(refused(reviewed1(), (s) => closeFollowUp(s, close('1.9'), now)).kind).toBe('not_found');
    expect(refused(reviewed1(), (s) => closeFollowUp(s, close('2.1'), now)).kind).toBe('not_found');
  });

  it('is a conflict the second time', () => {
    const closed = closeFollowUp(reviewed1(), close('1.1'), now).state;
    const e = refused(closed, (s) => closeFollowUp(s, close('1.1'), addDays(now, 1)));
    expect(e.kind).toBe('conflict');
    expect(e.message).toContain('2026-05-20');
  });

  it('is refused when the case is not active', () => {
    const ended = terminate(reviewed1(), { reason: 'Vi phạm', actor: organizer }, now).state;
    expect(refused(ended, (s) => closeFollowUp(s, close('1.1'), now)).kind).toBe('conflict');
  });
});

describe('decideContinuation', () => {
  const pendingDecision = () => submitReview(active(), review(1, { rating: 'not_completed', followUps: FOLLOW_UPS.slice(0, 2) }), AT1).state;
  const now = '2026-05-05T03:00:00.000Z';

  it('is a conflict with no decision pending', () => {
    expect(refused(reviewed1(), (s) => decideContinuation(s, { decision: 'continue', reason: 'x', actor: organizer }, now)).kind).toBe('conflict');
  });

  it('continue clears the pending decision and keeps the case active', () => {
    const t = apply(pendingDecision(), (s) => decideContinuation(s, { decision: 'continue', reason: 'Cho thêm thời gian', actor: organizer }, now));
    expect(t.state).toMatchObject({ status: 'active', continuation: null, endedAt: null });
    expect(t.event).toEqual({ action: 'continuation_confirmed', actor: organizer, detail: { reviewSeq: 1, reason: 'Cho thêm thời gian' } });
    expect(refused(t.state, (s) => decideContinuation(s, { decision: 'continue', reason: 'x', actor: organizer }, now)).kind).toBe('conflict');
  });

  it('terminate ends the case, one version on', () => {
    const t = apply(pendingDecision(), (s) => decideContinuation(s, { decision: 'terminate', reason: 'Không hoàn thành nhiệm vụ', actor: organizer }, now));
    expect(t.state).toMatchObject({ status: 'terminated', endedAt: now, endReason: 'Không hoàn thành nhiệm vụ', stepDueAt: null, continuation: null });
    expect(t.event).toEqual({
      action: 'terminated',
      actor: organizer,
      detail: { reason: 'Không hoàn thành nhiệm vụ', returnedTo: input.retainedPosition, openFollowUps: ['1.1', '1.2'], reviewSeq: 1 },
    });
  });

  it("terminate keeps the competent level's decision number, on the case and in its history", () => {
    const t = apply(pendingDecision(), (s) =>
      decideContinuation(s, { decision: 'terminate', reason: 'Không hoàn thành nhiệm vụ', decisionNumber: '91-QĐ/HU', actor: organizer }, now),
    );
    expect(t.state).toMatchObject({ status: 'terminated', endDecisionNumber: '91-QĐ/HU' });
    expect(t.event.detail).toMatchObject({ decisionNumber: '91-QĐ/HU', reviewSeq: 1 });
  });
});

describe('decideTermEnd', () => {
  it('is a conflict before the term ends', () => {
    const s = allReviewed();
    const e = refused(s, (x) => decideTermEnd(x, { outcome: 'return', actor: organizer }, plus(TERM_END, -1)));
    expect(e).toMatchObject({ kind: 'conflict', message: 'the term does not end until 2027-01-31' });
  });

  it('is allowed from the first instant of the end day, before the term_end event fired', () => {
    expect(decideTermEnd(allReviewed(), { outcome: 'return', actor: organizer }, TERM_END).state.status).toBe('completed');
  });

  it('return completes the case and records the term end', () => {
    const t = apply(atTermEnd(), (s) => decideTermEnd(s, { outcome: 'return', actor: organizer }, AFTER_END));
    expect(t.state).toMatchObject({
      status: 'completed',
      endedAt: AFTER_END,
      stepDueAt: null,
      termEnd: { outcome: 'return', appointedTo: null, extendMonths: null, at: AFTER_END, by: organizer },
    });
    expect(t.state.endReason).toMatch(/returned/);
    expect(t.event).toEqual({ action: 'term_ended', actor: organizer, detail: { outcome: 'return', returnedTo: input.retainedPosition } });
  });

  it('appoint completes the case with the post at the receiving unit by default', () => {
    const t = apply(atTermEnd(), (s) => decideTermEnd(s, { outcome: 'appoint', position: '  Chủ tịch UBND xã ', actor: organizer }, AFTER_END));
    const appointedTo = { unitId: 'C11', position: 'Chủ tịch UBND xã' };
    expect(t.state).toMatchObject({
      status: 'completed',
      endedAt: AFTER_END,
      stepDueAt: null,
      termEnd: { outcome: 'appoint', appointedTo, extendMonths: null, at: AFTER_END, by: organizer },
    });
    expect(t.event).toEqual({ action: 'term_ended', actor: organizer, detail: { outcome: 'appoint', appointedTo, released: input.retainedPosition } });
  });

  it('appoint at the home unit is allowed, at any other unit is a rule refusal on unitId', () => {
    const home = decideTermEnd(atTermEnd(), { outcome: 'appoint', position: 'Trưởng ban Tổ chức', unitId: 'D1', actor: organizer }, AFTER_END);
    expect(home.state.termEnd!.appointedTo).toEqual({ unitId: 'D1', position: 'Trưởng ban Tổ chức' });
    const e = refused(atTermEnd(), (s) => decideTermEnd(s, { outcome: 'appoint', position: 'Trưởng ban', unitId: 'X9', actor: organizer }, AFTER_END));
    expect(e).toMatchObject({ kind: 'rule', path: 'unitId' });
  });

  it('a unitId with return or extend is a rule refusal on unitId', () => {
    for (const input of [{ outcome: 'return' as const }, { outcome: 'extend' as const, extendMonths: 6 }]) {
      const e = refused(atTermEnd(), (s) => decideTermEnd(s, { ...input, unitId: 'D1', actor: organizer }, AFTER_END));
      expect(e).toMatchObject({ kind: 'rule', path: 'unitId' });
    }
  });

  it('a return or an appointment leaves no continuation decision pending', () => {
    let asked = submitReview(active(), review(1), AT1).state;
    asked = submitReview(asked, review(2, { heldAt: '2026-07-31' }), '2026-08-01T03:00:00.000Z').state;
    asked = submitReview(asked, review(3, { heldAt: '2026-10-31', rating: 'not_completed' }), '2026-11-01T03:00:00.000Z').state;
    expect(asked.continuation).not.toBeNull();
    expect(decideTermEnd(asked, { outcome: 'return', actor: organizer }, AFTER_END).state.continuation).toBeNull();
    expect(decideTermEnd(asked, { outcome: 'appoint', position: 'Phó Bí thư', actor: organizer }, AFTER_END).state.continuation).toBeNull();
  });

  it('extend appends reviews numbered on, moves the term end and waits for the next one', () => {
    const t = apply(atTermEnd(), (s) => decideTermEnd(s, { outcome: 'extend', extendMonths: 6, actor: organizer }, AFTER_END));
    const due4 = startOfLocalDay('2027-01-31');
    const due5 = startOfLocalDay('2027-04-30');
    const newEnd = startOfLocalDay('2027-07-31');
    expect(newEnd).toBe('2027-07-30T17:00:00.000Z');
    expect(t.state).toMatchObject({
      status: 'active',
      extensions: [6],
      termEndsAt: newEnd,
      termEndReachedAt: null,
      stepDueAt: null,
      endedAt: null,
      nextReviewDueAt: due4,
      termEnd: { outcome: 'extend', appointedTo: null, extendMonths: 6, at: AFTER_END, by: organizer },
    });
    expect(t.state.reviews.slice(0, 3)).toEqual(atTermEnd().reviews);
    expect(t.state.reviews.slice(3)).toEqual([
      { seq: 4, dueAt: due4, status: 'upcoming' },
      { seq: 5, dueAt: due5, status: 'upcoming' },
    ]);
    expect(t.event).toEqual({
      action: 'term_extended',
      actor: organizer,
      detail: {
        extendMonths: 6,
        termEndsAt: newEnd,
        addedReviews: [
          { seq: 4, dueAt: due4 },
          { seq: 5, dueAt: due5 },
        ],
      },
    });
    // The term runs on: the next end, once, and the new reviews' reminders and escalations.
    const events = pendingTermEvents(t.state, AFTER_END);
    expect(events.filter((e) => e.kind === 'term_end')).toEqual([{ kind: 'term_end', at: newEnd }]);
    expect(events[0]).toEqual({ kind: 'review_reminder', at: addDays(due4, -10), seq: 4 });
    // Deciding again waits for the new end.
    expect(refused(t.state, (s) => decideTermEnd(s, { outcome: 'return', actor: organizer }, AFTER_END)).kind).toBe('conflict');
  });

  it('extends again from the extended end, recording each extension', () => {
    let s = decideTermEnd(atTermEnd(), { outcome: 'extend', extendMonths: 6, actor: organizer }, AFTER_END).state;
    const newEnd = s.termEndsAt!;
    const reached = apply(s, (x) => fireTermEvent(x, { kind: 'term_end', at: newEnd }, newEnd));
    expect(reached.event.detail).toEqual({ termEndsAt: newEnd, months: 18 });
    expect(reached.state).toMatchObject({ termEndReachedAt: newEnd, stepDueAt: addDays(newEnd, 5) });
    s = reached.state;
    const t = apply(s, (x) => decideTermEnd(x, { outcome: 'extend', extendMonths: 3, actor: organizer }, newEnd));
    expect(t.state).toMatchObject({ extensions: [6, 3], termEndsAt: startOfLocalDay('2027-10-31'), termEndReachedAt: null });
    expect(t.state.reviews.map((r) => [r.seq, localDate(r.dueAt)])).toEqual([
      [1, '2026-04-30'],
      [2, '2026-07-31'],
      [3, '2026-10-31'],
      [4, '2027-01-31'],
      [5, '2027-04-30'],
      [6, '2027-07-31'],
    ]);
  });

  it.each([0, 25, 1.5, null, undefined])('refuses extendMonths %p as a rule on extendMonths', (extendMonths) => {
    const e = refused(atTermEnd(), (s) => decideTermEnd(s, { outcome: 'extend', extendMonths, actor: organizer }, AFTER_END));
    expect(e).toMatchObject({ kind: 'rule', path: 'extendMonths' });
  });

  it('is refused when the case is not active', () => {
    const done = decideTermEnd(atTermEnd(), { outcome: 'return', actor: organizer }, AFTER_END).state;
    expect(refused(done, (s) => decideTermEnd(s, { outcome: 'return', actor: organizer }, AFTER_END)).kind).toBe('conflict');
  });
});

describe('terminate', () => {
  const now = '2026-05-20T03:00:00.000Z';

  it('ends an active case early, listing the follow-ups left open', () => {
    const s = closeFollowUp(reviewed1(), { followUpId: '1.1', note: 'Xong', actor: housing }, now).state;
    const t = apply(s, (x) => terminate(x, { reason: 'Vi phạm kỷ luật', actor: organizer }, now));
    expect(t.state).toMatchObject({ status: 'terminated', endedAt: now, endReason: 'Vi phạm kỷ luật', stepDueAt: null, continuation: null });
    expect(t.event).toEqual({
      action: 'terminated',
      actor: organizer,
      detail: { reason: 'Vi phạm kỷ luật', returnedTo: input.retainedPosition, openFollowUps: ['1.2', '1.3'] },
    });
  });

  it("keeps the competent level's decision ending the term", () => {
    const t = terminate(active(), { reason: 'Điều động', decisionNumber: '301-QĐ/HU', actor: organizer }, now);
    expect(t.state.endDecisionNumber).toBe('301-QĐ/HU');
    expect(t.event.detail).toMatchObject({ reason: 'Điều động', decisionNumber: '301-QĐ/HU' });
  });

  it('clears a pending continuation decision', () => {
    const s = submitReview(active(), review(1, { rating: 'not_completed' }), AT1).state;
    expect(terminate(s, { reason: 'x', actor: organizer }, now).state.continuation).toBeNull();
  });

  it('is only allowed while active', () => {
    expect(refused(decided(), (s) => terminate(s, { reason: 'x', actor: organizer }, now)).kind).toBe('conflict');
    const ended = terminate(active(), { reason: 'x', actor: organizer }, now).state;
    expect(refused(ended, (s) => terminate(s, { reason: 'x', actor: organizer }, now)).kind).toBe('conflict');
  });
});
