// The support of one case as a state machine: pure transitions shared by the support workflow's
// validators and handlers. Each returns the next state and the change to write, or throws a
// Refusal; none mutates its input.
import { calendarDay, localDate, startOfLocalDay } from './calendar';
import { Refusal } from './refusal';
import { earlyRaiseEarned, extendedEntitlements, paymentIdOf, paymentSchedule } from './support';
import type {
  PaymentPaidInput,
  PaymentStatus,
  SalaryRaiseInput,
  ScheduledPayment,
  SupportApprovalInput,
  SupportCaseCompletedInput,
  SupportChange,
  SupportExtensionInput,
  SupportInput,
  SupportPayment,
  SupportPlan,
  SupportState,
  SupportStopInput,
} from './types';
import { refusalText } from './refusal-texts';

export interface SupportTransition {
  state: SupportState;
  change: SupportChange;
}

export function initialSupportState(input: SupportInput, plan: SupportPlan): SupportState {
  const raise = plan.entitlements.find((e) => e.component === 'early_salary_raise');
  return {
    caseId: input.caseId,
    status: plan.status,
    policyVersion: plan.policyVersion,
    entitlements: plan.entitlements,
    payments: plan.payments.map((p) => scheduled(input.caseId, p)),
    salaryRaise: raise?.dueDate ? { dueDate: raise.dueDate, raisedAt: null, reference: null, raisedBy: null } : null,
    effectiveDate: calendarDay(input.effectiveDate),
    termMonths: input.termMonths,
    approvedAt: null,
    approvedBy: null,
    stoppedAt: null,
  };
}

function scheduled(caseId: string, p: ScheduledPayment): SupportPayment {
  return { ...p, id: paymentIdOf(caseId, p), status: 'scheduled', paidAt: null, reference: null, paidBy: null };
}

/** A payment falls due when its day begins in Vietnam. */
function dueInstant(p: Pick<ScheduledPayment, 'dueDate'>): string {
  return startOfLocalDay(p.dueDate);
}

/** Scheduled payments whose day has begun by `at`. */
function fallenDue(state: SupportState, at: string): string[] {
  return state.payments.filter((p) => p.status === 'scheduled' && Date.parse(dueInstant(p)) <= Date.parse(at)).map((p) => p.id);
}

function withStatus(payments: readonly SupportPayment[], ids: readonly string[], status: PaymentStatus): SupportPayment[] {
  const chosen = new Set(ids);
  return payments.map((p) => (chosen.has(p.id) ? { ...p, status } : p));
}

/** Finance approves the support; every payment whose day has already come is due at once. */
export function approveSupport(state: SupportState, input: SupportApprovalInput, now: string): SupportTransition {
  if (state.status === 'no_policy') {
    throw new Refusal('conflict', 'no support policy was in force when the decision was signed; there is nothing to approve');
  }
  if (state.approvedAt !== null) throw new Refusal('conflict', 'the support of this case is already approved');
  if (state.status === 'stopped') throw new Refusal('conflict', 'the support was stopped when the case ended');
  const due = fallenDue(state, now);
  return {
    state: { ...state, status: 'approved', approvedAt: now, approvedBy: input.actor.userId, payments: withStatus(state.payments, due, 'due') },
    change: { kind: 'approved', approvedAt: now, approvedBy: input.actor.userId, note: input.note, duePaymentIds: due },
  };
}

/** The payments of an approved support whose day has come become due; null when none has. */
export function markDue(state: SupportState, now: string): SupportTransition | null {
  if (state.status !== 'approved') return null;
  const due = fallenDue(state, now);
  if (due.length === 0) return null;
  return { state: { ...state, payments: withStatus(state.payments, due, 'due') }, change: { kind: 'due', paymentIds: due } };
}

/** When the next payment of an approved support falls due; null while none is waiting on a date. */
export function nextDueAt(state: SupportState): string | null {
  if (state.status !== 'approved') return null;
  const waiting = state.payments.filter((p) => p.status === 'scheduled').map((p) => Date.parse(dueInstant(p)));
  return waiting.length ? new Date(Math.min(...waiting)).toISOString() : null;
}

export function markPaymentPaid(state: SupportState, input: PaymentPaidInput, now: string): SupportTransition {
  const payment = state.payments.find((p) => p.id === input.paymentId);
  if (!payment) throw new Refusal('not_found', `the support of this case has no payment ${input.paymentId}`);
  switch (payment.status) {
    case 'paid':
      throw new Refusal('conflict', `payment ${payment.id} is already recorded as paid on ${localDate(payment.paidAt!)}`);
    case 'cancelled':
      throw new Refusal('conflict', `payment ${payment.id} was cancelled: the case ended before it fell due`);
    case 'scheduled':
      throw new Refusal('conflict', state.approvedAt === null ? 'the support of this case is not approved yet' : `payment ${payment.id} is not due until ${payment.dueDate}`);
  }
  if (localDate(input.paidAt) > localDate(now)) throw new Refusal('rule', refusalText('in_future', { field: 'paidAt' }), 'paidAt');
  const paid = { ...payment, status: 'paid' as const, paidAt: input.paidAt, reference: input.reference, paidBy: input.actor.userId };
  return {
    state: { ...state, payments: state.payments.map((p) => (p.id === payment.id ? paid : p)) },
    change: { kind: 'paid', paymentId: payment.id, paidAt: input.paidAt, reference: input.reference, paidBy: input.actor.userId },
  };
}

