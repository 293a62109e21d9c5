// Evaluations of the rotated cadre while the rotation is active: the deciding level's yearly one,
// and at the end of the term the closing ones (the cadre's self-review, the receiving unit's
// evaluation, the deciding level's conclusion) that must come before the cadre is placed. Pure.
import { type Transition, next, requireStatus } from './case-transition';
import { dayStartAfterMonths } from './calendar';
import { Refusal } from './refusal';
import { totalTermMonths } from './review-schedule';
import {
  CLOSING_EVALUATION_KINDS,
  EVALUATION_KINDS,
  EVALUATION_RATINGS,
  type CaseEvaluation,
  type CaseState,
  type EvaluationInput,
  type EvaluationKind,
  type TermEndDecisionInput,
} from './types';
import { refusalText } from './refusal-texts';

/** The rule a term-end decision names when a closing evaluation is missing. */
export const CLOSING_EVALUATIONS_RULE = 'closing_evaluations_missing';

export interface YearlyEvaluationDue {
  year: number;
  /** The start of the anniversary's day in Vietnam. */
  dueAt: string;
}

/** One yearly evaluation at each anniversary of the effective date before the term ends (extensions included): the conclusion covers the last year. */
export function yearlyEvaluationsDue(state: Pick<CaseState, 'effectiveDate' | 'termMonths' | 'extensions'>): YearlyEvaluationDue[] {
  if (!state.effectiveDate) return [];
  const months = totalTermMonths(state.termMonths, state.extensions);
  const due: YearlyEvaluationDue[] = [];
  for (let year = 1; year * 12 < months; year++) due.push({ year, dueAt: dayStartAfterMonths(state.effectiveDate, year * 12) });
  return due;
}

/** The yearly evaluations not recorded yet, earliest first. */
export function yearlyEvaluationsOpen(state: Pick<CaseState, 'effectiveDate' | 'termMonths' | 'extensions' | 'evaluations'>): YearlyEvaluationDue[] {
  const recorded = new Set(state.evaluations.filter((e) => e.kind === 'yearly').map((e) => e.year));
  return yearlyEvaluationsDue(state).filter((d) => !recorded.has(d.year));
}

/** The closing evaluations of the term as it now ends: those recorded since it was last extended. */
export function closingEvaluations(state: Pick<CaseState, 'evaluations' | 'termEnd'>): CaseEvaluation[] {
  const since = state.termEnd?.outcome === 'extend' ? Date.parse(state.termEnd.at) : null;
  return state.evaluations.filter((e) => isClosing(e.kind) && (since === null || Date.parse(e.recordedAt) >= since));
}

export function missingClosingEvaluations(state: Pick<CaseState, 'evaluations' | 'termEnd'>): EvaluationKind[] {
  const recorded = closingEvaluations(state);
  return CLOSING_EVALUATION_KINDS.filter((kind) => !recorded.some((e) => e.kind === kind));
}

export function isClosing(kind: EvaluationKind): boolean {
  return (CLOSING_EVALUATION_KINDS as readonly EvaluationKind[]).includes(kind);
}

/** An evaluation of the cadre, while the rotation is active: a yearly one covers the next year not evaluated. */
export function recordEvaluation(state: CaseState, input: EvaluationInput, now: string): Transition {
  requireStatus(state, 'recording an evaluation', 'active');
  if (!EVALUATION_KINDS.includes(input.kind)) throw new Refusal('rule', refusalText('one_of', { field: 'kind', values: EVALUATION_KINDS }), 'kind');
  if (!EVALUATION_RATINGS.includes(input.rating)) throw new Refusal('rule', refusalText('one_of', { field: 'rating', values: EVALUATION_RATINGS }), 'rating');
  if (input.text.trim() === '') throw new Refusal('rule', refusalText('evaluation_empty'), 'text');
  if (input.onBehalfOf && input.kind !== 'self_review') throw new Refusal('rule', refusalText('evaluation_on_behalf'), 'kind');
  let year: number | undefined;
  if (input.kind === 'yearly') {
    const [open] = yearlyEvaluationsOpen(state);
    if (!open) throw new Refusal('conflict', refusalText('yearly_evaluations_done', { count: yearlyEvaluationsDue(state).length }));
    year = open.year;
  } else if (closingEvaluations(state).some((e) => e.kind === input.kind)) {
    throw new Refusal('conflict', refusalText('evaluation_recorded', { kind: input.kind }));
  }
  const onBehalfOf = input.onBehalfOf ?? undefined;
  const evaluation: CaseEvaluation = {
    kind: input.kind,
    rating: input.rating,
    text: input.text,
    ...(year !== undefined ? { year } : {}),
    recordedAt: now,
    recordedBy: input.actor,
    ...(onBehalfOf ? { onBehalfOf } : {}),
  };
  return {
    state: next(state, { evaluations: [...state.evaluations, evaluation] }),
    event: {
      action: 'evaluation_recorded',
      actor: input.actor,
      ...(onBehalfOf ? { onBehalfOf } : {}),
      detail: { kind: input.kind, rating: input.rating, text: input.text, ...(year !== undefined ? { year } : {}) },
    },
  };
}

/**
 * The cadre is placed (return, appoint) only once the closing evaluations of the term are in; an
 * extension needs none. Checked when a decision is admitted, once the term end is reached (before
 * that the decision is a conflict), so terms ended before this rule replay unchanged.
 */
export function requireClosingEvaluations(state: CaseState, input: Pick<TermEndDecisionInput, 'outcome'>): void {
  if (!state.termEndReachedAt || input.outcome === 'extend') return;
  const missing = missingClosingEvaluations(state);
  if (missing.length > 0) {
    throw new Refusal('rule', refusalText('closing_evaluations_missing', { missing: missing.join(', ') }), 'outcome', CLOSING_EVALUATIONS_RULE);
  }
}
