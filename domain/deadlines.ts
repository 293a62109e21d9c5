// The deadlines of a case's steps, counted in working days: which steps are open and by when
// each is due, the reminder before it, and what happens once it passes (the step is overdue, its
// owners are told again, and it escalates one level). Pure functions shared by the workflow,
// which fires them on durable timers, and the API, which shows them as tasks.
import { type WorkingCalendar, workingDayDeadline, workingDaysBefore } from './calendar';
import { next, type Transition } from './case-transition';
import { Refusal } from './refusal';
import { refusalText } from './refusal-texts';
import type { CaseState, Escalation, StepDeadline, StepDeadlines, SupportDeadlines, SupportState, TaskKind } from './types';

/**
 * The defaults of every deadline, as a new case gets them unless the configuration says otherwise:
 * the steps in working days, the reviews and follow-ups in calendar days.
 */
export const DEFAULT_DEADLINES = {
  unit: 'working_days',
  consultationDays: 14,
  appraisalDays: 7,
  voteDays: 7,
  decisionDays: 7,
  termEndDays: 10,
  continuationDays: 10,
  supportApprovalDays: 7,
  paymentDays: 5,
  reminderDays: 2,
  reviewReminderDays: 7,
  reviewEscalationDays: 7,
  followUpReminderDays: 3,
} as const satisfies StepDeadlines;

/** The case counts its deadlines in working days, and acts on them. */
export function countsWorkingDays(deadlines: StepDeadlines): boolean {
  return deadlines.unit === 'working_days';
}

export interface OpenStep {
  key: string;
  task: TaskKind;
  days: number;
}

/** The steps of the case waiting on a person with a deadline, and how many working days each has. */
function openSteps(state: CaseState): OpenStep[] {
  const d = { ...DEFAULT_DEADLINES, ...state.deadlines };
  switch (state.status) {
    case 'consultation':
      return [{ key: `consultation:${state.round}`, task: 'consultation', days: d.consultationDays }];
    case 'appraisal':
      return [{ key: `appraisal:${state.round}`, task: 'appraisal', days: d.appraisalDays }];
    case 'committee_vote':
      return [{ key: 'vote', task: 'vote', days: d.voteDays }];
    case 'decision_pending':
      return [{ key: 'decision', task: 'decision', days: d.decisionDays }];
    case 'active':
      return [
        ...(state.termEndReachedAt ? [{ key: `term_end:${state.extensions.length}`, task: 'term_end' as const, days: d.termEndDays }] : []),
        ...(state.continuation ? [{ key: `continuation:${state.continuation.reviewSeq}`, task: 'continuation' as const, days: d.continuationDays }] : []),
      ];
    default:
      return [];
  }
}

/** A change from `before` to `after` opens a step with a deadline: the calendar is read afresh for it. */
export function opensStep(before: CaseState, after: CaseState): boolean {
  if (!countsWorkingDays(after.deadlines)) return false;
  const open = new Set(openSteps(before).map((s) => s.key));
  return openSteps(after).some((s) => !open.has(s.key));
}

/** The steps the case's main work waits on, whose deadline is `stepDueAt`; a continuation runs alongside. */
const STATUS_STEPS: readonly TaskKind[] = ['consultation', 'appraisal', 'vote', 'decision', 'term_end'];

/**
 * The case with a deadline for every open step: kept for a step still open, counted from `now` on
 * `calendar` for a step just opened, dropped for a step closed. `stepDueAt` follows the main step.
 * A case counting calendar days is returned as it is.
 */
export function withStepDeadlines(state: CaseState, now: string, calendar: WorkingCalendar): CaseState {
  if (!countsWorkingDays(state.deadlines)) return state;
  const reminderDays = state.deadlines.reminderDays ?? DEFAULT_DEADLINES.reminderDays;
  const stepDeadlines = deadlinesOfOpenSteps(state.stepDeadlines, openSteps(state), now, calendar, reminderDays);
  const main = stepDeadlines.find((d) => STATUS_STEPS.includes(d.task));
  if (stepDeadlines === state.stepDeadlines && (main?.dueAt ?? null) === state.stepDueAt) return state;
  return { ...state, stepDeadlines, stepDueAt: main?.dueAt ?? null };
}

/**
 * A deadline for each open step: the one it has, or counted from `now` on `calendar` for a step just
 * opened; the deadlines of closed steps are dropped. The same array when nothing changed.
 */
function deadlinesOfOpenSteps(
  current: readonly StepDeadline[] | undefined,
  open: readonly OpenStep[],
  now: string,
  calendar: WorkingCalendar,
  reminderDays: number,
): StepDeadline[] {
  const kept = new Map((current ?? []).map((d) => [d.key, d]));
  const deadlines = open.map((step): StepDeadline => {
    const known = kept.get(step.key);
    if (known) return known;
    const dueAt = workingDayDeadline(calendar, now, step.days);
    const remindAt = workingDaysBefore(calendar, dueAt, reminderDays);
    return {
      key: step.key,
      task: step.task,
      openedAt: now,
      dueAt,
      remindAt: remindAt !== null && Date.parse(remindAt) > Date.parse(now) ? remindAt : null,
      remindedAt: null,
      overdueAt: null,
      escalatedTo: null,
    };
  });
  const unchanged = current !== undefined && deadlines.length === current.length && deadlines.every((d) => kept.get(d.key) === d);
  return unchanged ? (current as StepDeadline[]) : deadlines;
}