/** The rule a refusal names when the early salary raise waits for an evaluation rated excellent. */
export const EARLY_RAISE_RULE = 'early_raise_needs_excellent';

/** Finance records the early salary raise, on or after the day it is due, after an excellent evaluation when its terms ask for one. */
export function recordSalaryRaise(state: SupportState, input: SalaryRaiseInput, now: string): SupportTransition {
  const raise = state.salaryRaise;
  if (!raise) throw new Refusal('conflict', 'the support of this case grants no early salary raise');
  if (raise.raisedAt !== null) throw new Refusal('conflict', `the early salary raise is already recorded on ${localDate(raise.raisedAt)}`);
  if (state.status !== 'approved') {
    throw new Refusal('conflict', state.status === 'stopped' ? 'the support was stopped when the case ended' : 'the support of this case is not approved yet');
  }
  const day = localDate(input.raisedAt);
  if (day > localDate(now)) throw new Refusal('rule', refusalText('in_future', { field: 'raisedAt' }), 'raisedAt');
  if (day < raise.dueDate) throw new Refusal('rule', `the early salary raise is due on ${raise.dueDate}, not before`, 'raisedAt');
  const terms = state.entitlements.find((e) => e.component === 'early_salary_raise') ?? {};
  if (!earlyRaiseEarned(terms, input.evaluations ?? [])) {
    throw new Refusal('rule', refusalText('early_raise_needs_excellent'), undefined, EARLY_RAISE_RULE);
  }
  return {
    state: { ...state, salaryRaise: { ...raise, raisedAt: input.raisedAt, reference: input.reference, raisedBy: input.actor.userId } },
    change: { kind: 'salary_raised', raisedAt: input.raisedAt, reference: input.reference, raisedBy: input.actor.userId },
  };
}

/**
 * The case ended early: what had fallen due by `at` under an approval stays payable, every other
 * scheduled payment is cancelled. Null when there is nothing to stop.
 */
export function stopSupport(state: SupportState, input: SupportStopInput): SupportTransition | null {
  if (state.stoppedAt !== null || state.status === 'no_policy') return null;
  const due = state.status === 'approved' ? fallenDue(state, input.at) : [];
  const dueNow = new Set(due);
  const cancelled = state.payments.filter((p) => p.status === 'scheduled' && !dueNow.has(p.id)).map((p) => p.id);
  return {
    state: { ...state, status: 'stopped', stoppedAt: input.at, payments: withStatus(withStatus(state.payments, due, 'due'), cancelled, 'cancelled') },
    change: { kind: 'stopped', stoppedAt: input.at, duePaymentIds: due, cancelledPaymentIds: cancelled },
  };
}

/** The term goes on for `months` more: so do the monthly components. */
export function extendSupport(state: SupportState, input: SupportExtensionInput): SupportTransition {
  if (state.status === 'no_policy' || state.stoppedAt !== null) throw new Refusal('conflict', `a support that is ${state.status} is not extended`);
  if (!Number.isInteger(input.months) || input.months < 1) throw new Refusal('rule', 'an extension is a whole number of months', 'months');
  const termMonths = state.termMonths + input.months;
  const entitlements = extendedEntitlements(state.entitlements, input.months);
  const added = paymentSchedule(entitlements, state.effectiveDate, termMonths, state.termMonths + 1);
  return {
    state: { ...state, termMonths, entitlements, payments: [...state.payments, ...added.map((p) => scheduled(state.caseId, p))] },
    change: { kind: 'extended', entitlements, payments: added },
  };
}

/** The case completed its term: the support runs on until every payment owed is paid. */
export function caseCompleted(state: SupportState, input: SupportCaseCompletedInput): SupportState {
  return state.caseCompletedAt ? state : { ...state, caseCompletedAt: input.at };
}

/** The case has ended, early or at the end of its term. */
export function caseOver(state: SupportState): boolean {
  return state.stoppedAt !== null || Boolean(state.caseCompletedAt);
}

/** Nothing more can happen: no policy, or stopped or completed with every payment paid or cancelled. */
export function isSettled(state: SupportState): boolean {
  return state.status === 'no_policy' || (caseOver(state) && state.payments.every((p) => p.status === 'paid' || p.status === 'cancelled'));
}
