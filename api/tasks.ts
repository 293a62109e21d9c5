// The caller's open work, derived from the cases it can see. Each kind of task is one rule.
import { escalationAt, reminderAt } from '../domain/review-schedule';
import { addDays, calendarDay, endOfWorkingDay, localDate } from '../domain/calendar';
import { deadlineOf } from '../domain/deadlines';
import { type RoleHolder, someoneHolds } from '../domain/duties';
import { committeeSizeProblem } from '../domain/vote';
import { decidingUnit, isAtOrBelow, lowestCommonUnit } from '../domain/units';
import { timingsOf } from '../domain/term';
import { caseEvaluations, earlyRaiseEarned } from '../domain/support';
import { missingClosingEvaluations, yearlyEvaluationsOpen } from '../domain/evaluations';
import { type CaseStatus, ENDED_STATUSES, type EvaluationKind, PARTIES, type Party, type Role, type StepDeadline, type TaskAttentionReason, type TaskKind } from '../domain/types';
import {
  hasBallotWaiting,
  mayAppraise,
  mayArrangeSupport,
  mayDecideContinuation,
  mayDecideTermEnd,
  mayEvaluate,
  mayHandleSupport,
  mayRecordConsultation,
  mayRetry,
  mayReview,
  maySignDecision,
} from './case-roles';
import type { CaseRecord } from './cases';
import type { CommitteeSeat } from './lookups';
import { type Principal, reaches, reachesAbove } from './scope';
import { type SupportView, supportOf } from './support';

export interface Task {
  rotationId: string;
  kind: TaskKind;
  unitId: string;
  dueAt: string | null;
  /** The day of dueAt in Vietnam. */
  dueDate: string | null;
  /** dueAt has passed. */
  overdue: boolean;
  /** The task reached this user by escalation: its deadline passed with its owners. */
  escalated: boolean;
  /** The consultation's party, for consultation tasks. */
  party?: Party;
  /** The payment to make, for payment tasks. */
  paymentId?: string;
  /** The review to hold, for review tasks. */
  seq?: number;
  /** The follow-up to close, for follow-up tasks. */
  followUpId?: string;
  /** Why the case waits, for attention tasks. */
  reason?: TaskAttentionReason;
  /** The role no one holds over `unitId`, for attention tasks of reason missing_role. */
  role?: Role;
  /** The evaluation to write, for evaluation tasks. */
  evaluationKind?: EvaluationKind;
  /** The year of the term a yearly evaluation covers. */
  year?: number;
  /** The user whose task it is, when it reached this one by a delegation. */
  onBehalfOf?: { userId: string; username: string };
}

type Found = Pick<Task, 'unitId' | 'dueAt' | 'party' | 'paymentId' | 'seq' | 'followUpId' | 'reason' | 'role' | 'evaluationKind' | 'year'> & { escalated?: boolean };

interface TaskRule {
  kind: TaskKind;
  statuses: readonly CaseStatus[];
  find(user: Principal, c: CaseRecord, now: Date): Found[];
}

/** The unit where the organizers of both sides meet, for their decisions on the case. */
function commonUnit(c: CaseRecord): string {
  return lowestCommonUnit(c.fromPath, c.toPath) ?? c.row.fromUnitId;
}

