import {
  DEFAULT_REVIEW_TIMINGS,
  REVIEW_RATINGS,
  REVIEW_STATUSES,
  ReviewRecord,
  ReviewTimings,
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
} from '../../domain/review-schedule';
import { addDays, localDate, startOfLocalDay } from '../../domain/calendar';
import { refusalOf } from '../support/domain-fixtures';

const days = (reviews: { dueAt: string }[]) => reviews.map((r) => localDate(r.dueAt));
const MS = 1;
const plus = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

describe('term end', () => {
  it('is the start of the Vietnamese day effective date + term months', () => {
    expect(termEnd('2026-01-31', 24)).toBe('2028-01-30T17:00:00.000Z');
    expect(termEnd('2026-03-31', 6)).toBe('2026-09-29T17:00:00.000Z');
  });
  it('clamps to the end of a shorter month, and knows leap years', () => {
    expect(localDate(termEnd('2025-08-31', 30))).toBe('2028-02-29');
    expect(localDate(termEnd('2026-08-31', 6))).toBe('2027-02-28');
    expect(localDate(termEnd('2024-02-29', 12))).toBe('2025-02-28');
  });
  it('takes the calendar day of an instant in Vietnam', () => {
    // 17:00 UTC on 30 Mar is already 31 Mar in Vietnam.
    expect(termEnd('2026-03-30T17:00:00.000Z', 6)).toBe(termEnd('2026-03-31', 6));
    expect(termEnd('2026-03-31T08:30:00+07:00', 6)).toBe(termEnd('2026-03-31', 6));
  });
  it('adds extensions to the months counted from the effective date, not chained from the old end', () => {
    expect(totalTermMonths(24, [6, 1])).toBe(31);
    expect(termEnd('2026-01-31', 24, [6, 1])).toBe(termEnd('2026-01-31', 31));
    expect(localDate(termEnd('2026-01-31', 24, [6, 1]))).toBe('2028-08-31');
    // 31 Jan + 1 month is 28 Feb; one more is 31 Mar, not 28 Mar.
    expect(localDate(termEnd('2026-01-31', 1, [1]))).toBe('2026-03-31');
  });
});

