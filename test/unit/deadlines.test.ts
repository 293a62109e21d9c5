import { WEEKENDS_ONLY, endOfWorkingDay, workingCalendar } from '../../domain/calendar';
import { caseNotifications } from '../../domain/case-notifications';
import { DEFAULT_DEADLINES, fireDeadlineEvent, opensStep, pendingDeadlineEvents, withStepDeadlines } from '../../domain/deadlines';
import { builtInDaysOff } from '../../domain/holidays';
import { appraise, castVote, initialCaseState, recordConsultation } from '../../domain/rotation-case';
import { unitPath } from '../../domain/units';
import type { CaseState } from '../../domain/types';
import type { CaseRecord } from '../../api/cases';
import type { Principal } from '../../api/scope';
import { tasksFor } from '../../api/tasks';
import type { RotationCase } from '../../generated/prisma/client';
import { organizer, proposal } from '../support/domain-fixtures';

const calendar2027 = workingCalendar([2027, 2028, 2029].map((year) => ({ year, daysOff: builtInDaysOff(year), workingDays: [] })));
// Proposed on Wednesday 3 February 2027, 09:00 in Vietnam, two days before Tết.
const proposedAt = '2027-02-03T02:00:00.000Z';
const input = { ...proposal, proposedAt, commonUnitId: 'D1', deadlines: { ...DEFAULT_DEADLINES }, calendar: calendar2027 };
const agree = (party: 'cadre' | 'sending_unit' | 'receiving_unit') => ({ party, outcome: 'agree' as const, concerns: [], note: '', actor: organizer });

/** A step applied the way the workflow applies it: the transition, then the deadlines of the open steps. */
function step(state: CaseState, transition: (s: CaseState) => CaseState, at: string): CaseState {
  return withStepDeadlines(transition(state), at, calendar2027);
}

describe('the deadlines of a case counting working days', () => {
  test('the consultation is due 14 working days after the proposal, Tết skipped, its reminder 2 working days before', () => {
    const s = initialCaseState(input);
    // 4 February, then 10-12, 15-19 and 22-26 February (5 to 9 February is Tết): the 14th working day is Friday 26 February.
    expect(s.stepDeadlines).toEqual([
      {
        key: 'consultation:1',
        task: 'consultation',
        openedAt: proposedAt,
        dueAt: endOfWorkingDay('2027-02-26'),
        remindAt: endOfWorkingDay('2027-02-24'),
        remindedAt: null,
        overdueAt: null,
        escalatedTo: null,
      },
    ]);
    expect(s.stepDueAt).toBe(endOfWorkingDay('2027-02-26'));
  });

  test('each step opens its own deadline and closes the one before; the appraisal has 7 working days', () => {
    let s = initialCaseState(input);
    const at = '2027-02-04T03:00:00.000Z';
    for (const party of ['cadre', 'sending_unit'] as const) s = step(s, (x) => recordConsultation(x, agree(party), at).state, at);
    const before = s;
    s = step(s, (x) => recordConsultation(x, agree('receiving_unit'), at).state, at);
    expect(opensStep(before, s)).toBe(true);
    expect(s.stepDeadlines!.map((d) => [d.key, d.dueAt])).toEqual([['appraisal:1', endOfWorkingDay('2027-02-18')]]);
    s = step(
      s,
      (x) => appraise(x, { outcome: 'endorse', note: '', resolutions: [], committee: { unitId: 'D1', memberUserIds: ['m1', 'm2', 'm3'] }, actor: organizer }, at).state,
      at,
    );
    expect(s.stepDeadlines!.map((d) => d.key)).toEqual(['vote']);
    const voted = step(s, (x) => castVote(x, { vote: 'for', voterCadreId: null, actor: { userId: 'm1', username: 'm1' } }, at).state, at);
    expect(opensStep(s, voted)).toBe(false);
    expect(voted.stepDeadlines).toEqual(s.stepDeadlines);
  });

  test('a case counting calendar days gets no deadline record', () => {
    const s = initialCaseState({ ...proposal, deadlines: { consultationDays: 14, voteDays: 7 } });
    expect(s.stepDeadlines).toEqual([]);
    expect(withStepDeadlines(s, proposedAt, WEEKENDS_ONLY)).toBe(s);
  });

  test('the reminder, then the deadline: overdue, the owners told again, escalated to the secretaries of the common unit', () => {
    const s = initialCaseState(input);
    const [reminder, passed] = pendingDeadlineEvents(s);
    expect(reminder).toEqual({ kind: 'deadline_reminder', key: 'consultation:1', at: endOfWorkingDay('2027-02-24') });
    const reminded = fireDeadlineEvent(s, reminder, reminder.at);
    expect(reminded.event).toEqual({ action: 'deadline_reminder_sent', actor: null, detail: { step: 'consultation:1', task: 'consultation', dueAt: passed.at } });
    expect(caseNotifications(s, reminded.state).map((n) => [n.kind, n.audience])).toEqual([
      ['deadline_reminder', { roles: [{ role: 'organizer', unitIds: ['D1', 'C11'] }], cadreIds: ['cadre-1'] }],
    ]);
    expect(pendingDeadlineEvents(reminded.state)).toEqual([passed]);

    const overdue = fireDeadlineEvent(reminded.state, passed, passed.at);
    expect(overdue.state.stepDeadlines![0]).toMatchObject({ overdueAt: passed.at, escalatedTo: { role: 'secretary', unitId: 'D1', above: false } });
    expect(caseNotifications(reminded.state, overdue.state).map((n) => [n.kind, n.audience])).toEqual([
      ['deadline_overdue', { roles: [{ role: 'organizer', unitIds: ['D1', 'C11'] }], cadreIds: ['cadre-1'] }],
      ['deadline_escalation', { roles: [{ role: 'secretary', unitIds: ['D1'] }] }],
    ]);
    expect(pendingDeadlineEvents(overdue.state)).toEqual([]);
    expect(() => fireDeadlineEvent(overdue.state, passed, passed.at)).toThrow('has no deadline waiting');
  });

  test("the secretary's own step, the decision, escalates to the organizers above the deciding unit; a vote reminds only the members yet to vote", () => {
    const at = '2027-03-01T03:00:00.000Z';
    let s = initialCaseState(input);
    for (const party of ['cadre', 'sending_unit', 'receiving_unit'] as const) s = step(s, (x) => recordConsultation(x, agree(party), at).state, at);
    s = step(
      s,
      (x) => appraise(x, { outcome: 'endorse', note: '', resolutions: [], committee: { unitId: 'D1', memberUserIds: ['m1', 'm2', 'm3'] }, actor: organizer }, at).state,
      at,
    );
    s = step(s, (x) => castVote(x, { vote: 'for', voterCadreId: null, actor: { userId: 'm1', username: 'm1' } }, at).state, at);
    const [voteReminder] = pendingDeadlineEvents(s);
    expect(caseNotifications(s, fireDeadlineEvent(s, voteReminder, voteReminder.at).state).map((n) => n.audience)).toEqual([{ userIds: ['m2', 'm3'] }]);

    s = step(s, (x) => castVote(x, { vote: 'for', voterCadreId: null, actor: { userId: 'm2', username: 'm2' } }, at).state, at);
    expect(s.status).toBe('decision_pending');
    const passed = pendingDeadlineEvents(s).find((e) => e.kind === 'deadline_passed')!;
    const overdue = fireDeadlineEvent(s, passed, passed.at).state;
    expect(overdue.stepDeadlines![0]).toMatchObject({ task: 'decision', escalatedTo: { role: 'organizer', unitId: 'D1', above: true } });
    expect(caseNotifications(s, overdue).find((n) => n.kind === 'deadline_escalation')?.audience).toEqual({ roles: [{ role: 'organizer', unitIds: ['D1'], above: true }] });
  });
});