export const TASK_RULES: readonly TaskRule[] = [
  {
    kind: 'consultation',
    statuses: ['consultation'],
    find: (user, c) =>
      PARTIES.filter((party) => !c.state.consultations.some((r) => r.party === party) && mayRecordConsultation(user, c, party)).map((party) => ({
        party,
        unitId: party === 'receiving_unit' ? c.row.toUnitId : c.row.fromUnitId,
        dueAt: c.state.stepDueAt,
      })),
  },
  {
    kind: 'appraisal',
    statuses: ['appraisal'],
    find: (user, c) => (mayAppraise(user, c) ? [{ unitId: commonUnit(c), dueAt: c.state.stepDueAt }] : []),
  },
  {
    kind: 'vote',
    statuses: ['committee_vote'],
    find: (user, c) => (hasBallotWaiting(user, c) ? [{ unitId: c.state.decidingUnitId!, dueAt: c.state.stepDueAt }] : []),
  },
  {
    kind: 'decision',
    statuses: ['decision_pending'],
    find: (user, c) => (c.decidingPath !== null && maySignDecision(user, c) ? [{ unitId: c.state.decidingUnitId!, dueAt: c.state.stepDueAt }] : []),
  },
  {
    // Each review not done, from its reminder on; due by its escalation.
    kind: 'review',
    statuses: ['active'],
    find: (user, c, now) => {
      if (!mayReview(user, c)) return [];
      const timings = timingsOf(c.state);
      return c.state.reviews
        .filter((r) => !r.doneAt && Date.parse(reminderAt(r.dueAt, timings)) <= now.getTime())
        .map((r) => ({ unitId: c.row.toUnitId, dueAt: escalationAt(r.dueAt, timings), seq: r.seq }));
    },
  },
  {
    // Once the term has ended, until the organizer decides, by the deadline the workflow gave it.
    kind: 'term_end',
    statuses: ['active'],
    find: (user, c) =>
      c.state.termEndReachedAt && mayDecideTermEnd(user, c) ? [{ unitId: commonUnit(c), dueAt: c.state.stepDueAt ?? c.state.termEndsAt ?? c.state.termEndReachedAt }] : [],
  },
  {
    // Each year of the term, from the anniversary's reminder, due by its escalation like a review; the closing ones once the term has ended.
    kind: 'evaluation',
    statuses: ['active'],
    find: (user, c, now) => {
      const timings = timingsOf(c.state);
      const yearly = mayEvaluate(user, c, 'yearly')
        ? yearlyEvaluationsOpen(c.state)
            .filter((d) => Date.parse(reminderAt(d.dueAt, timings)) <= now.getTime())
            .map((d) => ({ unitId: c.state.decidingUnitId ?? commonUnit(c), dueAt: escalationAt(d.dueAt, timings), evaluationKind: 'yearly' as const, year: d.year }))
        : [];
      const closing = c.state.termEndReachedAt
        ? missingClosingEvaluations(c.state)
            .filter((kind) => mayEvaluate(user, c, kind))
            .map((kind) => ({ unitId: kind === 'receiving_unit' ? c.row.toUnitId : (c.state.decidingUnitId ?? commonUnit(c)), dueAt: c.state.stepDueAt, evaluationKind: kind }))
        : [];
      return [...yearly, ...closing];
    },
  },
  {
    // The owner's own open follow-ups, due on their day.
    kind: 'follow_up',
    statuses: ['active'],
    find: (user, c) =>
      c.state.followUps.filter((f) => f.status === 'open' && f.ownerUserId === user.id).map((f) => ({ unitId: c.row.toUnitId, ...dueOn(f.dueDate), followUpId: f.id })),
  },
  {
    // From the review rated not_completed, by its deadline (older cases: the grace a review has once due).
    kind: 'continuation',
    statuses: ['active'],
    find: (user, c) => {
      const pending = c.state.continuation;
      if (!pending || !mayDecideContinuation(user, c)) return [];
      const dueAt = deadlineOf(c.state, 'continuation')?.dueAt ?? addDays(pending.askedAt, timingsOf(c.state).escalationDaysAfter);
      return [{ unitId: commonUnit(c), dueAt }];
    },
  },
];

/**
 * A step whose deadline passed with its owners, as the level above them sees it: the secretaries
 * of the deciding unit, or the organizers above it for the secretary's own step.
 */
function escalatedTasks(user: Principal, c: CaseRecord, deadlines: readonly StepDeadline[] = c.state.stepDeadlines): (Found & { kind: TaskKind })[] {
  return deadlines.flatMap((d) => {
    if (!d.overdueAt || !d.escalatedTo) return [];
    const path = unitPathOf(c, d.escalatedTo.unitId);
    const reached = path !== null && (d.escalatedTo.above ? reachesAbove(user, [d.escalatedTo.role], path) : reaches(user, [d.escalatedTo.role], path));
    const paymentId = d.task === 'payment' ? d.key.slice('payment:'.length) : undefined;
    return reached ? [{ unitId: d.escalatedTo.unitId, dueAt: d.dueAt, escalated: true, kind: d.task, ...(paymentId ? { paymentId } : {}) }] : [];
  });
}

/** The path of one of the case's units; null for a unit the case does not know the path of. */
function unitPathOf(c: CaseRecord, unitId: string): string | null {
  if (unitId === c.state.decidingUnitId && c.decidingPath) return c.decidingPath;
  if (unitId === c.row.toUnitId) return c.toPath;
  if (unitId === c.row.fromUnitId) return c.fromPath;
  const common = lowestCommonUnit(c.fromPath, c.toPath);
  return common === unitId ? c.fromPath.slice(0, c.fromPath.indexOf(`/${unitId}/`) + unitId.length + 2) : null;
}

