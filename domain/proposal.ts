// Rules of a rotation proposal: pure functions, no I/O, safe inside the workflow sandbox.
import { Refusal } from './refusal';
import { type Wording, refusalText } from './refusal-texts';
import { isAtOrBelow } from './units';

export const TERM_MONTHS = { min: 6, max: 60 } as const;
export const REVIEW_INTERVAL_MONTHS = { min: 3, max: 6 } as const;

export function termMonthsProblem(months: number): string | null {
  return termMonthsRefusal(months)?.en ?? null;
}

/** `termMonthsProblem` in each language. */
export function termMonthsRefusal(months: number): Wording | null {
  return wholeWithin(months, TERM_MONTHS) ? null : refusalText('term_months_range', TERM_MONTHS);
}

export function reviewIntervalProblem(months: number): string | null {
  return reviewIntervalRefusal(months)?.en ?? null;
}

/** `reviewIntervalProblem` in each language. */
export function reviewIntervalRefusal(months: number): Wording | null {
  return wholeWithin(months, REVIEW_INTERVAL_MONTHS) ? null : refusalText('review_interval_range', REVIEW_INTERVAL_MONTHS);
}

function wholeWithin(months: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(months) && months >= range.min && months <= range.max;
}

/** The post a non-local secretary takes: secretary of the commune's Party committee. */
export const PARTY_SECRETARY = 'party_secretary';

export interface ProposalFacts {
  cadreCurrentUnitId: string;
  cadreHomePath: string;
  fromUnitId: string;
  toUnitId: string;
  toUnitKind: string;
  nonLocalSecretary: boolean;
  position: string;
}

/** Rules a proposal must satisfy beyond its shape; throws a `rule` Refusal naming the field. */
export function checkProposal(f: ProposalFacts): void {
  if (f.fromUnitId === f.toUnitId) {
    throw new Refusal('rule', refusalText('same_units'), 'toUnitId');
  }
  if (f.cadreCurrentUnitId !== f.fromUnitId) {
    throw new Refusal('rule', refusalText('sending_unit_not_current'), 'fromUnitId');
  }
  if (f.nonLocalSecretary) {
    if (f.position !== PARTY_SECRETARY) {
      throw new Refusal('rule', refusalText('non_local_secretary_position', { expected: PARTY_SECRETARY, position: f.position }), 'position');
    }
    if (f.toUnitKind !== 'commune') {
      throw new Refusal('rule', refusalText('non_local_secretary_commune'), 'toUnitId');
    }
    if (isAtOrBelow(f.cadreHomePath, f.toUnitId)) {
      throw new Refusal('rule', refusalText('non_local_secretary_home'), 'nonLocalSecretary');
    }
  }
}
