// The term of an active case on the time-skipping test server, with mocked activities: reviews
// scheduled at activation, their reminders and escalations fired by durable timers at their
// instants, reviews and follow-ups as Updates, the continuation decision, the end of the term
// with each of its outcomes, termination, and a five-year term that continues as new.
import type { temporal } from '@temporalio/proto';
import { escalationAt, reminderAt, reviewDueDates, termEnd } from '../../domain/review-schedule';
import { addDays, addMonths, localDate, startOfLocalDay } from '../../domain/calendar';
import { FAILURE_TYPES, type CaseState, type SupportChange, supportWorkflowIdFor } from '../../domain/types';
import { TERM_HISTORY_LIMIT } from '../../workflows/rotation-case';
import type { supportWorkflow } from '../../workflows';
import {
  CaseUnderTest,
  DECIDING_UNIT,
  WorkflowTestbed,
  eventually,
  expectRefused,
  mockActivities,
  organizer,
  reviewer,
  SUPPORT_POLICY,
  supportedActivities,
  testbedPerFile,
} from './harness';

let testbed: WorkflowTestbed;
// Most cases take one to three seconds; the margin is for a busy CI machine running other suites alongside.
jest.setTimeout(30_000);

testbedPerFile((started) => (testbed = started));

const HOUR = 3_600_000;
const ms = (instant: string): number => Date.parse(instant);
const owner = { userId: 'u-owner', username: 'dinh.van.quang' };

/** A projected event fired by a timer: at its instant, give or take the real time the workflow task took. */
function expectFiredAt(at: string, instant: string): void {
  expect(ms(at)).toBeGreaterThanOrEqual(ms(instant));
  expect(ms(at) - ms(instant)).toBeLessThan(10_000);
}

/** Skips to the instant, then waits for `count` projections of `action` in all. */
async function skipTo(c: CaseUnderTest, instant: string | number, action?: string, count = 1): Promise<void> {
  await c.sleepUntil(instant);
  if (action) await eventually(() => c.projected(action).length >= count);
}

/** Where the cadre's posts go once the case ends with `outcome`. */
function settlement(c: CaseUnderTest, outcome: 'return' | 'terminate' | 'appoint', appointedTo?: { unitId: string; position: string }) {
  return {
    caseId: c.input.id,
    cadreId: c.input.cadreId,
    rotationPost: { unitId: c.input.toUnitId, position: c.input.position },
    retainedPosition: c.input.retainedPosition,
    outcome,
    ...(appointedTo ? { appointedTo } : {}),
  };
}

describe('review schedule at activation', () => {
  test.each([
    [12, 3, 3],
    [12, 4, 2],
    [12, 6, 1],
    [24, 3, 7],
    [24, 4, 5],
    [24, 6, 3],
    [36, 3, 11],
    [36, 4, 8],
    [36, 6, 5],
  ])('a %i-month term reviewed every %i months has %i reviews, one per interval from the effective date', async (termMonths, reviewIntervalMonths, count) => {
    await testbed.withCase(
      async (c) => {
        const effectiveDate = await c.dateInDays(0);
        const active = await c.toActive(effectiveDate);
        expect(active.reviews).toEqual(reviewDueDates(effectiveDate, reviewIntervalMonths, termMonths).map((r) => ({ ...r, status: 'upcoming' })));
        expect(active.reviews).toHaveLength(count);
        expect(active.reviews.map((r) => localDate(r.dueAt))).toEqual(active.reviews.map((_, i) => addMonths(effectiveDate, (i + 1) * reviewIntervalMonths).slice(0, 10)));
        expect(active.reviews.every((r) => r.dueAt === startOfLocalDay(localDate(r.dueAt)))).toBe(true);
        expect(active.termEndsAt).toBe(startOfLocalDay(addMonths(effectiveDate, termMonths).slice(0, 10)));
        expect(active.nextReviewDueAt).toBe(active.reviews[0].dueAt);
        expect(c.projected('activated')).toHaveLength(1);
      },
      mockActivities(),
      { termMonths, reviewIntervalMonths },
    );
  });

  test('effective on 31 January: due dates are clamped to the end of shorter months, on the Vietnamese day', async () => {
    const year = new Date(await testbed.env.currentTimeMs()).getUTCFullYear() + 1;
    await testbed.withCase(
      async (c) => {
        const active = await c.toActive(`${year}-01-31`);
        expect(active.reviews.map((r) => r.dueAt)).toEqual([`${year}-04-29T17:00:00.000Z`, `${year}-07-30T17:00:00.000Z`, `${year}-10-30T17:00:00.000Z`]);
        expect(active.termEndsAt).toBe(`${year + 1}-01-30T17:00:00.000Z`);
        expect(active.reviews.map((r) => r.seq)).toEqual([1, 2, 3]);
      },
      mockActivities(),
      { termMonths: 12, reviewIntervalMonths: 3 },
    );
  });
});

