// The deadlines of a case's steps on the time-skipping test server, with mocked activities: each
// step counts working days on the Vietnamese calendar (the built-in holidays, and what the
// loadCalendar activity answers for an admin's days off), reminds its owners before its
// deadline, and once the deadline passes is overdue, tells them again and escalates one level.
import { type WorkingCalendar, addWorkingDays, endOfWorkingDay, localDate, startOfLocalDay, workingCalendar, workingDayDeadline, yearsFrom } from '../../domain/calendar';
import { DEFAULT_DEADLINES } from '../../domain/deadlines';
import { builtInDaysOff } from '../../domain/holidays';
import type { CaseInput, StepDeadline } from '../../domain/types';
import {
  type CaseUnderTest,
  DECIDING_UNIT,
  SUPPORT_POLICY,
  WorkflowTestbed,
  builtInCalendar,
  eventually,
  members,
  mockActivities,
  supportedActivities,
  testbedPerFile,
} from './harness';
import { type SupportChange, supportWorkflowIdFor } from '../../domain/types';
import type { supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';

let testbed: WorkflowTestbed;
jest.setTimeout(60_000);

testbedPerFile((started) => (testbed = started));

const COMMON_UNIT = 'unit-district-nam-sach';
const ms = (instant: string): number => Date.parse(instant);

/** A case proposed now, counting working days with the default deadlines on the built-in calendar. */
async function workingDayCase(): Promise<Partial<CaseInput>> {
  const now = new Date(await testbed.env.currentTimeMs()).toISOString();
  const year = Number(now.slice(0, 4));
  return { deadlines: { ...DEFAULT_DEADLINES }, commonUnitId: COMMON_UNIT, calendar: builtInCalendar([year, year + 1, year + 2]) };
}

/** Skips the test server's clock to a Vietnam instant before the case starts (nothing when it has passed). */
async function skipTo(instant: string): Promise<void> {
  const remaining = ms(instant) - (await testbed.env.currentTimeMs());
  if (remaining > 0) await testbed.env.sleep(remaining);
}

async function deadline(c: CaseUnderTest, task: StepDeadline['task']): Promise<StepDeadline> {
  const found = (await c.state()).stepDeadlines?.find((d) => d.task === task);
  if (!found) throw new Error(`no ${task} deadline`);
  return found;
}

/** Skips to the instant and waits for `action` to be projected `count` times in all. */
async function firedAt(c: CaseUnderTest, instant: string, action: string, count = 1): Promise<void> {
  await c.sleepUntil(instant);
  await eventually(() => c.projected(action).length >= count);
  const at = c.projected(action)[count - 1].at;
  expect(ms(at)).toBeGreaterThanOrEqual(ms(instant));
  expect(ms(at) - ms(instant)).toBeLessThan(10_000);
}

describe('deadlines over Tết', () => {
  test('a consultation proposed two days before Tết 2027 is due on the 14th working day after it, Tết skipped; reminded 2 working days before; then overdue and escalated', async () => {
    // Wednesday 3 February 2027, 09:00 in Vietnam; Tết is 5 to 9 February.
    await skipTo('2027-02-03T02:00:00.000Z');
    await testbed.withCase(
      async (c) => {
        const consultation = await deadline(c, 'consultation');
        expect(consultation).toMatchObject({
          key: 'consultation:1',
          dueAt: endOfWorkingDay('2027-02-26'),
          remindAt: endOfWorkingDay('2027-02-24'),
          remindedAt: null,
          overdueAt: null,
        });
        await c.consult('cadre');

        await c.sleepUntil(ms(consultation.remindAt!) - 60_000);
        expect(c.projected('deadline_reminder_sent')).toEqual([]);
        await firedAt(c, consultation.remindAt!, 'deadline_reminder_sent');
        await eventually(() => c.notices('deadline_reminder').length === 1);
        expect(c.notices('deadline_reminder')).toEqual([
          {
            key: `${c.input.id}:deadline-reminder:consultation:1`,
            rotationId: c.input.id,
            kind: 'deadline_reminder',
            params: { cadreId: c.input.cadreId, unitId: c.input.toUnitId, taskKind: 'consultation', dueAt: consultation.dueAt },
            audience: { roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] }], cadreIds: [c.input.cadreId] },
          },
        ]);

        await c.sleepUntil(ms(consultation.dueAt) - 60_000);
        expect(c.projected('deadline_passed')).toEqual([]);
        await firedAt(c, consultation.dueAt, 'deadline_passed');
        expect(c.projected('deadline_passed')[0].detail).toEqual({
          step: 'consultation:1',
          task: 'consultation',
          dueAt: consultation.dueAt,
          escalatedTo: { role: 'secretary', unitId: COMMON_UNIT, above: false },
        });
        await eventually(() => c.notices('deadline_escalation').length === 1);
        expect(c.notices('deadline_overdue').map((n) => n.audience)).toEqual([
          { roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] }], cadreIds: [c.input.cadreId] },
        ]);
        expect(c.notices('deadline_escalation').map((n) => n.audience)).toEqual([{ roles: [{ role: 'secretary', unitIds: [COMMON_UNIT] }] }]);
        expect(await deadline(c, 'consultation')).toMatchObject({ overdueAt: expect.any(String), escalatedTo: { role: 'secretary', unitId: COMMON_UNIT } });

        // The step still waits for its answers; once taken, the next step has its own deadline.
        await c.consult('sending_unit');
        const appraisal = (await c.consult('receiving_unit')).stepDeadlines!;
        expect(appraisal.map((d) => d.key)).toEqual(['appraisal:1']);
        expect(c.notices('deadline_escalation')).toHaveLength(1);
      },
      mockActivities(),
      await workingDayCase(),
    );
  });
});

