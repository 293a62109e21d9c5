// Rules of a rotation proposal: pure functions, no I/O, safe inside the workflow sandbox.
import { Refusal } from './refusal';
import { isAtOrBelow } from './units';

export const TERM_MONTHS = { min: 6, max: 60 } as const;
export const REVIEW_INTERVAL_MONTHS = { min: 3, max: 6 } as const;

export function termMonthsProblem(months: number): string | null {
  if (!Number.isInteger(months) || months < TERM_MONTHS.min || months > TERM_MONTHS.max) {
    return `termMonths must be a whole number from ${TERM_MONTHS.min} to ${TERM_MONTHS.max}`;
  }
  return null;
}

export function reviewIntervalProblem(months: number): string | null {
  if (!Number.isInteger(months) || months < REVIEW_INTERVAL_MONTHS.min || months > REVIEW_INTERVAL_MONTHS.max) {
    return `reviewIntervalMonths must be a whole number from ${REVIEW_INTERVAL_MONTHS.min} to ${REVIEW_INTERVAL_MONTHS.max}`;
  }
  return null;
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
    throw new Refusal('rule', 'the receiving unit must differ from the sending unit', 'toUnitId');
  }
  if (f.cadreCurrentUnitId !== f.fromUnitId) {
    throw new Refusal('rule', "the sending unit must be the cadre's current unit", 'fromUnitId');
  }
  if (f.nonLocalSecretary) {
    if (f.position !== PARTY_SECRETARY) {
      throw new Refusal('rule', `a non-local secretary is appointed to ${PARTY_SECRETARY}, not ${f.position}`, 'position');
    }
    if (f.toUnitKind !== 'commune') {
      throw new Refusal('rule', 'a non-local secretary is appointed to a commune; the receiving unit is not one', 'toUnitId');
    }
    if (isAtOrBelow(f.cadreHomePath, f.toUnitId)) {
      throw new Refusal('rule', "non-local secretary: the cadre's home unit is the receiving commune or inside it", 'nonLocalSecretary');
    }
  }
}