/** Statuses in which some task may be waiting. */
export const TASK_STATUSES: readonly CaseStatus[] = [...new Set(TASK_RULES.flatMap((r) => r.statuses))];

/** While a case needs attention, its one task is the attention task. */
const goingOn = (c: CaseRecord): boolean => !c.state.attention;

export function tasksFor(user: Principal, cases: readonly CaseRecord[], now: Date): Task[] {
  return cases
    .filter(goingOn)
    .flatMap((c) => [
      ...TASK_RULES.filter((rule) => rule.statuses.includes(c.state.status)).flatMap((rule) => tasksOf(c, rule.kind, rule.find(user, c, now), now)),
      ...escalatedTasks(user, c).flatMap(({ kind, ...found }) => tasksOf(c, kind, [found], now)),
    ]);
}

/**
 * A case whose write failed for good waits for its organizers, whatever its status: due since it
 * has waited. `cases` are those needing attention.
 */
export function attentionTasksFor(user: Principal, cases: readonly CaseRecord[], now: Date): Task[] {
  return cases.flatMap((c) => {
    const attention = c.state.attention;
    if (!attention || !mayRetry(user, c)) return [];
    return tasksOf(c, 'attention', [{ unitId: commonUnit(c), dueAt: attention.since, reason: attention.reason }], now);
  });
}

interface SupportTaskRule {
  kind: TaskKind;
  find(user: Principal, c: CaseRecord, support: SupportView): Found[];
}

/** The early salary raise waits to be recorded: granted, approved, not recorded, and earned by an excellent evaluation when its terms ask. */
function raiseWaits(c: CaseRecord, s: SupportView): boolean {
  if (s.status !== 'approved' || s.salaryRaise === null || s.salaryRaise.raisedAt !== null) return false;
  return earlyRaiseEarned(s.entitlements.find((e) => e.component === 'early_salary_raise') ?? {}, caseEvaluations(c.state));
}

/** Due on a calendar day: overdue once its working hours are over in Vietnam. */
function dueOn(day: string | null): Pick<Found, 'dueAt'> {
  return { dueAt: day === null ? null : endOfWorkingDay(day) };
}

/** Arranging or approving the support is due by the day the cadre takes up the post. */
function byEffectiveDate(c: CaseRecord): Pick<Found, 'dueAt'> {
  return dueOn(c.state.effectiveDate === null ? null : calendarDay(c.state.effectiveDate));
}

/** Support work follows the support, not the case's status: a payment already due stays payable after the case ends. */
export const SUPPORT_TASK_RULES: readonly SupportTaskRule[] = [
  {
    kind: 'support_policy',
    find: (user, c, s) =>
      s.status === 'no_policy' && !ENDED_STATUSES.includes(c.state.status) && mayArrangeSupport(user, c) ? [{ unitId: c.row.toUnitId, ...byEffectiveDate(c) }] : [],
  },
  {
    kind: 'support_approval',
    find: (user, c, s) =>
      s.status === 'awaiting_approval' && mayHandleSupport(user, c) ? [{ unitId: c.row.toUnitId, ...supportDeadline(s, 'support_approval', byEffectiveDate(c)) }] : [],
  },
  {
    kind: 'payment',
    find: (user, c, s) =>
      mayHandleSupport(user, c)
        ? s.payments.filter((p) => p.status === 'due').map((p) => ({ unitId: c.row.toUnitId, ...supportDeadline(s, `payment:${p.id}`, dueOn(p.dueDate)), paymentId: p.id }))
        : [],
  },
  {
    kind: 'salary_raise',
    find: (user, c, s) => (raiseWaits(c, s) && mayHandleSupport(user, c) ? [{ unitId: c.row.toUnitId, ...dueOn(s.salaryRaise!.dueDate) }] : []),
  },
];

export function supportTasksFor(user: Principal, cases: readonly CaseRecord[], supports: ReadonlyMap<string, SupportView>, now: Date): Task[] {
  return cases.filter(goingOn).flatMap((c) => {
    const s = supportOf(supports, c.row.id);
    return [
      ...SUPPORT_TASK_RULES.flatMap((rule) => tasksOf(c, rule.kind, rule.find(user, c, s), now)),
      ...escalatedTasks(user, c, s.deadlines).flatMap(({ kind, ...found }) => tasksOf(c, kind, [found], now)),
    ];
  });
}