describe('deadlines of each step', () => {
  test("the appraisal is due 7 working days after it opens, on the calendar read at that moment: an admin's new day off moves it", async () => {
    const activities = mockActivities();
    let dayOff: string | null = null;
    activities.loadCalendar.mockImplementation(async ({ years }) => withDayOff(builtInCalendar(years), dayOff));
    await testbed.withCase(
      async (c) => {
        await c.consult('cadre');
        await c.consult('sending_unit');
        const opened = new Date(await c.now()).toISOString();
        const builtIn = builtInCalendar(yearsFrom(opened));
        // The admin records the next working day off just before the last answer opens the appraisal.
        dayOff = addWorkingDays(builtIn, localDate(opened), 1);
        const appraisal = (await c.consult('receiving_unit')).stepDeadlines![0];
        expect(activities.loadCalendar).toHaveBeenCalledTimes(1);
        expect(appraisal).toMatchObject({ key: 'appraisal:1', task: 'appraisal' });
        expect(localDate(appraisal.dueAt)).toBe(addWorkingDays(builtIn, localDate(opened), DEFAULT_DEADLINES.appraisalDays + 1));
        expect(appraisal.dueAt).toBe(workingDayDeadline(withDayOff(builtIn, dayOff), opened, DEFAULT_DEADLINES.appraisalDays));

        await firedAt(c, appraisal.remindAt!, 'deadline_reminder_sent');
        expect(c.projected('deadline_reminder_sent')[0].detail).toEqual({ step: 'appraisal:1', task: 'appraisal', dueAt: appraisal.dueAt });
        await firedAt(c, appraisal.dueAt, 'deadline_passed');
        expect(c.projected('deadline_passed')[0].detail).toMatchObject({ step: 'appraisal:1', escalatedTo: { role: 'secretary', unitId: COMMON_UNIT, above: false } });
      },
      activities,
      await workingDayCase(),
    );
  });

  test('the vote escalates to the secretaries of the deciding unit and reminds only the members yet to vote; the decision escalates to the organizers above the deciding unit', async () => {
    await testbed.withCase(
      async (c) => {
        await c.consultAll();
        await c.appraise();
        await c.vote(members[0], 'for');
        const vote = await deadline(c, 'vote');
        await firedAt(c, vote.remindAt!, 'deadline_reminder_sent');
        await eventually(() => c.notices('deadline_reminder').length === 1);
        expect(c.notices('deadline_reminder')[0].audience).toEqual({ userIds: members.slice(1).map((m) => m.userId) });
        await firedAt(c, vote.dueAt, 'deadline_passed');
        expect(c.projected('deadline_passed')[0].detail).toMatchObject({ step: 'vote', escalatedTo: { role: 'secretary', unitId: DECIDING_UNIT, above: false } });

        await c.vote(members[1], 'for');
        const pending = await c.vote(members[2], 'for');
        expect(pending.status).toBe('decision_pending');
        const decision = pending.stepDeadlines![0];
        expect(decision).toMatchObject({ key: 'decision', task: 'decision', remindedAt: null, overdueAt: null });
        await firedAt(c, decision.remindAt!, 'deadline_reminder_sent', 2);
        await firedAt(c, decision.dueAt, 'deadline_passed', 2);
        expect(c.projected('deadline_passed')[1].detail).toMatchObject({ step: 'decision', escalatedTo: { role: 'organizer', unitId: DECIDING_UNIT, above: true } });
        await eventually(() => c.notices('deadline_escalation').length === 2);
        expect(c.notices('deadline_escalation')[1].audience).toEqual({ roles: [{ role: 'organizer', unitIds: [DECIDING_UNIT], above: true }] });
      },
      mockActivities(),
      await workingDayCase(),
    );
  });

  test('a step taken before its reminder cancels its timers: nothing fires for it', async () => {
    await testbed.withCase(
      async (c) => {
        const consultation = await deadline(c, 'consultation');
        const appraisalOpened = await c.consultAll();
        const appraisal = appraisalOpened.stepDeadlines![0];
        await c.appraise({ outcome: 'reject', committee: null });
        await c.sleepUntil(ms(consultation.dueAt) + ms(appraisal.dueAt) - ms(appraisal.openedAt));
        expect(c.projected('deadline_reminder_sent')).toEqual([]);
        expect(c.projected('deadline_passed')).toEqual([]);
        expect((await c.state()).stepDeadlines).toEqual([]);
      },
      mockActivities(),
      await workingDayCase(),
    );
  });

  test('the continuation after a not_completed review and the end of the term each have a deadline that reminds and escalates', async () => {
    await testbed.withCase(
      async (c) => {
        const active = await c.toActive();
        const [review] = active.reviews;
        await c.sleepUntil(review.dueAt);
        const asked = await c.review(review.seq, { rating: 'not_completed' });
        const continuation = asked.stepDeadlines!.find((d) => d.task === 'continuation')!;
        expect(continuation).toMatchObject({ key: `continuation:${review.seq}`, remindedAt: null });
        await firedAt(c, continuation.dueAt, 'deadline_passed');
        expect(c.projected('deadline_reminder_sent').map((e) => e.detail.step)).toEqual([`continuation:${review.seq}`]);
        expect(c.projected('deadline_passed')[0].detail).toMatchObject({ task: 'continuation', escalatedTo: { role: 'secretary', unitId: DECIDING_UNIT } });
        expect((await c.decideContinuation('continue')).stepDeadlines).toEqual([]);

        const calendarReads = c.activities.loadCalendar.mock.calls.length;
        await c.sleepUntil(active.termEndsAt!);
        await eventually(() => c.projected('term_end_reached').length === 1);
        expect(c.activities.loadCalendar.mock.calls.length).toBe(calendarReads + 1);
        const termEnd = await deadline(c, 'term_end');
        expect(termEnd.key).toBe('term_end:0');
        expect((await c.state()).stepDueAt).toBe(termEnd.dueAt);
        await firedAt(c, termEnd.dueAt, 'deadline_passed', 2);
        expect(c.projected('deadline_passed')[1].detail).toMatchObject({ step: 'term_end:0', escalatedTo: { role: 'secretary', unitId: DECIDING_UNIT } });
        await eventually(() => c.notices('deadline_overdue').length === 2);
        expect(c.notices('deadline_overdue')[1].audience).toEqual({ roles: [{ role: 'organizer', unitIds: [c.input.fromUnitId, c.input.toUnitId] }] });
        await c.closingEvaluations();
        expect((await c.decideTermEnd({ outcome: 'return' })).status).toBe('completed');
      },
      mockActivities(),
      { ...(await workingDayCase()), termMonths: 6, reviewIntervalMonths: 3 },
    );
  });

  test('a case proposed before deadlines acted counts calendar days and fires nothing', async () => {
    await testbed.withCase(async (c) => {
      const proposed = await c.state();
      expect(proposed.stepDeadlines).toEqual([]);
      await c.sleepUntil(ms(proposed.stepDueAt!) + 60_000);
      expect(c.projected('deadline_passed')).toEqual([]);
      expect(c.activities.loadCalendar).not.toHaveBeenCalled();
    });
  });
});