describe('escalated tasks', () => {
  const P = unitPath(null, 'P');
  const D1 = unitPath(P, 'D1');
  const record = (state: CaseState): CaseRecord => ({
    row: { id: state.id, cadreId: state.cadreId, fromUnitId: state.fromUnitId, toUnitId: state.toUnitId } as RotationCase,
    state,
    fromPath: D1,
    toPath: unitPath(D1, 'C11'),
    decidingPath: state.decidingUnitId ? D1 : null,
  });
  const user = (id: string, roles: Principal['roles']): Principal => ({ id, username: id, cadreId: null, roles });
  const secretaryD1 = user('sec-d1', [{ role: 'secretary', unitId: 'D1' }]);
  const organizerP = user('org-p', [{ role: 'organizer', unitId: 'P' }]);
  const organizerD1 = user('org-d1', [{ role: 'organizer', unitId: 'D1' }]);

  test('a consultation past its deadline is a task of the secretaries of the deciding level, escalated and overdue', () => {
    const s = initialCaseState(input);
    const passed = pendingDeadlineEvents(s).find((e) => e.kind === 'deadline_passed')!;
    const now = new Date(Date.parse(passed.at) + 60_000);
    expect(tasksFor(secretaryD1, [record(s)], now)).toEqual([]);
    const overdue = fireDeadlineEvent(s, passed, passed.at).state;
    expect(tasksFor(secretaryD1, [record(overdue)], now)).toEqual([
      { rotationId: 'case-1', kind: 'consultation', unitId: 'D1', dueAt: passed.at, dueDate: '2027-02-26', overdue: true, escalated: true },
    ]);
    // Its owners keep their own tasks, not escalated.
    expect(tasksFor(organizerD1, [record(overdue)], now).map((t) => [t.kind, t.escalated, t.overdue])).toEqual([
      ['consultation', false, true],
      ['consultation', false, true],
      ['consultation', false, true],
    ]);
  });

  test('a decision past its deadline goes to the organizers above the deciding unit, not to those on it', () => {
    const decisionPending: CaseState = {
      ...initialCaseState(input),
      status: 'decision_pending',
      decidingUnitId: 'D1',
      stepDeadlines: [],
    };
    const s = withStepDeadlines(decisionPending, '2027-03-01T03:00:00.000Z', calendar2027);
    const passed = pendingDeadlineEvents(s).find((e) => e.kind === 'deadline_passed')!;
    const overdue = fireDeadlineEvent(s, passed, passed.at).state;
    const now = new Date(Date.parse(passed.at) + 1);
    expect(tasksFor(organizerP, [record(overdue)], now)).toEqual([expect.objectContaining({ kind: 'decision', unitId: 'D1', escalated: true, overdue: true })]);
    expect(tasksFor(organizerD1, [record(overdue)], now)).toEqual([]);
  });
});