describe('review due dates', () => {
  // [effective date, term months, interval months, due days]
  const table: [string, number, number, string[]][] = [
    ['2026-01-31', 12, 3, ['2026-04-30', '2026-07-31', '2026-10-31']],
    ['2026-01-31', 12, 4, ['2026-05-31', '2026-09-30']],
    ['2026-01-31', 12, 6, ['2026-07-31']],
    ['2026-01-31', 24, 3, ['2026-04-30', '2026-07-31', '2026-10-31', '2027-01-31', '2027-04-30', '2027-07-31', '2027-10-31']],
    ['2026-01-31', 24, 4, ['2026-05-31', '2026-09-30', '2027-01-31', '2027-05-31', '2027-09-30']],
    ['2026-01-31', 24, 6, ['2026-07-31', '2027-01-31', '2027-07-31']],
    [
      '2026-01-31',
      36,
      3,
      ['2026-04-30', '2026-07-31', '2026-10-31', '2027-01-31', '2027-04-30', '2027-07-31', '2027-10-31', '2028-01-31', '2028-04-30', '2028-07-31', '2028-10-31'],
    ],
    ['2026-01-31', 36, 4, ['2026-05-31', '2026-09-30', '2027-01-31', '2027-05-31', '2027-09-30', '2028-01-31', '2028-05-31', '2028-09-30']],
    ['2026-01-31', 36, 6, ['2026-07-31', '2027-01-31', '2027-07-31', '2028-01-31', '2028-07-31']],
    ['2026-03-31', 12, 3, ['2026-06-30', '2026-09-30', '2026-12-31']],
    ['2026-03-31', 12, 4, ['2026-07-31', '2026-11-30']],
    ['2026-03-31', 12, 6, ['2026-09-30']],
    ['2026-03-31', 24, 3, ['2026-06-30', '2026-09-30', '2026-12-31', '2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31']],
    ['2026-03-31', 24, 4, ['2026-07-31', '2026-11-30', '2027-03-31', '2027-07-31', '2027-11-30']],
    ['2026-03-31', 24, 6, ['2026-09-30', '2027-03-31', '2027-09-30']],
    [
      '2026-03-31',
      36,
      3,
      ['2026-06-30', '2026-09-30', '2026-12-31', '2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31', '2028-03-31', '2028-06-30', '2028-09-30', '2028-12-31'],
    ],
    ['2026-03-31', 36, 4, ['2026-07-31', '2026-11-30', '2027-03-31', '2027-07-31', '2027-11-30', '2028-03-31', '2028-07-31', '2028-11-30']],
    ['2026-03-31', 36, 6, ['2026-09-30', '2027-03-31', '2027-09-30', '2028-03-31', '2028-09-30']],
    // Leap year, and anchored on the effective day: after 28 Feb comes 30 May, not 28 May.
    [
      '2025-11-30',
      36,
      3,
      ['2026-02-28', '2026-05-30', '2026-08-30', '2026-11-30', '2027-02-28', '2027-05-30', '2027-08-30', '2027-11-30', '2028-02-29', '2028-05-30', '2028-08-30'],
    ],
    ['2026-08-31', 24, 6, ['2027-02-28', '2027-08-31', '2028-02-29']],
    ['2026-10-31', 12, 4, ['2027-02-28', '2027-06-30']],
  ];

  it.each(table)('from %s, a %i-month term with reviews every %i months', (effective, term, interval, expected) => {
    const reviews = reviewDueDates(effective, interval, term);
    expect(days(reviews)).toEqual(expected);
    expect(reviews.map((r) => r.seq)).toEqual(expected.map((_, i) => i + 1));
    expect(reviews.map((r) => r.dueAt)).toEqual(expected.map((d) => startOfLocalDay(d)));
  });

  it('gives dueAt as the instant the Vietnamese day begins', () => {
    expect(reviewDueDates('2026-03-31', 6, 24)[0]).toEqual({ seq: 1, dueAt: '2026-09-29T17:00:00.000Z' });
  });

  it('leaves out a review falling on the term end, which has its own step', () => {
    expect(days(reviewDueDates('2026-01-31', 6, 24))).not.toContain('2028-01-31');
    expect(reviewDueDates('2026-01-31', 6, 6)).toEqual([]);
  });

  it('keeps a review before the end of a term that is not a multiple of the interval', () => {
    expect(days(reviewDueDates('2026-01-31', 4, 10))).toEqual(['2026-05-31', '2026-09-30']);
    expect(days(reviewDueDates('2026-01-31', 3, 10))).toEqual(['2026-04-30', '2026-07-31', '2026-10-31']);
  });

  it('takes the calendar day of an instant in Vietnam', () => {
    expect(reviewDueDates('2026-03-30T17:00:00.000Z', 6, 24)).toEqual(reviewDueDates('2026-03-31', 6, 24));
  });

  it('refuses an interval that would never advance', () => {
    expect(() => reviewDueDates('2026-01-31', 0, 24)).toThrow(RangeError);
    expect(() => reviewDueDates('2026-01-31', 1.5, 24)).toThrow(RangeError);
  });
});

