// The term of an active case as transitions: periodic reviews and their follow-ups, the
// reminders and escalations the workflow's timers fire, the organizer's decision at the end of
// the term, and early termination. Pure functions shared by the workflow and the API; each
// returns the next state and its history entry, or throws a Refusal.
import { type Transition, ended, next, requirePostNotRetained, requireStatus } from './case-transition';
import {
  type ReviewTimings,
  checkReviewSubmission,
  checkTermEnd,
  escalationAt,
  needsContinuationDecision,
  nextReviewDueAt,
  reminderAt,
  reviewDueDates,
  reviewStatus,
  reviewsAddedByExtension,
  termEnd,
  totalTermMonths,
} from './review-schedule';
import { addDays, localDate, startOfLocalDay, wholeDaysBetween } from './calendar';
import { DEFAULT_DEADLINES } from './deadlines';
import { Refusal } from './refusal';
import type { CaseReview, CaseState, ContinuationInput, FollowUp, FollowUpCloseInput, ReviewInput, TermEndDecisionInput, TerminateInput, UnitPosition } from './types';
import { refusalText } from './refusal-texts';

export interface TermTimings extends ReviewTimings {
  followUpReminderDaysBefore: number;
}

/** The case's own timings, fixed when it was proposed; older cases have the defaults. */
export function timingsOf(state: Pick<CaseState, 'deadlines'>): TermTimings {
  return {
    reminderDaysBefore: state.deadlines.reviewReminderDays ?? DEFAULT_DEADLINES.reviewReminderDays,
    escalationDaysAfter: state.deadlines.reviewEscalationDays ?? DEFAULT_DEADLINES.reviewEscalationDays,
    followUpReminderDaysBefore: state.deadlines.followUpReminderDays ?? DEFAULT_DEADLINES.followUpReminderDays,
  };
}

const ms = (instant: string): number => Date.parse(instant);

/** The term as it starts at activation: its end and every review before it. */
export function scheduleTerm(state: CaseState): Pick<CaseState, 'reviews' | 'nextReviewDueAt' | 'termEndsAt' | 'extensions'> {
  const effectiveDate = state.effectiveDate!;
  const reviews: CaseReview[] = reviewDueDates(effectiveDate, state.reviewIntervalMonths, state.termMonths).map((r) => ({ ...r, status: 'upcoming' }));
  return { reviews, nextReviewDueAt: nextReviewDueAt(reviews), termEndsAt: termEnd(effectiveDate, state.termMonths), extensions: [] };
}

/** The reviews with the status each has at `now`: `due` is a matter of time, not of a change. */
export function reviewsAt(state: CaseState, now: string): CaseReview[] {
  const timings = timingsOf(state);
  return state.reviews.map((r) => ({ ...r, status: reviewStatus(r, now, timings) }));
}

// ---- What the workflow's timers fire ----

export type TermEvent =
  | { kind: 'review_reminder'; at: string; seq: number }
  | { kind: 'review_escalation'; at: string; seq: number }
  | { kind: 'follow_up_reminder'; at: string; followUpId: string }
  | { kind: 'term_end'; at: string };

/**
 * What is still to happen to an active case, earliest first. A reminder whose review is overdue
 * by `now` (a case that became active late) is not sent: the escalation says more.
 */
export function pendingTermEvents(state: CaseState, now: string): TermEvent[] {
  if (state.status !== 'active') return [];
  const timings = timingsOf(state);
  const events: TermEvent[] = [];
  for (const r of state.reviews) {
    if (r.doneAt) continue;
    const escalation = escalationAt(r.dueAt, timings);
    if (!r.remindedAt && !r.escalatedAt && ms(now) < ms(escalation)) events.push({ kind: 'review_reminder', at: reminderAt(r.dueAt, timings), seq: r.seq });
    if (!r.escalatedAt) events.push({ kind: 'review_escalation', at: escalation, seq: r.seq });
  }
  for (const f of state.followUps) {
    if (f.status === 'open' && !f.remindedAt) {
      events.push({ kind: 'follow_up_reminder', at: addDays(startOfLocalDay(f.dueDate), -timings.followUpReminderDaysBefore), followUpId: f.id });
    }
  }
  if (state.termEndsAt && !state.termEndReachedAt) events.push({ kind: 'term_end', at: state.termEndsAt });
  // Stable: at the same instant, reviews before follow-ups before the term end, as listed.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => ms(a.e.at) - ms(b.e.at) || a.i - b.i)
    .map(({ e }) => e);
}

