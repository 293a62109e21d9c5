// The term of an active case: when it ends, when its reviews fall due, and what may be submitted
// when. Pure functions, no I/O, safe inside the workflow sandbox.
import { addDays, dayStartAfterMonths, localDate } from './calendar';
import { DEFAULT_DEADLINES } from './deadlines';
import { Refusal } from './refusal';
import { refusalText } from './refusal-texts';
import { REVIEW_RATINGS, REVIEW_STATUSES, type ReviewRating, type ReviewStatus, TERM_END_OUTCOMES, type TermEndOutcome } from './types';

export { REVIEW_RATINGS, REVIEW_STATUSES, TERM_END_OUTCOMES };
export type { ReviewRating, ReviewStatus, TermEndOutcome };
export const EXTEND_MONTHS = { min: 1, max: 24 } as const;

export interface ReviewTimings {
  reminderDaysBefore: number;
  escalationDaysAfter: number;
}
export const DEFAULT_REVIEW_TIMINGS: Readonly<ReviewTimings> = {
  reminderDaysBefore: DEFAULT_DEADLINES.reviewReminderDays,
  escalationDaysAfter: DEFAULT_DEADLINES.reviewEscalationDays,
};

export interface ScheduledReview {
  seq: number;
  /** ISO instant: the start of the due day in Vietnam. */
  dueAt: string;
}

export interface ReviewRecord extends ScheduledReview {
  doneAt?: string | null;
}

const ms = (instant: string): number => Date.parse(instant);

export function totalTermMonths(termMonths: number, extensions: readonly number[] = []): number {
  return extensions.reduce((sum, m) => sum + m, termMonths);
}

/** The instant the term ends: the start of the Vietnamese day `effectiveDate` + all its months. */
export function termEnd(effectiveDate: string, termMonths: number, extensions: readonly number[] = []): string {
  return dayStartAfterMonths(effectiveDate, totalTermMonths(termMonths, extensions));
}

/**
 * A review at effective date + k × interval for every k ≥ 1 whose day is before the term end; the
 * end itself has its own step. Anchored on the effective date, so a longer term only appends.
 */
export function reviewDueDates(effectiveDate: string, intervalMonths: number, totalMonths: number): ScheduledReview[] {
  if (!Number.isInteger(intervalMonths) || intervalMonths < 1) throw new RangeError('intervalMonths must be a whole number of months, 1 or more');
  const end = ms(dayStartAfterMonths(effectiveDate, totalMonths));
  const reviews: ScheduledReview[] = [];
  for (let seq = 1; ; seq++) {
    const dueAt = dayStartAfterMonths(effectiveDate, seq * intervalMonths);
    if (ms(dueAt) >= end) return reviews;
    reviews.push({ seq, dueAt });
  }
}

/** The reviews an extension adds to `reviews`, numbered on from the last one. */
export function reviewsAddedByExtension(reviews: readonly ScheduledReview[], effectiveDate: string, intervalMonths: number, totalMonths: number): ScheduledReview[] {
  const last = reviews.reduce((max, r) => Math.max(max, r.seq), 0);
  return reviewDueDates(effectiveDate, intervalMonths, totalMonths).filter((r) => r.seq > last);
}

export function reminderAt(dueAt: string, timings: ReviewTimings = DEFAULT_REVIEW_TIMINGS): string {
  return addDays(dueAt, -timings.reminderDaysBefore);
}

/** When a review not yet done becomes overdue and goes to the secretary of the deciding unit. */
export function escalationAt(dueAt: string, timings: ReviewTimings = DEFAULT_REVIEW_TIMINGS): string {
  return addDays(dueAt, timings.escalationDaysAfter);
}

/** upcoming before dueAt; due from dueAt; overdue from the escalation instant; done once done. */
export function reviewStatus(review: Pick<ReviewRecord, 'dueAt' | 'doneAt'>, now: string, timings: ReviewTimings = DEFAULT_REVIEW_TIMINGS): ReviewStatus {
  if (review.doneAt) return 'done';
  if (ms(now) < ms(review.dueAt)) return 'upcoming';
  if (ms(now) < ms(escalationAt(review.dueAt, timings))) return 'due';
  return 'overdue';
}