describe('reminders and escalations', () => {
  test('review 1 is reminded 7 days before it is due and escalated to the secretary 7 days after, each at its instant', async () => {
    await testbed.withCase(async (c) => {
      const active = await c.toActive();
      const [first, second] = active.reviews;
      const remindAt = addDays(first.dueAt, -7);
      const escalateAt = addDays(first.dueAt, 7);

      await skipTo(c, ms(remindAt) - HOUR);
      expect(c.projected('review_reminder_sent')).toEqual([]);
      expect(c.notices('review_reminder')).toEqual([]);

      await skipTo(c, ms(remindAt) + HOUR, 'review_reminder_sent');
      const [reminded] = c.projected('review_reminder_sent');
      expectFiredAt(reminded.at, remindAt);
      expect(reminded).toMatchObject({ actor: null, detail: { seq: 1, dueAt: first.dueAt } });
      await eventually(() => c.notices('review_reminder').length === 1);
      expect(c.notices('review_reminder')).toEqual([
        {
          key: `${c.input.id}:review-reminder:1`,
          rotationId: c.input.id,
          kind: 'review_reminder',
          params: { cadreId: c.input.cadreId, unitId: c.input.toUnitId, seq: 1, dueAt: first.dueAt },
          audience: {
            roles: [
              { role: 'reviewer', unitIds: [c.input.toUnitId] },
              { role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] },
            ],
          },
        },
      ]);
      expect((await c.state()).reviews[0]).toMatchObject({ status: 'upcoming', remindedAt: reminded.at });

      await skipTo(c, ms(escalateAt) - HOUR);
      expect(c.projected('review_overdue')).toEqual([]);
      expect((await c.state()).reviews[0].status).toBe('upcoming');

      await skipTo(c, ms(escalateAt) + HOUR, 'review_overdue');
      const [overdue] = c.projected('review_overdue');
      expectFiredAt(overdue.at, escalateAt);
      expect(overdue).toMatchObject({ actor: null, detail: { seq: 1, dueAt: first.dueAt, escalatedTo: 'secretary', decidingUnitId: DECIDING_UNIT } });
      await eventually(() => c.notices('review_escalation').length === 1);
      expect(c.notices('review_escalation')).toEqual([
        {
          key: `${c.input.id}:review-escalation:1`,
          rotationId: c.input.id,
          kind: 'review_escalation',
          params: { cadreId: c.input.cadreId, unitId: c.input.toUnitId, seq: 1, dueAt: first.dueAt, daysOverdue: 7 },
          audience: { roles: [{ role: 'secretary', unitIds: [DECIDING_UNIT] }] },
        },
      ]);
      expect((await c.state()).reviews.slice(0, 2)).toEqual([
        { seq: 1, dueAt: first.dueAt, status: 'overdue', remindedAt: reminded.at, escalatedAt: overdue.at },
        { seq: 2, dueAt: second.dueAt, status: 'upcoming' },
      ]);
      // Nothing of review 2 yet, and each timer fired once.
      expect(c.projected('review_reminder_sent')).toHaveLength(1);
      expect(c.notices('review_reminder')).toHaveLength(1);
    });
  });

  test("a case's own deadlines move them: reminded 14 days before, escalated 3 days after", async () => {
    await testbed.withCase(
      async (c) => {
        const { reviews, deadlines } = await c.toActive();
        expect(deadlines).toMatchObject({ reviewReminderDays: 14, reviewEscalationDays: 3 });
        const { dueAt } = reviews[0];
        const timings = { reminderDaysBefore: 14, escalationDaysAfter: 3 };
        expect(reminderAt(dueAt, timings)).toBe(addDays(dueAt, -14));

        await skipTo(c, ms(reminderAt(dueAt, timings)) - HOUR);
        expect(c.projected('review_reminder_sent')).toEqual([]);
        await skipTo(c, ms(reminderAt(dueAt, timings)) + HOUR, 'review_reminder_sent');
        expectFiredAt(c.projected('review_reminder_sent')[0].at, addDays(dueAt, -14));

        await skipTo(c, ms(escalationAt(dueAt, timings)) - HOUR);
        expect(c.projected('review_overdue')).toEqual([]);
        await skipTo(c, ms(escalationAt(dueAt, timings)) + HOUR, 'review_overdue');
        expectFiredAt(c.projected('review_overdue')[0].at, addDays(dueAt, 3));
        await eventually(() => c.notices('review_escalation').length === 1);
        expect(c.notices('review_escalation')[0].params).toMatchObject({ seq: 1, daysOverdue: 3 });
      },
      mockActivities(),
      { deadlines: { consultationDays: 14, voteDays: 7, reviewReminderDays: 14, reviewEscalationDays: 3 } },
    );
  });
});