/** Applies a term event whose time has come. */
export function fireTermEvent(state: CaseState, event: TermEvent, now: string): Transition {
  requireStatus(state, event.kind.replaceAll('_', ' '), 'active');
  switch (event.kind) {
    case 'review_reminder': {
      return {
        state: next(state, { reviews: withReview(state, event.seq, { remindedAt: now }) }),
        event: { action: 'review_reminder_sent', actor: null, detail: { seq: event.seq, dueAt: reviewOf(state, event.seq).dueAt } },
      };
    }
    case 'review_escalation': {
      const review = reviewOf(state, event.seq);
      return {
        state: next(state, { reviews: withReview(state, event.seq, { status: 'overdue', escalatedAt: now }) }),
        event: { action: 'review_overdue', actor: null, detail: { seq: event.seq, dueAt: review.dueAt, escalatedTo: 'secretary', decidingUnitId: state.decidingUnitId } },
      };
    }
    case 'follow_up_reminder': {
      const followUp = followUpOf(state, event.followUpId);
      return {
        state: next(state, { followUps: state.followUps.map((f) => (f.id === followUp.id ? { ...f, remindedAt: now } : f)) }),
        event: { action: 'follow_up_reminder_sent', actor: null, detail: { followUpId: followUp.id, ownerUserId: followUp.ownerUserId, dueDate: followUp.dueDate } },
      };
    }
    case 'term_end':
      return {
        state: next(state, { termEndReachedAt: now, stepDueAt: addDays(state.termEndsAt!, timingsOf(state).escalationDaysAfter) }),
        event: { action: 'term_end_reached', actor: null, detail: { termEndsAt: state.termEndsAt, months: totalTermMonths(state.termMonths, state.extensions) } },
      };
  }
}

/** How many whole days a review is past its due date at `now` (0 before it). */
export const daysOverdue: (dueAt: string, now: string) => number = wholeDaysBetween;

// ---- Human steps ----

/** A review held with the cadre: rating, aspirations, difficulties and the follow-ups agreed. */
export function submitReview(state: CaseState, input: ReviewInput, now: string): Transition {
  requireStatus(state, 'recording a review', 'active');
  const review = checkReviewSubmission(state.reviews, input.seq, now, timingsOf(state));
  const heldDay = localDate(startOfLocalDay(input.heldAt));
  if (ms(startOfLocalDay(input.heldAt)) > ms(now)) throw new Refusal('rule', refusalText('review_not_held_yet'), 'heldAt');
  if (heldDay < localDate(startOfLocalDay(state.effectiveDate!))) {
    throw new Refusal('rule', refusalText('review_before_post'), 'heldAt');
  }
  input.followUps.forEach((f, i) => {
    if (f.dueDate < heldDay) throw new Refusal('rule', refusalText('follow_up_before_review'), `followUps.${i}.dueDate`);
  });
  const lateBy = daysOverdue(review.dueAt, now);
  const reviews = withReview(state, input.seq, {
    status: 'done',
    rating: input.rating,
    heldAt: input.heldAt,
    doneAt: now,
    reviewedBy: input.actor,
    aspirations: input.aspirations,
    difficulties: input.difficulties,
  });
  const added: FollowUp[] = input.followUps.map((f, i) => ({
    id: `${input.seq}.${i + 1}`,
    reviewSeq: input.seq,
    action: f.action,
    ownerUserId: f.ownerUserId,
    dueDate: f.dueDate,
    status: 'open',
    remindedAt: null,
    closedAt: null,
    closedBy: null,
    note: null,
  }));
  const continuation = needsContinuationDecision(input.rating) ? { reviewSeq: input.seq, askedAt: now } : state.continuation;
  return {
    state: next(state, { reviews, nextReviewDueAt: nextReviewDueAt(reviews), followUps: [...state.followUps, ...added], continuation }),
    event: {
      action: 'review_recorded',
      actor: input.actor,
      detail: {
        seq: input.seq,
        heldAt: input.heldAt,
        rating: input.rating,
        aspirations: input.aspirations,
        difficulties: input.difficulties,
        followUps: added.map(({ id, action, ownerUserId, dueDate }) => ({ id, action, ownerUserId, dueDate })),
        daysLate: lateBy,
      },
    },
  };
}

/** The owner of a follow-up closes it with a note. */
export function closeFollowUp(state: CaseState, input: FollowUpCloseInput, now: string): Transition {
  requireStatus(state, 'closing a follow-up', 'active');
  const followUp = state.followUps.find((f) => f.id === input.followUpId);
  if (!followUp) throw new Refusal('not_found', refusalText('no_such_follow_up', { id: input.followUpId }));
  if (followUp.ownerUserId !== input.actor.userId) throw new Refusal('forbidden', refusalText('follow_up_owner_only'));
  if (followUp.status === 'closed') throw new Refusal('conflict', refusalText('follow_up_closed', { id: followUp.id, on: localDate(followUp.closedAt!) }));
  const closed: FollowUp = { ...followUp, status: 'closed', closedAt: now, closedBy: input.actor, note: input.note };
  return {
    state: next(state, { followUps: state.followUps.map((f) => (f.id === followUp.id ? closed : f)) }),
    event: { action: 'follow_up_closed', actor: input.actor, detail: { followUpId: followUp.id, action: followUp.action, note: input.note } },
  };
}