/** The earliest dueAt among the reviews not done; null when none is left. */
export function nextReviewDueAt(reviews: readonly Pick<ReviewRecord, 'dueAt' | 'doneAt'>[]): string | null {
  let next: string | null = null;
  for (const r of reviews) {
    if (!r.doneAt && (next === null || ms(r.dueAt) < ms(next))) next = r.dueAt;
  }
  return next;
}

/** The review `seq` names, if it may be submitted now: due or overdue, and not done. */
export function checkReviewSubmission<R extends ReviewRecord>(reviews: readonly R[], seq: number, now: string, timings: ReviewTimings = DEFAULT_REVIEW_TIMINGS): R {
  const review = reviews.find((r) => r.seq === seq);
  if (!review) throw new Refusal('conflict', refusalText('no_such_review', { seq }));
  const status = reviewStatus(review, now, timings);
  if (status === 'done') throw new Refusal('conflict', refusalText('review_done', { seq, on: localDate(review.doneAt!) }));
  if (status === 'upcoming') throw new Refusal('conflict', refusalText('review_not_due', { seq, on: localDate(review.dueAt) }));
  return review;
}

/** A `not_completed` rating leaves the organizer to decide whether the rotation continues. */
export function needsContinuationDecision(rating: ReviewRating): boolean {
  return rating === 'not_completed';
}

export interface TermEndInput {
  outcome: TermEndOutcome;
  position?: string | null;
  extendMonths?: number | null;
}

export interface TermFacts {
  effectiveDate: string;
  termMonths: number;
  extensions?: readonly number[];
}

export type TermEndDecision =
  | { outcome: 'return' }
  | { outcome: 'appoint'; position: string }
  | {
      outcome: 'extend';
      extendMonths: number;
      /** The new end of the term, counting this extension. */
      termEnd: string;
    };

const given = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * The term-end decision reduced to the fields its outcome uses. A conflict before the term has
 * ended; a rule refusal naming the field when a field is missing, out of range or not for
 * this outcome.
 */
export function checkTermEnd(input: TermEndInput, term: TermFacts, now: string): TermEndDecision {
  const end = termEnd(term.effectiveDate, term.termMonths, term.extensions);
  if (ms(now) < ms(end)) throw new Refusal('conflict', refusalText('term_not_ended', { on: localDate(end) }));
  const { outcome, position, extendMonths } = input;
  if (!TERM_END_OUTCOMES.includes(outcome)) throw new Refusal('rule', refusalText('one_of', { field: 'outcome', values: TERM_END_OUTCOMES }), 'outcome');
  if (outcome !== 'appoint' && given(position)) throw new Refusal('rule', refusalText('only_with_outcome', { field: 'position', outcome: 'appoint' }), 'position');
  if (outcome !== 'extend' && given(extendMonths)) throw new Refusal('rule', refusalText('only_with_outcome', { field: 'extendMonths', outcome: 'extend' }), 'extendMonths');
  switch (outcome) {
    case 'return':
      return { outcome };
    case 'appoint': {
      const trimmed = typeof position === 'string' ? position.trim() : '';
      if (!trimmed) throw new Refusal('rule', refusalText('appoint_needs_position'), 'position');
      return { outcome, position: trimmed };
    }
    case 'extend': {
      const months = extendMonths;
      if (typeof months !== 'number' || !Number.isInteger(months) || months < EXTEND_MONTHS.min || months > EXTEND_MONTHS.max) {
        throw new Refusal('rule', refusalText('extend_months_range', EXTEND_MONTHS), 'extendMonths');
      }
      return { outcome, extendMonths: months, termEnd: termEnd(term.effectiveDate, term.termMonths, [...(term.extensions ?? []), months]) };
    }
  }
}