/** A support step counting working days is due by its deadline; an older one as before. */
function supportDeadline(s: SupportView, key: string, otherwise: Pick<Found, 'dueAt'>): Pick<Found, 'dueAt'> {
  const deadline = s.deadlines.find((d) => d.key === key);
  return deadline ? { dueAt: deadline.dueAt } : otherwise;
}

function tasksOf(c: CaseRecord, kind: TaskKind, found: readonly Found[], now: Date): Task[] {
  return found.map(({ party, paymentId, seq, followUpId, reason, role, evaluationKind, year, escalated = false, ...rest }) => ({
    rotationId: c.row.id,
    kind,
    ...rest,
    dueDate: rest.dueAt === null ? null : localDate(rest.dueAt),
    overdue: rest.dueAt !== null && Date.parse(rest.dueAt) < now.getTime(),
    escalated,
    ...(party ? { party } : {}),
    ...(paymentId ? { paymentId } : {}),
    ...(seq !== undefined ? { seq } : {}),
    ...(followUpId ? { followUpId } : {}),
    ...(reason ? { reason } : {}),
    ...(role ? { role } : {}),
    ...(evaluationKind ? { evaluationKind } : {}),
    ...(year !== undefined ? { year } : {}),
  }));
}

// ---- Steps no one can take: the organizers are asked to find someone ----

/** Who could take the steps that wait on a role, as the database has them now. */
export interface Staffing {
  /** Active users' grants of the roles below, with their cadre links. */
  holders: readonly RoleHolder[];
  /** Seats of active users on the committees above the cases in appraisal. */
  seats: readonly CommitteeSeat[];
}

/** The roles a staffing check looks for among the holders. */
export const STAFFED_ROLES: readonly Role[] = ['secretary', 'finance'];

/** A role a waiting step needs over a unit, and when that step is due. */
interface Need {
  role: Role;
  unitId: string;
  /** Someone holding the role over one of these reaches the step. */
  paths: readonly string[];
  dueAt: string | null;
}

/** The steps of a case that wait on a role, besides the organizers' own. */
function needsOf(c: CaseRecord, support: SupportView, seats: readonly CommitteeSeat[], now: Date): Need[] {
  const needs: Need[] = [];
  const { status, stepDueAt, decidingUnitId } = c.state;
  if (status === 'appraisal') {
    // The vote opens with the committee deciding the case: it needs enough active members.
    const onPath = seats.filter((s) => isAtOrBelow(c.fromPath, s.unitId));
    const unitId = decidingUnit(c.fromPath, c.toPath, new Set(onPath.map((s) => s.unitId)));
    const members = unitId === null ? 0 : onPath.filter((s) => s.unitId === unitId).length;
    if (committeeSizeProblem(members)) needs.push({ role: 'committee_member', unitId: unitId ?? commonUnit(c), paths: [], dueAt: stepDueAt });
  }
  const decidingPath = c.decidingPath;
  const closable = status === 'committee_vote' && stepDueAt !== null && Date.parse(stepDueAt) <= now.getTime();
  if (decidingPath !== null && decidingUnitId && (status === 'decision_pending' || closable)) {
    needs.push({ role: 'secretary', unitId: decidingUnitId, paths: [decidingPath], dueAt: stepDueAt });
  }
  const financeWaits = support.status === 'awaiting_approval' || support.payments.some((p) => p.status === 'due') || raiseWaits(c, support);
  if (financeWaits) needs.push({ role: 'finance', unitId: c.row.toUnitId, paths: [c.toPath], dueAt: byEffectiveDate(c).dueAt });
  return needs;
}

/**
 * A step waiting on a role no active user (other than the rotated cadre) holds over its unit is
 * an attention task of the organizers over the case, naming the role and the unit.
 */
export function staffingTasksFor(user: Principal, cases: readonly CaseRecord[], supports: ReadonlyMap<string, SupportView>, staffing: Staffing, now: Date): Task[] {
  return cases.filter(goingOn).flatMap((c) => {
    if (!mayRetry(user, c)) return [];
    const missing = needsOf(c, supportOf(supports, c.row.id), staffing.seats, now).filter(
      (n) => n.role === 'committee_member' || !someoneHolds(staffing.holders, n.role, n.paths, c.row.cadreId),
    );
    return tasksOf(
      c,
      'attention',
      missing.map(({ role, unitId, dueAt }) => ({ unitId, dueAt, reason: 'missing_role' as const, role })),
      now,
    );
  });
}