describe('extensions', () => {
  const original = reviewDueDates('2026-01-31', 6, 24);

  it('append the new reviews and keep seq continuous', () => {
    const added = reviewsAddedByExtension(original, '2026-01-31', 6, totalTermMonths(24, [12]));
    expect(added).toEqual([
      { seq: 4, dueAt: startOfLocalDay('2028-01-31') },
      { seq: 5, dueAt: startOfLocalDay('2028-07-31') },
    ]);
    expect([...original, ...added]).toEqual(reviewDueDates('2026-01-31', 6, 36));
  });

  it('leave the earlier reviews where they were', () => {
    expect(reviewDueDates('2026-01-31', 6, 36).slice(0, 3)).toEqual(original);
  });

  it('add a review on the old term end once it lies inside the term', () => {
    expect(days(reviewsAddedByExtension(original, '2026-01-31', 6, 25))).toEqual(['2028-01-31']);
  });

  it('add nothing when no new review fits before the new end', () => {
    const tenAtFour = reviewDueDates('2026-01-31', 4, 10); // months 4 and 8
    expect(reviewsAddedByExtension(tenAtFour, '2026-01-31', 4, 11)).toEqual([]);
    expect(days(reviewsAddedByExtension(tenAtFour, '2026-01-31', 4, 13))).toEqual(['2027-01-31']);
  });

  it('carry a 60-month term at 3 months through two extensions of 24 months', () => {
    const first = reviewDueDates('2026-01-31', 3, 60);
    expect(first).toHaveLength(19);
    const second = reviewsAddedByExtension(first, '2026-01-31', 3, totalTermMonths(60, [24]));
    const third = reviewsAddedByExtension([...first, ...second], '2026-01-31', 3, totalTermMonths(60, [24, 24]));
    const all = [...first, ...second, ...third];
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(days(second)[0]).toBe('2031-01-31');
    expect(days(third)[0]).toBe('2033-01-31');
    expect(days(all).at(-1)).toBe('2034-10-31');
    expect(Date.parse(all.at(-1)!.dueAt)).toBeLessThan(Date.parse(termEnd('2026-01-31', 60, [24, 24])));
  });
});

describe('review timings', () => {
  const dueAt = startOfLocalDay('2026-07-31'); // 2026-07-30T17:00:00.000Z

  it('default to a reminder 7 days before and escalation 7 days after', () => {
    expect(DEFAULT_REVIEW_TIMINGS).toEqual({ reminderDaysBefore: 7, escalationDaysAfter: 7 });
    expect(reminderAt(dueAt)).toBe('2026-07-23T17:00:00.000Z');
    expect(escalationAt(dueAt)).toBe('2026-08-06T17:00:00.000Z');
  });

  it('are configurable', () => {
    const t = { reminderDaysBefore: 3, escalationDaysAfter: 14 };
    expect(reminderAt(dueAt, t)).toBe('2026-07-27T17:00:00.000Z');
    expect(escalationAt(dueAt, t)).toBe('2026-08-13T17:00:00.000Z');
    expect(escalationAt(dueAt, { ...DEFAULT_REVIEW_TIMINGS, escalationDaysAfter: 0 })).toBe(dueAt);
    expect(DEFAULT_REVIEW_TIMINGS).toEqual({ reminderDaysBefore: 7, escalationDaysAfter: 7 });
  });

  it('fall at the start of a Vietnamese day, across a year end', () => {
    const early = startOfLocalDay('2027-01-03');
    expect(localDate(reminderAt(early))).toBe('2026-12-27');
    expect(reminderAt(early)).toBe(startOfLocalDay('2026-12-27'));
  });
});

describe('review status', () => {
  const dueAt = startOfLocalDay('2026-07-31');
  const escalation = escalationAt(dueAt);

  it.each([
    ['long before', addDays(dueAt, -30), 'upcoming'],
    ['at the reminder', reminderAt(dueAt), 'upcoming'],
    ['1 ms before dueAt', plus(dueAt, -MS), 'upcoming'],
    ['at dueAt', dueAt, 'due'],
    ['1 ms before escalation', plus(escalation, -MS), 'due'],
    ['at escalation', escalation, 'overdue'],
    ['long after', addDays(dueAt, 90), 'overdue'],
  ])('is as expected %s', (_, now, status) => {
    expect(reviewStatus({ dueAt }, now)).toBe(status);
  });

  it('is done once done, whenever asked', () => {
    const doneAt = addDays(dueAt, 2);
    expect(reviewStatus({ dueAt, doneAt }, addDays(dueAt, 1))).toBe('done');
    expect(reviewStatus({ dueAt, doneAt }, addDays(dueAt, 365))).toBe('done');
  });

  it('treats a null doneAt as not done', () => {
    expect(reviewStatus({ dueAt, doneAt: null }, dueAt)).toBe('due');
  });

  it('follows configured timings', () => {
    const t: ReviewTimings = { reminderDaysBefore: 3, escalationDaysAfter: 14 };
    expect(reviewStatus({ dueAt }, escalation, t)).toBe('due');
    expect(reviewStatus({ dueAt }, addDays(dueAt, 14), t)).toBe('overdue');
    expect(reviewStatus({ dueAt }, dueAt, { reminderDaysBefore: 7, escalationDaysAfter: 0 })).toBe('overdue');
  });

  it('only ever answers a known status', () => {
    expect(REVIEW_STATUSES).toEqual(['upcoming', 'due', 'overdue', 'done']);
  });
});

