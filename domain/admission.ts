// What a step must meet before a workflow accepts it, besides its transition: text the database
// stores, dates that exist, and the counts of domain/limits.ts. The Update validators check it,
// so a client calling a workflow directly meets the rules the API applies; the handlers do not
// check it again, so a case whose steps were accepted under earlier rules replays unchanged.
// Each check throws a `rule` Refusal naming the field. Pure.
import { firstTextRefusal, isCalendarDate, isSaneInstant } from './input';
import { COUNT_LIMITS } from './limits';
import { totalTermMonths } from './review-schedule';
import { COMMITTEE_SIZE_RULE, MIN_COMMITTEE_MEMBERS, committeeSizeProblem } from './vote';
import { requireClosingEvaluations } from './evaluations';
import { Refusal } from './refusal';
import type { AppraisalInput, CaseState, ConsultationInput, DecisionInput, EvaluationInput, PaymentPaidInput, ReviewInput, SalaryRaiseInput, TermEndDecisionInput } from './types';
import { type Counted, counted, refusalText } from './refusal-texts';

/** Every string anywhere in a step's input is text the database stores. */
export function requireStorableText(input: unknown): void {
  const found = firstTextRefusal(input);
  if (found) throw new Refusal('rule', refusalText('field_text', { path: found.path, problem: found.refusal }), found.path);
}

function requireInstant(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isSaneInstant(value)) throw new Refusal('rule', refusalText('instant_not_real', { path }), path);
}

function requireCalendarDate(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw new Refusal('rule', refusalText('calendar_date_not_real', { path }), path);
}

function requireAtMost(count: number, limit: number, what: Counted, path: string): void {
  if (count > limit) throw new Refusal('rule', refusalText('count_too_many', { limit, what: counted(what), count }), path);
}

export function admitConsultation(_state: CaseState, input: ConsultationInput): void {
  requireAtMost(input.concerns.length, COUNT_LIMITS.concerns, 'concerns', 'concerns');
}

/** After COUNT_LIMITS.appraisalReturns returns, a case is endorsed or rejected. */
export function admitAppraisal(state: CaseState, input: AppraisalInput): void {
  const returns = state.round - 1;
  if (input.outcome === 'return' && returns >= COUNT_LIMITS.appraisalReturns) {
    throw new Refusal('rule', refusalText('returned_too_often', { returns }), 'outcome');
  }
  if (input.outcome === 'endorse' && input.committee) {
    const members = new Set(input.committee.memberUserIds).size;
    requireAtMost(members, COUNT_LIMITS.committeeMembers, 'committeeMembers', 'outcome');
    // Checked on admission only: votes opened under the earlier rule replay unchanged.
    if (members > 0 && committeeSizeProblem(members))
      throw new Refusal('rule', refusalText('committee_cannot_vote', { min: MIN_COMMITTEE_MEMBERS, members }), 'outcome', COMMITTEE_SIZE_RULE);
  }
}

export function admitDecision(_state: CaseState, input: DecisionInput): void {
  requireInstant(input.signedAt, 'signedAt');
  requireCalendarDate(input.effectiveDate, 'effectiveDate');
}

export function admitReview(state: CaseState, input: ReviewInput): void {
  requireInstant(input.heldAt, 'heldAt');
  input.followUps.forEach((f, i) => requireCalendarDate(f.dueDate, `followUps.${i}.dueDate`));
  requireAtMost(input.followUps.length, COUNT_LIMITS.followUpsPerReview, 'followUpsPerReview', 'followUps');
  requireAtMost(state.followUps.length + input.followUps.length, COUNT_LIMITS.followUpsPerCase, 'followUpsPerCase', 'followUps');
}

export function admitTermEnd(state: CaseState, input: TermEndDecisionInput): void {
  requireClosingEvaluations(state, input);
  if (input.outcome !== 'extend' || typeof input.extendMonths !== 'number') return;
  const total = totalTermMonths(state.termMonths, [...state.extensions, input.extendMonths]);
  requireAtMost(total, COUNT_LIMITS.totalTermMonths, 'totalTermMonths', 'extendMonths');
}

export function admitEvaluation(state: CaseState, _input: EvaluationInput): void {
  requireAtMost(state.evaluations.length + 1, COUNT_LIMITS.evaluationsPerCase, 'evaluationsPerCase', 'kind');
}

export function admitPayment(_state: unknown, input: PaymentPaidInput): void {
  requireInstant(input.paidAt, 'paidAt');
}

export function admitSalaryRaise(_state: unknown, input: SalaryRaiseInput): void {
  requireInstant(input.raisedAt, 'raisedAt');
}