/** The deadline of the open step `task` (the first one of that kind). */
export function deadlineOf(state: CaseState, task: TaskKind): StepDeadline | undefined {
  return state.stepDeadlines.find((d) => d.task === task);
}

// ---- What the workflow's timers fire ----

export type DeadlineEvent = { kind: 'deadline_reminder' | 'deadline_passed'; key: string; at: string };

/** The reminders and deadlines still to come, earliest first. */
export function pendingDeadlineEvents(state: { stepDeadlines?: readonly StepDeadline[] }): DeadlineEvent[] {
  const events: DeadlineEvent[] = [];
  for (const d of state.stepDeadlines ?? []) {
    if (d.overdueAt) continue;
    if (d.remindAt && !d.remindedAt) events.push({ kind: 'deadline_reminder', key: d.key, at: d.remindAt });
    events.push({ kind: 'deadline_passed', key: d.key, at: d.dueAt });
  }
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * One level up: a secretary's own step (the decision) goes to the organizers above the deciding
 * unit; every other step to the secretaries of the deciding unit (before it is known, of the
 * lowest unit containing both sides, or else of the receiving unit).
 */
function escalationOf(state: CaseState, task: TaskKind): Escalation {
  if (task === 'decision' && state.decidingUnitId) return { role: 'organizer', unitId: state.decidingUnitId, above: true };
  return { role: 'secretary', unitId: state.decidingUnitId ?? state.commonUnitId ?? state.toUnitId, above: false };
}

/** Applies a reminder or a passed deadline whose time has come. */
export function fireDeadlineEvent(state: CaseState, event: DeadlineEvent, now: string): Transition {
  const fired = firedDeadlines(state.stepDeadlines, event, now, (task) => escalationOf(state, task));
  return { state: next(state, { stepDeadlines: fired.deadlines }), event: { action: fired.action, actor: null, detail: fired.detail } };
}

/** The deadlines once `event` has fired: reminded, or overdue and escalated to whom `escalation` names. */
export function firedDeadlines(
  deadlines: readonly StepDeadline[] | undefined,
  event: DeadlineEvent,
  now: string,
  escalation: (task: TaskKind) => Escalation,
): { deadlines: StepDeadline[]; action: 'deadline_reminder_sent' | 'deadline_passed'; detail: Record<string, unknown> } {
  const deadline = (deadlines ?? []).find((d) => d.key === event.key);
  if (!deadline || deadline.overdueAt) throw new Refusal('conflict', refusalText('no_deadline_waiting', { step: event.key }));
  const detail = { step: deadline.key, task: deadline.task, dueAt: deadline.dueAt };
  const changed = (changes: Partial<StepDeadline>) => (deadlines ?? []).map((d) => (d.key === event.key ? { ...d, ...changes } : d));
  if (event.kind === 'deadline_reminder') return { deadlines: changed({ remindedAt: now }), action: 'deadline_reminder_sent', detail };
  const escalatedTo = escalation(deadline.task);
  return { deadlines: changed({ overdueAt: now, escalatedTo }), action: 'deadline_passed', detail: { ...detail, escalatedTo } };
}

// ---- The support of a case ----

/** The support's deadlines, when its case counts working days: read from the case's own. */
export function supportDeadlinesOf(state: CaseState, calendar: WorkingCalendar): SupportDeadlines {
  const d = { ...DEFAULT_DEADLINES, ...state.deadlines };
  return {
    approvalDays: d.supportApprovalDays,
    paymentDays: d.paymentDays,
    reminderDays: d.reminderDays,
    // The receiving side pays: its finance is reminded and told.
    financeUnitIds: [state.toUnitId],
    toUnitId: state.toUnitId,
    escalationUnitId: state.decidingUnitId ?? state.commonUnitId ?? state.toUnitId,
    calendar,
  };
}

/** The approval while it is awaited, and each payment due until it is paid. */
function supportOpenSteps(state: SupportState, config: SupportDeadlines): OpenStep[] {
  if (state.status === 'awaiting_approval') return [{ key: 'support_approval', task: 'support_approval', days: config.approvalDays }];
  return state.payments.filter((p) => p.status === 'due').map((p) => ({ key: `payment:${p.id}`, task: 'payment' as const, days: config.paymentDays }));
}

/** The support with a deadline for each open step, counted from `now` for a step just opened. */
export function withSupportDeadlines(state: SupportState, now: string, calendar: WorkingCalendar, config: SupportDeadlines): SupportState {
  const deadlines = deadlinesOfOpenSteps(state.deadlines, supportOpenSteps(state, config), now, calendar, config.reminderDays);
  return deadlines === state.deadlines ? state : { ...state, deadlines };
}

/** The support's steps go up to the secretaries of the deciding unit. */
export function supportEscalation(config: SupportDeadlines): Escalation {
  return { role: 'secretary', unitId: config.escalationUnitId, above: false };
}
