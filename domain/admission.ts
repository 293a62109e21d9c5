// What a step must meet before a workflow accepts it, besides its transition: text the database
// stores, dates that exist, and the counts of domain/limits.ts. The Update validators check it,
// so a client calling a workflow directly meets the rules the API applies; the handlers do not
// check it again, so a case whose steps were accepted under earlier rules replays unchanged.
// Each check throws a `rule` Refusal naming the field. Pure.
import { firstTextProblem, isCalendarDate, isSaneInstant } from './input';
import { COUNT_LIMITS } from './limits';
import { totalTermMonths } from './review-schedule';
import { COMMITTEE_SIZE_RULE, MIN_COMMITTEE_MEMBERS, committeeSizeProblem } from './vote';
import { requireClosingEvaluations } from './evaluations';
import { Refusal } from './refusal';
import type { AppraisalInput, CaseState, ConsultationInput, DecisionInput, EvaluationInput, PaymentPaidInput, ReviewInput, SalaryRaiseInput, TermEndDecisionInput } from './types';
import { refusalText } from './refusal-texts';

/** Every string anywhere in a step's input is text the database stores. */
export function requireStorableText(input: unknown): void {
  const found = firstTextProblem(input);
  if (found) throw new Refusal('rule', `${found.path} ${found.problem}`, found.path);
}

function requireInstant(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isSaneInstant(value)) throw new Refusal('rule', `${path} must be a date or an instant that exists`, path);
}

function requireCalendarDate(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw new Refusal('rule', `${path} must be a calendar date (YYYY-MM-DD) that exists`, path);
}

function requireAtMost(count: number, limit: number, what: string, path: string): void {
  if (count > limit) throw new Refusal('rule', `at most ${limit} ${what}; this would make ${count}`, path);
}

export function admitConsultation(_state: CaseState, input: ConsultationInput): void {
  requireAtMost(input.concerns.length, COUNT_LIMITS.concerns, 'concerns in one answer', 'concerns');
}

/** After COUNT_LIMITS.appraisalReturns returns, a case is endorsed or rejected. */
export function admitAppraisal(state: CaseState, input: AppraisalInput): void {
  const returns = state.round - 1;
  if (input.outcome === 'return' && returns >= COUNT_LIMITS.appraisalReturns) {
    throw new Refusal('rule', refusalText('returned_too_often', { returns }), 'outcome');
  }
  if (input.outcome === 'endorse' && input.committee) {
    const members = new Set(input.committee.memberUserIds).size;
    requireAtMost(members, COUNT_LIMITS.committeeMembers, 'members of the deciding Standing Committee', 'outcome');
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
  requireAtMost(input.followUps.length, COUNT_LIMITS.followUpsPerReview, 'follow-ups agreed at one review', 'followUps');
  requireAtMost(state.followUps.length + input.followUps.length, COUNT_LIMITS.followUpsPerCase, 'follow-ups over the term', 'followUps');
}

export function admitTermEnd(state: CaseState, input: TermEndDecisionInput): void {
  requireClosingEvaluations(state, input);
  if (input.outcome !== 'extend' || typeof input.extendMonths !== 'number') return;
  const total = totalTermMonths(state.termMonths, [...state.extensions, input.extendMonths]);
  requireAtMost(total, COUNT_LIMITS.totalTermMonths, 'months of term, extensions included', 'extendMonths');
}

export function admitEvaluation(state: CaseState, _input: EvaluationInput): void {
  requireAtMost(state.evaluations.length + 1, COUNT_LIMITS.evaluationsPerCase, 'evaluations over the term', 'kind');
}

export function admitPayment(_state: unknown, input: PaymentPaidInput): void {
  requireInstant(input.paidAt, 'paidAt');
}

export function admitSalaryRaise(_state: unknown, input: SalaryRaiseInput): void {
  requireInstant(input.raisedAt, 'raisedAt');
}