describe('next review due', () => {
  const r = (seq: number, day: string, doneAt?: string | null): ReviewRecord => ({ seq, dueAt: startOfLocalDay(day), doneAt });

  it('is null without reviews, or when all are done', () => {
    expect(nextReviewDueAt([])).toBeNull();
    expect(nextReviewDueAt([r(1, '2026-07-31', '2026-08-01T02:00:00.000Z')])).toBeNull();
  });

  it('is the earliest review not done, in whatever order they come', () => {
    const reviews = [r(3, '2027-07-31'), r(1, '2026-07-31', '2026-08-01T02:00:00.000Z'), r(2, '2027-01-31', null)];
    expect(nextReviewDueAt(reviews)).toBe(startOfLocalDay('2027-01-31'));
  });

  it('is an overdue review before a later one', () => {
    expect(nextReviewDueAt([r(1, '2026-07-31'), r(2, '2027-01-31')])).toBe(startOfLocalDay('2026-07-31'));
  });
});

describe('review submission', () => {
  const reviews: (ReviewRecord & { rating?: string })[] = [
    { seq: 1, dueAt: startOfLocalDay('2026-07-31'), doneAt: '2026-08-02T03:00:00.000Z', rating: 'good' },
    { seq: 2, dueAt: startOfLocalDay('2027-01-31'), doneAt: null },
    { seq: 3, dueAt: startOfLocalDay('2027-07-31') },
  ];

  it('accepts a due review, from the instant it falls due', () => {
    expect(checkReviewSubmission(reviews, 2, reviews[1].dueAt)).toBe(reviews[1]);
  });

  it('accepts a late (overdue) review', () => {
    expect(checkReviewSubmission(reviews, 2, addDays(reviews[1].dueAt, 40))).toBe(reviews[1]);
  });

  it('refuses a review not due yet, even the day before', () => {
    const e = refusalOf(() => checkReviewSubmission(reviews, 2, plus(reviews[1].dueAt, -MS)));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe('review 2 is not due until 2027-01-31');
    expect(refusalOf(() => checkReviewSubmission(reviews, 3, reviews[1].dueAt)).kind).toBe('conflict');
  });

  it('refuses a review already done', () => {
    const e = refusalOf(() => checkReviewSubmission(reviews, 1, addDays(reviews[0].dueAt, 10)));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe('review 1 was already done on 2026-08-02');
  });

  it.each([0, 4, 99])('refuses review %i, which the case does not have', (seq) => {
    const e = refusalOf(() => checkReviewSubmission(reviews, seq, addDays(reviews[2].dueAt, 1)));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe(`the case has no review ${seq}`);
  });
});

describe('ratings', () => {
  it('are the four yearly classification levels', () => {
    expect(REVIEW_RATINGS).toEqual(['excellent', 'good', 'completed', 'not_completed']);
  });
  it.each([
    ['excellent', false],
    ['good', false],
    ['completed', false],
    ['not_completed', true],
  ] as const)('%s needs a continue-or-terminate decision: %p', (rating, expected) => {
    expect(needsContinuationDecision(rating)).toBe(expected);
  });
});