describe('reviews and follow-ups', () => {
  test('a review not yet due is a conflict, one after its escalation is accepted as late, and a second one is a conflict', async () => {
    await testbed.withCase(async (c) => {
      const { reviews } = await c.toActive();
      const [first, second] = reviews;
      await expectRefused(c, () => c.review(1), FAILURE_TYPES.conflict);
      await expectRefused(c, () => c.review(7), FAILURE_TYPES.conflict);

      await skipTo(c, ms(first.dueAt) - HOUR);
      const early = await expectRefused(c, () => c.review(1), FAILURE_TYPES.conflict);
      expect(early.message).toContain(localDate(first.dueAt));

      await skipTo(c, ms(addDays(first.dueAt, 10)), 'review_overdue');
      await expectRefused(c, () => c.review(2), FAILURE_TYPES.conflict);
      const done = await c.review(1, { rating: 'excellent' });
      expect(done.reviews[0]).toMatchObject({ seq: 1, status: 'done', rating: 'excellent', reviewedBy: reviewer });
      expect(done.nextReviewDueAt).toBe(second.dueAt);
      expect(done.continuation).toBeNull();
      const [recorded] = c.projected('review_recorded');
      expect(recorded).toMatchObject({ actor: reviewer, detail: { seq: 1, rating: 'excellent', daysLate: 10, followUps: [] } });

      await expectRefused(c, () => c.review(1), FAILURE_TYPES.conflict);

      // Done: review 1 is neither reminded nor escalated again; review 2's reminder comes on its day.
      await skipTo(c, ms(reminderAt(second.dueAt)) + HOUR, 'review_reminder_sent', 2);
      expect(c.projected('review_reminder_sent').map((e) => e.detail.seq)).toEqual([1, 2]);
      expect(c.projected('review_overdue').map((e) => e.detail.seq)).toEqual([1]);
    });
  });

  test('a review on its due date is not late; its follow-ups are assigned, reminded and closed by their owner', async () => {
    await testbed.withCase(
      async (c) => {
        const { reviews } = await c.toActive();
        const { dueAt } = reviews[0];
        await skipTo(c, dueAt);
        const dueDate = localDate(addDays(dueAt, 30));
        const recorded = await c.review(1, {
          followUps: [
            { action: 'Bố trí nhà công vụ', ownerUserId: owner.userId, dueDate },
            { action: 'Cử đi bồi dưỡng', ownerUserId: organizer.userId, dueDate: localDate(addDays(dueAt, 90)) },
          ],
        });
        expect(recorded.followUps).toEqual([
          expect.objectContaining({ id: '1.1', reviewSeq: 1, action: 'Bố trí nhà công vụ', ownerUserId: owner.userId, dueDate, status: 'open', remindedAt: null }),
          expect.objectContaining({ id: '1.2', ownerUserId: organizer.userId, status: 'open' }),
        ]);
        expect(c.projected('review_recorded')[0].detail).toMatchObject({ daysLate: 0, followUps: [{ id: '1.1' }, { id: '1.2' }] });
        await eventually(() => c.notices('task_assigned').filter((n) => n.params.taskKind === 'follow_up').length === 2);
        expect(c.notices('task_assigned').find((n) => n.key.endsWith(':task:follow-up:1.1'))).toEqual({
          key: `${c.input.id}:task:follow-up:1.1`,
          rotationId: c.input.id,
          kind: 'task_assigned',
          params: { cadreId: c.input.cadreId, unitId: c.input.toUnitId, taskKind: 'follow_up', dueAt: dueDate },
          audience: { userIds: [owner.userId] },
        });

        // Reminded 5 days before its due date (the case's followUpReminderDays).
        const remindAt = addDays(startOfLocalDay(dueDate), -5);
        await skipTo(c, ms(remindAt) - HOUR);
        expect(c.projected('follow_up_reminder_sent')).toEqual([]);
        await skipTo(c, ms(remindAt) + HOUR, 'follow_up_reminder_sent');
        const [reminded] = c.projected('follow_up_reminder_sent');
        expectFiredAt(reminded.at, remindAt);
        expect(reminded.detail).toEqual({ followUpId: '1.1', ownerUserId: owner.userId, dueDate });
        await eventually(() => c.notices('follow_up_reminder').length === 1);
        expect(c.notices('follow_up_reminder')).toEqual([
          {
            key: `${c.input.id}:follow-up-reminder:1.1`,
            rotationId: c.input.id,
            kind: 'follow_up_reminder',
            params: { cadreId: c.input.cadreId, unitId: c.input.toUnitId, action: 'Bố trí nhà công vụ', dueDate },
            audience: { userIds: [owner.userId] },
          },
        ]);

        await expectRefused(c, () => c.closeFollowUp('1.1', organizer), FAILURE_TYPES.forbidden);
        await expectRefused(c, () => c.closeFollowUp('9.9', owner), FAILURE_TYPES.not_found);
        const closed = await c.closeFollowUp('1.1', owner, 'Đã bố trí nhà ở tại xã');
        expect(closed.followUps).toEqual([
          expect.objectContaining({ id: '1.1', status: 'closed', closedAt: expect.any(String), closedBy: owner, note: 'Đã bố trí nhà ở tại xã' }),
          expect.objectContaining({ id: '1.2', status: 'open' }),
        ]);
        expect(c.projected('follow_up_closed')).toMatchObject([{ actor: owner, detail: { followUpId: '1.1', note: 'Đã bố trí nhà ở tại xã' } }]);
        await expectRefused(c, () => c.closeFollowUp('1.1', owner), FAILURE_TYPES.conflict);
        expect(c.projected('review_overdue')).toEqual([]);
      },
      mockActivities(),
      { deadlines: { consultationDays: 14, voteDays: 7, followUpReminderDays: 5 } },
    );
  });

  test('a not_completed review waits for the organizer: continue clears it, terminate ends the case', async () => {
    await testbed.withCase(async (c) => {
      const { reviews } = await c.toActive();
      await expectRefused(c, () => c.decideContinuation('continue'), FAILURE_TYPES.conflict);

      await skipTo(c, reviews[0].dueAt);
      const asked = await c.review(1, { rating: 'not_completed' });
      expect(asked.continuation).toEqual({ reviewSeq: 1, askedAt: asked.reviews[0].doneAt });
      await eventually(() => c.notices('task_assigned').some((n) => n.params.taskKind === 'continuation'));
      expect(c.notices('task_assigned').find((n) => n.params.taskKind === 'continuation')).toMatchObject({
        key: `${c.input.id}:task:continuation:1`,
        audience: { roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] }] },
      });

      const continued = await c.decideContinuation('continue');
      expect(continued).toMatchObject({ status: 'active', continuation: null });
      expect(c.projected('continuation_confirmed')).toMatchObject([{ actor: organizer, detail: { reviewSeq: 1 } }]);

      await skipTo(c, reviews[1].dueAt);
      expect((await c.review(2, { rating: 'not_completed' })).continuation).toMatchObject({ reviewSeq: 2 });
      const terminated = await c.decideContinuation('terminate', 'Không hoàn thành nhiệm vụ hai kỳ liên tiếp');
      expect(terminated).toMatchObject({ status: 'terminated', continuation: null, endReason: 'Không hoàn thành nhiệm vụ hai kỳ liên tiếp' });
      expect((await c.handle.result()).status).toBe('terminated');
      expect(c.activities.settlePosts).toHaveBeenCalledTimes(1);
      expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'terminate'));
      expect(c.projections().at(-1)).toMatchObject({ state: { status: 'terminated' }, event: { action: 'terminated', detail: { reviewSeq: 2 } } });
    });
  });
});