/** After a not_completed review the organizer decides whether the rotation continues. */
export function decideContinuation(state: CaseState, input: ContinuationInput, now: string): Transition {
  requireStatus(state, 'deciding on continuation', 'active');
  const pending = state.continuation;
  if (!pending) throw new Refusal('conflict', refusalText('no_continuation_asked'));
  if (input.decision === 'terminate') {
    const { state: terminated, event } = terminate(state, { reason: input.reason, decisionNumber: input.decisionNumber, actor: input.actor }, now);
    return { state: { ...terminated, continuation: null }, event: { ...event, detail: { ...event.detail, reviewSeq: pending.reviewSeq } } };
  }
  return {
    state: next(state, { continuation: null }),
    event: { action: 'continuation_confirmed', actor: input.actor, detail: { reviewSeq: pending.reviewSeq, reason: input.reason } },
  };
}

/**
 * The organizer's decision at the end of the term: back to the retained seat, appointed to a
 * post (at the receiving or the home unit), or an extension that adds months and reviews.
 */
export function decideTermEnd(state: CaseState, input: TermEndDecisionInput, now: string): Transition {
  requireStatus(state, 'deciding the end of the term', 'active');
  const effectiveDate = state.effectiveDate!;
  const extensions = state.extensions;
  const decided = checkTermEnd(input, { effectiveDate, termMonths: state.termMonths, extensions }, now);
  const by = input.actor;
  if (decided.outcome !== 'appoint' && input.unitId !== undefined && input.unitId !== null) {
    throw new Refusal('rule', refusalText('only_with_outcome', { field: 'unitId', outcome: 'appoint' }), 'unitId');
  }
  switch (decided.outcome) {
    case 'return':
      return {
        state: next(state, {
          termEnd: { outcome: 'return', appointedTo: null, extendMonths: null, at: now, by },
          continuation: null,
          ...ended('completed', now, 'the term ended; the cadre returned to the retained position'),
        }),
        event: { action: 'term_ended', actor: by, detail: { outcome: 'return', returnedTo: state.retainedPosition } },
      };
    case 'appoint': {
      const appointedTo = appointment(state, decided.position, input.unitId);
      requirePostNotRetained(state, input.positionRetainedFor, `${appointedTo.position} at this unit`, 'it cannot be appointed to');
      return {
        state: next(state, {
          termEnd: { outcome: 'appoint', appointedTo, extendMonths: null, at: now, by },
          continuation: null,
          ...ended('completed', now, `the term ended; the cadre was appointed ${appointedTo.position}`),
        }),
        event: { action: 'term_ended', actor: by, detail: { outcome: 'appoint', appointedTo, released: state.retainedPosition } },
      };
    }
    case 'extend': {
      const total = totalTermMonths(state.termMonths, [...extensions, decided.extendMonths]);
      const added: CaseReview[] = reviewsAddedByExtension(state.reviews, effectiveDate, state.reviewIntervalMonths, total).map((r) => ({ ...r, status: 'upcoming' }));
      const reviews = [...state.reviews, ...added];
      return {
        state: next(state, {
          extensions: [...extensions, decided.extendMonths],
          termEndsAt: decided.termEnd,
          termEndReachedAt: null,
          stepDueAt: null,
          reviews,
          nextReviewDueAt: nextReviewDueAt(reviews),
          termEnd: { outcome: 'extend', appointedTo: null, extendMonths: decided.extendMonths, at: now, by },
        }),
        event: {
          action: 'term_extended',
          actor: by,
          detail: { extendMonths: decided.extendMonths, termEndsAt: decided.termEnd, addedReviews: added.map((r) => ({ seq: r.seq, dueAt: r.dueAt })) },
        },
      };
    }
  }
}

/** Where an appointment puts the cadre: the receiving unit unless their home unit is named. */
function appointment(state: CaseState, position: string, unitId: string | null | undefined): UnitPosition {
  const allowed = [state.toUnitId, state.retainedPosition.unitId];
  const at = unitId ?? state.toUnitId;
  if (!allowed.includes(at)) throw new Refusal('rule', refusalText('appointed_where'), 'unitId');
  return { unitId: at, position };
}

/** The organizer ends an active rotation early; the cadre returns to the retained seat. */
export function terminate(state: CaseState, input: TerminateInput, now: string): Transition {
  requireStatus(state, 'termination', 'active');
  const openFollowUps = state.followUps.filter((f) => f.status === 'open').map((f) => f.id);
  return {
    state: next(state, { ...ended('terminated', now, input.reason), continuation: null, endDecisionNumber: input.decisionNumber ?? null }),
    event: {
      action: 'terminated',
      actor: input.actor,
      detail: { reason: input.reason, ...(input.decisionNumber !== undefined ? { decisionNumber: input.decisionNumber } : {}), returnedTo: state.retainedPosition, openFollowUps },
    },
  };
}

// ---- Helpers ----

function reviewOf(state: CaseState, seq: number): CaseReview {
  const review = state.reviews.find((r) => r.seq === seq);
  if (!review) throw new Refusal('conflict', refusalText('no_such_review', { seq }));
  return review;
}

function followUpOf(state: CaseState, id: string): FollowUp {
  const followUp = state.followUps.find((f) => f.id === id);
  if (!followUp) throw new Refusal('not_found', refusalText('no_such_follow_up', { id }));
  return followUp;
}

function withReview(state: CaseState, seq: number, changes: Partial<CaseReview>): CaseReview[] {
  return state.reviews.map((r) => (r.seq === seq ? { ...r, ...changes } : r));
}