describe('term end decision', () => {
  const term = { effectiveDate: '2026-01-31', termMonths: 24 };
  const end = termEnd(term.effectiveDate, term.termMonths); // 2028-01-30T17:00:00.000Z

  it('is refused before the term ends', () => {
    const e = refusalOf(() => checkTermEnd({ outcome: 'return' }, term, plus(end, -MS)));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe('the term does not end until 2028-01-31');
  });

  it('is refused before an extended term ends, though the original end has passed', () => {
    const extended = { ...term, extensions: [6] };
    expect(refusalOf(() => checkTermEnd({ outcome: 'return' }, extended, addDays(end, 1))).kind).toBe('conflict');
    expect(checkTermEnd({ outcome: 'return' }, extended, startOfLocalDay('2028-07-31'))).toEqual({ outcome: 'return' });
  });

  describe('return', () => {
    it('takes neither position nor extendMonths', () => {
      expect(checkTermEnd({ outcome: 'return' }, term, end)).toEqual({ outcome: 'return' });
      expect(checkTermEnd({ outcome: 'return', position: null, extendMonths: null }, term, end)).toEqual({ outcome: 'return' });
      const p = refusalOf(() => checkTermEnd({ outcome: 'return', position: 'Chủ tịch UBND xã' }, term, end));
      expect([p.kind, p.path]).toEqual(['rule', 'position']);
      const m = refusalOf(() => checkTermEnd({ outcome: 'return', extendMonths: 6 }, term, end));
      expect([m.kind, m.path]).toEqual(['rule', 'extendMonths']);
    });
  });

  describe('appoint', () => {
    it('needs a position, trimmed', () => {
      expect(checkTermEnd({ outcome: 'appoint', position: '  Bí thư Đảng ủy xã ' }, term, end)).toEqual({
        outcome: 'appoint',
        position: 'Bí thư Đảng ủy xã',
      });
    });
    it.each([undefined, null, '', '   '])('refuses position %p', (position) => {
      const e = refusalOf(() => checkTermEnd({ outcome: 'appoint', position }, term, end));
      expect([e.kind, e.path]).toEqual(['rule', 'position']);
    });
    it('takes no extendMonths', () => {
      const e = refusalOf(() => checkTermEnd({ outcome: 'appoint', position: 'Bí thư', extendMonths: 6 }, term, end));
      expect([e.kind, e.path]).toEqual(['rule', 'extendMonths']);
    });
  });

  describe('extend', () => {
    it.each([1, 12, 24])('accepts %i months and gives the new term end', (months) => {
      expect(checkTermEnd({ outcome: 'extend', extendMonths: months }, term, end)).toEqual({
        outcome: 'extend',
        extendMonths: months,
        termEnd: termEnd(term.effectiveDate, 24 + months),
      });
    });
    it('counts earlier extensions in the new term end', () => {
      const extended = { ...term, extensions: [6] };
      const decision = checkTermEnd({ outcome: 'extend', extendMonths: 6 }, extended, termEnd('2026-01-31', 30));
      expect(decision).toEqual({ outcome: 'extend', extendMonths: 6, termEnd: '2029-01-30T17:00:00.000Z' });
    });
    it.each([undefined, null, 0, -1, 25, 1.5, Number.NaN])('refuses extendMonths %p', (extendMonths) => {
      const e = refusalOf(() => checkTermEnd({ outcome: 'extend', extendMonths }, term, end));
      expect([e.kind, e.path]).toEqual(['rule', 'extendMonths']);
      expect(e.message).toBe('extendMonths must be a whole number from 1 to 24');
    });
    it('takes no position', () => {
      const e = refusalOf(() => checkTermEnd({ outcome: 'extend', extendMonths: 6, position: 'Bí thư' }, term, end));
      expect([e.kind, e.path]).toEqual(['rule', 'position']);
    });
  });

  it('refuses an unknown outcome', () => {
    const e = refusalOf(() => checkTermEnd({ outcome: 'resign' as never }, term, end));
    expect([e.kind, e.path]).toEqual(['rule', 'outcome']);
  });
});