describe('the end of the term', () => {
  const short = { termMonths: 12, reviewIntervalMonths: 6 };

  test('is reached at termEndsAt and asks the organizers; a decision before it is a conflict; return completes the case', async () => {
    await testbed.withCase(
      async (c) => {
        const { termEndsAt } = await c.toActive();
        await skipTo(c, ms(termEndsAt!) - HOUR);
        await expectRefused(c, () => c.decideTermEnd({ outcome: 'return' }), FAILURE_TYPES.conflict);
        expect(c.projected('term_end_reached')).toEqual([]);

        await skipTo(c, ms(termEndsAt!) + HOUR, 'term_end_reached');
        const [reached] = c.projected('term_end_reached');
        expectFiredAt(reached.at, termEndsAt!);
        expect(reached.detail).toEqual({ termEndsAt, months: 12 });
        // The organizer's decision is due as long after the end as a review's escalation.
        const decisionDueAt = addDays(termEndsAt!, 7);
        expect(await c.state()).toMatchObject({ status: 'active', termEndReachedAt: reached.at, stepDueAt: decisionDueAt });
        await eventually(() => c.notices('task_assigned').some((n) => n.params.taskKind === 'term_end'));
        expect(c.notices('task_assigned').find((n) => n.params.taskKind === 'term_end')).toEqual({
          key: `${c.input.id}:task:term-end:0`,
          rotationId: c.input.id,
          kind: 'task_assigned',
          params: { cadreId: c.input.cadreId, unitId: c.input.toUnitId, taskKind: 'term_end', dueAt: decisionDueAt },
          audience: { roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] }] },
        });

        // The cadre is placed once the closing evaluations are in (API v1.2).
        const missing = await expectRefused(c, () => c.decideTermEnd({ outcome: 'return' }), FAILURE_TYPES.rule);
        expect(missing.details).toEqual([
          {
            path: 'outcome',
            rule: 'closing_evaluations_missing',
            vi: 'chỉ bố trí cán bộ sau khi đã ghi nhận các đánh giá kết thúc: còn thiếu self_review, receiving_unit, conclusion',
          },
        ]);
        await c.closingEvaluations();
        expect(c.projected('evaluation_recorded').map((e) => e.detail.kind)).toEqual(['self_review', 'receiving_unit', 'conclusion']);
        const positionGiven = await expectRefused(c, () => c.decideTermEnd({ outcome: 'return', position: 'chairman' }), FAILURE_TYPES.rule);
        expect([positionGiven.message, positionGiven.details]).toEqual([
          'position is only given with the outcome appoint',
          [{ path: 'position', vi: 'trường position chỉ được nêu khi kết quả là appoint' }],
        ]);
        await expectRefused(c, () => c.decideTermEnd({ outcome: 'return', unitId: c.input.retainedPosition.unitId }), FAILURE_TYPES.rule);
        const completed = await c.decideTermEnd({ outcome: 'return' });
        expect(completed).toMatchObject({ status: 'completed', termEnd: { outcome: 'return', appointedTo: null, by: organizer } });
        expect((await c.handle.result()).status).toBe('completed');
        expect(c.activities.settlePosts).toHaveBeenCalledTimes(1);
        expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'return'));
        expect(c.projections().at(-1)).toMatchObject({ event: { action: 'term_ended', detail: { outcome: 'return', returnedTo: c.input.retainedPosition } } });
      },
      mockActivities(),
      short,
    );
  });

  test('appoint: at an unrelated unit is a rule violation, at the home unit completes the case', async () => {
    await testbed.withCase(
      async (c) => {
        const { termEndsAt } = await c.toActive();
        await skipTo(c, termEndsAt!, 'term_end_reached');
        await c.closingEvaluations();
        const unrelated = await expectRefused(c, () => c.decideTermEnd({ outcome: 'appoint', position: 'chairman', unitId: 'unit-commune-an-binh' }), FAILURE_TYPES.rule);
        expect(unrelated.details).toEqual([{ path: 'unitId', vi: 'cán bộ chỉ được bổ nhiệm tại đơn vị tiếp nhận hoặc đơn vị quê quán' }]);
        await expectRefused(c, () => c.decideTermEnd({ outcome: 'appoint' }), FAILURE_TYPES.rule);

        const home = c.input.retainedPosition.unitId;
        const appointedTo = { unitId: home, position: 'head_organizing_committee' };
        const completed = await c.decideTermEnd({ outcome: 'appoint', position: 'head_organizing_committee', unitId: home });
        expect(completed).toMatchObject({ status: 'completed', termEnd: { outcome: 'appoint', appointedTo } });
        expect((await c.handle.result()).status).toBe('completed');
        expect(c.activities.settlePosts).toHaveBeenCalledTimes(1);
        expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'appoint', appointedTo));
      },
      mockActivities(),
      short,
    );
  });

  test('extend 6 months: the reviews go on, the term ends again later, and an appointment at the receiving unit completes it', async () => {
    await testbed.withCase(
      async (c) => {
        const active = await c.toActive();
        const effectiveDate = active.effectiveDate!;
        await skipTo(c, active.termEndsAt!, 'term_end_reached');
        await expectRefused(c, () => c.decideTermEnd({ outcome: 'extend', extendMonths: 25 }), FAILURE_TYPES.rule);

        const extended = await c.decideTermEnd({ outcome: 'extend', extendMonths: 6 });
        const newEnd = termEnd(effectiveDate, 12, [6]);
        expect(extended).toMatchObject({ status: 'active', extensions: [6], termEndsAt: newEnd, termEndReachedAt: null, termEnd: { outcome: 'extend', extendMonths: 6 } });
        expect(extended.reviews.map((r) => r.seq)).toEqual([1, 2]);
        expect(extended.reviews[1]).toEqual({ seq: 2, dueAt: reviewDueDates(effectiveDate, 6, 18)[1].dueAt, status: 'upcoming' });
        expect(extended.reviews[1].dueAt).toBe(active.termEndsAt);
        expect(extended.nextReviewDueAt).toBe(extended.reviews[0].dueAt);
        expect(c.projected('term_extended')).toMatchObject([{ detail: { extendMonths: 6, termEndsAt: newEnd, addedReviews: [{ seq: 2 }] } }]);
        expect(c.activities.settlePosts).not.toHaveBeenCalled();
        await expectRefused(c, () => c.decideTermEnd({ outcome: 'return' }), FAILURE_TYPES.conflict);

        // Review 2 is reminded and escalated like any other; the new end is reached on its day.
        await skipTo(c, ms(newEnd) + HOUR, 'term_end_reached', 2);
        expect(c.projected('review_reminder_sent').map((e) => e.detail.seq)).toEqual([1, 2]);
        expect(c.projected('review_overdue').map((e) => e.detail.seq)).toEqual([1, 2]);
        const reached = c.projected('term_end_reached')[1];
        expectFiredAt(reached.at, newEnd);
        expect(reached.detail).toEqual({ termEndsAt: newEnd, months: 18 });
        await eventually(() => c.notices('task_assigned').some((n) => n.key.endsWith(':task:term-end:1')));

        const appointedTo = { unitId: c.input.toUnitId, position: 'party_secretary' };
        await c.closingEvaluations();
        expect(await c.decideTermEnd({ outcome: 'appoint', position: ' party_secretary ' })).toMatchObject({ status: 'completed', termEnd: { appointedTo } });
        expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'appoint', appointedTo));
      },
      mockActivities(),
      short,
    );
  });
});

