// The caller's open work, derived from the cases it can see. Each kind of task is one rule.
import { escalationAt, reminderAt } from '../domain/review-schedule';
import { addDays, lowestCommonUnit, startOfLocalDay } from '../domain/rules';
import { calendarDay } from '../domain/support';
import { timingsOf } from '../domain/term';
import { type CaseStatus, ENDED_STATUSES, PARTIES, type Party, type TaskKind } from '../domain/types';
import {
  hasBallotWaiting,
  mayAppraise,
  mayArrangeSupport,
  mayDecideContinuation,
  mayDecideTermEnd,
  mayHandleSupport,
  mayRecordConsultation,
  mayReview,
  maySignDecision,
} from './case-roles';
import type { CaseRecord } from './cases';
import { type Principal, reaches } from './scope';
import { type SupportView, supportOf } from './support';

export interface Task {
  rotationId: string;
  kind: TaskKind;
  unitId: string;
  dueAt: string | null;
  overdue: boolean;
  /** The consultation's party, for consultation tasks. */
  party?: Party;
  /** The payment to make, for payment tasks. */
  paymentId?: string;
  /** The review to hold, for review tasks. */
  seq?: number;
  /** The follow-up to close, for follow-up tasks. */
  followUpId?: string;
}

type Found = Pick<Task, 'unitId' | 'dueAt' | 'party' | 'paymentId' | 'seq' | 'followUpId'> & {
  /** When it becomes overdue, if not at dueAt. */
  overdueAt?: string;
};

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
    // Each review not done, from its reminder on; overdue once escalated.
    kind: 'review',
    statuses: ['active'],
    find: (user, c, now) => {
      if (!mayReview(user, c)) return [];
      const timings = timingsOf(c.state);
      return c.state.reviews
        .filter((r) => !r.doneAt && Date.parse(reminderAt(r.dueAt, timings)) <= now.getTime())
        .map((r) => ({ unitId: c.row.toUnitId, dueAt: r.dueAt, overdueAt: escalationAt(r.dueAt, timings), seq: r.seq }));
    },
  },
  {
    // Once the term has ended, until the organizer decides; overdue after the grace the workflow gives it.
    kind: 'term_end',
    statuses: ['active'],
    find: (user, c) =>
      c.state.termEndReachedAt && mayDecideTermEnd(user, c)
        ? [{ unitId: commonUnit(c), dueAt: c.state.termEndsAt ?? c.state.termEndReachedAt, ...(c.state.stepDueAt ? { overdueAt: c.state.stepDueAt } : {}) }]
        : [],
  },
  {
    // The owner's own open follow-ups, due on their day.
    kind: 'follow_up',
    statuses: ['active'],
    find: (user, c) =>
      (c.state.followUps ?? []).filter((f) => f.status === 'open' && f.ownerUserId === user.id).map((f) => ({ unitId: c.row.toUnitId, ...dueOn(f.dueDate), followUpId: f.id })),
  },
  {
    // From the review rated not_completed; overdue after the grace a review has once due.
    kind: 'continuation',
    statuses: ['active'],
    find: (user, c) => {
      const pending = c.state.continuation;
      if (!pending || !mayDecideContinuation(user, c)) return [];
      return [{ unitId: commonUnit(c), dueAt: pending.askedAt, overdueAt: addDays(pending.askedAt, timingsOf(c.state).escalationDaysAfter) }];
    },
  },
];

/** Statuses in which some task may be waiting. */
export const TASK_STATUSES: readonly CaseStatus[] = [...new Set(TASK_RULES.flatMap((r) => r.statuses))];

export function tasksFor(user: Principal, cases: readonly CaseRecord[], now: Date): Task[] {
  return cases.flatMap((c) => TASK_RULES.filter((rule) => rule.statuses.includes(c.state.status)).flatMap((rule) => tasksOf(c, rule.kind, rule.find(user, c, now), now)));
}

interface SupportTaskRule {
  kind: TaskKind;
  find(user: Principal, c: CaseRecord, support: SupportView): Found[];
}

/** The unit through which finance handles the case: the receiving one when it reaches both. */
function financeUnit(user: Principal, c: CaseRecord): string {
  return reaches(user, ['finance'], c.toPath) ? c.row.toUnitId : c.row.fromUnitId;
}

/** Due on a calendar day: from the day's start, overdue once the day is over in Vietnam. */
function dueOn(day: string | null): Pick<Found, 'dueAt' | 'overdueAt'> {
  if (day === null) return { dueAt: null };
  const dueAt = startOfLocalDay(day);
  return { dueAt, overdueAt: addDays(dueAt, 1) };
}

/** Arranging or approving the support is due by the day the cadre takes up the post. */
function byEffectiveDate(c: CaseRecord): Pick<Found, 'dueAt' | 'overdueAt'> {
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
    find: (user, c, s) => (s.status === 'awaiting_approval' && mayHandleSupport(user, c) ? [{ unitId: financeUnit(user, c), ...byEffectiveDate(c) }] : []),
  },
  {
    kind: 'payment',
    find: (user, c, s) =>
      mayHandleSupport(user, c)
        ? s.payments.filter((p) => p.status === 'due').map((p) => ({ unitId: financeUnit(user, c), ...dueOn(p.dueDate), paymentId: p.id }))
        : [],
  },
  {
    kind: 'salary_raise',
    find: (user, c, s) =>
      s.status === 'approved' && s.salaryRaise !== null && s.salaryRaise.raisedAt === null && mayHandleSupport(user, c)
        ? [{ unitId: financeUnit(user, c), ...dueOn(s.salaryRaise.dueDate) }]
        : [],
  },
];

export function supportTasksFor(user: Principal, cases: readonly CaseRecord[], supports: ReadonlyMap<string, SupportView>, now: Date): Task[] {
  return cases.flatMap((c) => SUPPORT_TASK_RULES.flatMap((rule) => tasksOf(c, rule.kind, rule.find(user, c, supportOf(supports, c.row.id)), now)));
}

function tasksOf(c: CaseRecord, kind: TaskKind, found: readonly Found[], now: Date): Task[] {
  return found.map(({ party, paymentId, seq, followUpId, overdueAt, ...rest }) => ({
    rotationId: c.row.id,
    kind,
    ...rest,
    overdue: rest.dueAt !== null && Date.parse(overdueAt ?? rest.dueAt) < now.getTime(),
    ...(party ? { party } : {}),
    ...(paymentId ? { paymentId } : {}),
    ...(seq !== undefined ? { seq } : {}),
    ...(followUpId ? { followUpId } : {}),
  }));
}