/** The built-in calendar of the same years with `date` recorded off as well. */
function withDayOff(calendar: WorkingCalendar, date: string | null): WorkingCalendar {
  return workingCalendar(
    calendar.years.map((year) => ({ year, daysOff: [...builtInDaysOff(year), ...(date?.startsWith(`${year}-`) ? [{ date, name: 'Nghỉ bù' }] : [])], workingDays: [] })),
  );
}

describe('deadlines of the support', () => {
  test('the approval and each payment due have a deadline that reminds finance and escalates to the secretaries of the deciding unit', async () => {
    const changes: SupportChange[] = [];
    const written = (): StepDeadline[] => (changes.filter((ch) => ch.kind === 'deadlines').at(-1) as { deadlines: StepDeadline[] } | undefined)?.deadlines ?? [];
    await testbed.withCase(
      async (c) => {
        await c.toDecisionPending();
        const effectiveDate = await c.dateInDays(30);
        await c.sign(effectiveDate);
        await eventually(() => written().length === 1);
        const [approval] = written();
        expect(approval).toMatchObject({ key: 'support_approval', task: 'support_approval', remindedAt: null, overdueAt: null });
        await c.sleepUntil(approval.dueAt);
        await eventually(() => written()[0]?.overdueAt !== null);
        expect(written()[0]).toMatchObject({ remindedAt: expect.any(String), escalatedTo: { role: 'secretary', unitId: DECIDING_UNIT, above: false } });
        await eventually(() => c.notices('deadline_escalation').length === 1);
        const finance = { roles: [{ role: 'finance', unitIds: [c.input.toUnitId] }] };
        expect(c.notices('deadline_reminder').map((n) => [n.params.taskKind, n.audience])).toEqual([['support_approval', finance]]);
        expect(c.notices('deadline_overdue').map((n) => [n.params.taskKind, n.audience])).toEqual([['support_approval', finance]]);
        expect(c.notices('deadline_escalation').map((n) => n.audience)).toEqual([{ roles: [{ role: 'secretary', unitIds: [DECIDING_UNIT] }] }]);

        const support = testbed.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(c.input.id));
        await support.executeUpdate(messages.approveSupport, { args: [{ note: '', actor: { userId: 'u-finance', username: 'ke.toan' } }] });
        await eventually(() => written().length === 0);

        // The one-time support falls due on the effective date: 5 working days to pay it.
        await c.sleepUntil(startOfLocalDay(effectiveDate));
        await eventually(() => written().some((d) => d.key.endsWith(':one_time:0')));
        const payment = written().find((d) => d.key.endsWith(':one_time:0'))!;
        expect(payment.dueAt).toBe(workingDayDeadline(builtInCalendar(yearsFrom(payment.openedAt)), payment.openedAt, DEFAULT_DEADLINES.paymentDays));
        await c.sleepUntil(payment.dueAt);
        await eventually(() => c.notices('deadline_escalation').length === 2);
        expect(c.notices('deadline_escalation')[1]).toMatchObject({ key: `${c.input.id}:deadline-escalation:${payment.key}`, params: { taskKind: 'payment' } });
      },
      supportedActivities(SUPPORT_POLICY, changes),
      await workingDayCase(),
    );
  });
});