describe('termination', () => {
  test('before the case is active it is a conflict', async () => {
    await testbed.withCase(async (c) => {
      await expectRefused(c, () => c.terminate(), FAILURE_TYPES.conflict);
      await c.toDecisionPending();
      await c.sign(await c.dateInDays(30));
      await expectRefused(c, () => c.terminate(), FAILURE_TYPES.conflict);
      expect((await c.state()).status).toBe('decided');
    });
  });

  test('while active it ends the case: the posts are settled and no review is reminded after', async () => {
    await testbed.withCase(async (c) => {
      const { reviews } = await c.toActive();
      await skipTo(c, reviews[0].dueAt, 'review_reminder_sent');
      await c.review(1, { followUps: [{ action: 'Hỗ trợ nhà ở', ownerUserId: owner.userId, dueDate: localDate(addDays(reviews[0].dueAt, 60)) }] });

      const terminated = await c.terminate('Cán bộ vi phạm kỷ luật');
      expect(terminated).toMatchObject({ status: 'terminated', endReason: 'Cán bộ vi phạm kỷ luật', endedAt: expect.any(String) });
      expect((await c.handle.result()).status).toBe('terminated');
      expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'terminate'));
      expect(c.projections().at(-1)).toMatchObject({
        event: { action: 'terminated', actor: organizer, detail: { reason: 'Cán bộ vi phạm kỷ luật', returnedTo: c.input.retainedPosition, openFollowUps: ['1.1'] } },
      });

      const written = c.projections().length;
      const notified = c.notices().length;
      await skipTo(c, ms(reviews[2].dueAt) + HOUR);
      expect(c.projections()).toHaveLength(written);
      expect(c.notices()).toHaveLength(notified);
      expect(c.projected('review_reminder_sent')).toHaveLength(1);
    });
  });
});

describe('evaluations', () => {
  test('are taken while the case is active; a yearly one tells the organizers of the sending unit', async () => {
    await testbed.withCase(
      async (c) => {
        await expectRefused(c, () => c.evaluate({ kind: 'conclusion', rating: 'good', text: 'Sớm quá' }), FAILURE_TYPES.conflict);
        await c.toActive();
        const evaluated = await c.evaluate({ kind: 'yearly', rating: 'excellent', text: 'Hoàn thành xuất sắc nhiệm vụ năm thứ nhất' });
        expect(evaluated.evaluations).toEqual([expect.objectContaining({ kind: 'yearly', year: 1, rating: 'excellent', recordedBy: organizer })]);
        // The text leaves the state the workflow keeps; the history holds it.
        expect((await c.state()).evaluations[0].text).toBeUndefined();
        await eventually(() => c.notices('evaluation_recorded').length === 1);
        expect(c.notices('evaluation_recorded')[0]).toMatchObject({
          params: { year: 1, rating: 'excellent' },
          audience: { roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId] }] },
        });
        expect(c.projected('evaluation_recorded')[0].detail).toEqual({ kind: 'yearly', rating: 'excellent', text: 'Hoàn thành xuất sắc nhiệm vụ năm thứ nhất', year: 1 });
        await expectRefused(c, () => c.evaluate({ kind: 'yearly', rating: 'good', text: 'Năm thứ hai' }), FAILURE_TYPES.conflict);
      },
      mockActivities(),
      { termMonths: 24, reviewIntervalMonths: 6 },
    );
  });
});

describe('the term and its support', () => {
  const policy = SUPPORT_POLICY;

  test('an extension extends the support and termination stops it', async () => {
    const changes: SupportChange[] = [];
    const activities = supportedActivities(policy, changes);
    await testbed.withCase(
      async (c) => {
        const support = testbed.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(c.input.id));
        const { termEndsAt } = await c.toActive();
        await eventually(() => activities.planSupport.mock.calls.length === 1);
        await skipTo(c, termEndsAt!, 'term_end_reached');

        await c.decideTermEnd({ outcome: 'extend', extendMonths: 6 });
        await eventually(() => changes.some((ch) => ch.kind === 'extended'));
        const extension = changes.find((ch) => ch.kind === 'extended') as Extract<SupportChange, { kind: 'extended' }>;
        expect(extension.payments.filter((p) => p.component === 'monthly_supplement').map((p) => p.period)).toEqual([13, 14, 15, 16, 17, 18]);

        const terminated = await c.terminate();
        expect((await c.handle.result()).status).toBe('terminated');
        const stopped = await support.result();
        expect(stopped).toMatchObject({ status: 'stopped', stoppedAt: terminated.endedAt, termMonths: 18 });
        expect(changes.map((ch) => ch.kind)).toEqual(['extended', 'stopped']);
        expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'terminate'));
      },
      activities,
      { termMonths: 12, reviewIntervalMonths: 6, distanceKm: 30 },
    );
  });
});

describe('a five-year term', () => {
  type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

  /** Every run of the workflow, first to last, following each continue-as-new. */
  async function runsOf(c: CaseUnderTest): Promise<{ runId: string; events: HistoryEvent[] }[]> {
    const runs: { runId: string; events: HistoryEvent[] }[] = [];
    let runId: string | null | undefined = c.handle.firstExecutionRunId;
    while (runId) {
      const { events } = await testbed.env.client.workflow.getHandle(c.handle.workflowId, runId).fetchHistory();
      runs.push({ runId, events: events ?? [] });
      runId = events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    return runs;
  }

  test('60 months reviewed every 3, extended by 12 and 6 months, then returned: bounded runs, every review done', async () => {
    await testbed.withCase(
      async (c) => {
        const active = await c.toActive();
        expect(active.reviews).toHaveLength(19);
        const decisions = [{ outcome: 'extend', extendMonths: 12 }, { outcome: 'extend', extendMonths: 6 }, { outcome: 'return' }] as const;
        let reached = 0;
        for (let state: CaseState = active; state.status === 'active';) {
          const next = state.reviews.find((r) => !r.doneAt);
          if (next && ms(next.dueAt) < ms(state.termEndsAt!)) {
            await skipTo(c, next.dueAt, 'review_reminder_sent', next.seq);
            state = await c.review(next.seq);
          } else {
            await skipTo(c, state.termEndsAt!, 'term_end_reached', ++reached);
            if (decisions[reached - 1].outcome === 'return') await c.closingEvaluations();
            state = await c.decideTermEnd(decisions[reached - 1]);
          }
        }

        const final = await c.handle.result();
        expect(final).toMatchObject({ status: 'completed', extensions: [12, 6], termEnd: { outcome: 'return' } });
        expect(final.termEndsAt).toBe(termEnd(final.effectiveDate!, 60, [12, 6]));
        expect(final.reviews).toHaveLength(19 + 4 + 2);
        expect(final.reviews.every((r) => r.status === 'done' && !r.escalatedAt)).toBe(true);
        expect(final.reviews.filter((r) => localDate(r.doneAt!) !== localDate(r.dueAt))).toEqual([]);
        expect(final.reviews.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
        expect(final.nextReviewDueAt).toBeNull();
        expect(c.projected('review_recorded')).toHaveLength(25);
        expect(c.projected('review_recorded').every((e) => e.detail.daysLate === 0)).toBe(true);
        expect(c.projected('review_reminder_sent')).toHaveLength(25);
        expect(c.projected('review_overdue')).toEqual([]);
        expect(c.projected('term_end_reached')).toHaveLength(3);
        expect(c.activities.settlePosts).toHaveBeenCalledWith(settlement(c, 'return'));
        // Every change written once, in version order, across the runs.
        const versions = c.projections().map(({ state }) => state.version);
        expect(versions).toEqual(versions.map((_, i) => i + 2));

        const runs = await runsOf(c);
        expect(runs.length).toBeGreaterThanOrEqual(2);
        expect(runs.slice(0, -1).every((r) => r.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
        expect(runs.at(-1)!.events.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
        // A run looks at its length between two steps of the term, so the writes of the step that
        // crossed the limit (an activity and a workflow task each) may take it a little past it.
        for (const { events } of runs) expect(events.length).toBeLessThanOrEqual(TERM_HISTORY_LIMIT + 50);
      },
      mockActivities(),
      { termMonths: 60, reviewIntervalMonths: 3 },
    );
  }, 120_000);
});
