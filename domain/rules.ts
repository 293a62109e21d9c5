// Domain rules of cadre rotation: pure functions, no I/O, safe inside the workflow sandbox.
import type { RefusalKind, VoteChoice } from './types';

/** A domain refusal: the workflow turns it into a typed ApplicationFailure, the API into 403/409/422. */
export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly path?: string,
    /** The rule the problem names (`own_case`, `committee_size`, ...), where one has a name. */
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const TERM_MONTHS = { min: 6, max: 60 } as const;
export const REVIEW_INTERVAL_MONTHS = { min: 3, max: 6 } as const;
export const DEFAULT_NON_LOCAL_TARGET = 0.3;

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

// ---- Unit tree. A unit's path is "/rootId/.../unitId/". ----

export function unitPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** True when `path` is the unit `ancestorId` or lies below it. */
export function isAtOrBelow(path: string, ancestorId: string): boolean {
  return ancestorIds(path).includes(ancestorId);
}

/** The lowest unit containing both (a unit contains itself); null when the trees are disjoint. */
export function lowestCommonUnit(pathA: string, pathB: string): string | null {
  const a = ancestorIds(pathA);
  const b = ancestorIds(pathB);
  let common: string | null = null;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) common = a[i];
  return common;
}

/**
 * The unit whose Standing Committee decides a case: the nearest one at or above the lowest
 * unit that contains both the sending and the receiving unit.
 */
export function decidingUnit(fromPath: string, toPath: string, unitsWithCommittee: ReadonlySet<string>): string | null {
  const lowest = lowestCommonUnit(fromPath, toPath);
  if (!lowest) return null;
  const chain = ancestorIds(fromPath);
  for (let i = chain.indexOf(lowest); i >= 0; i--) {
    if (unitsWithCommittee.has(chain[i])) return chain[i];
  }
  return null;
}

/** A role held on `scopeUnitId` (null: global) reaches the unit at `targetPath`. */
export function scopeReaches(scopeUnitId: string | null, targetPath: string): boolean {
  return scopeUnitId === null || isAtOrBelow(targetPath, scopeUnitId);
}

// ---- Proposal ----

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

// ---- Committee vote (democratic centralism: a majority of all members decides) ----

export interface VoteCount {
  for: number;
  against: number;
  abstain: number;
}

export type VoteOutcome = 'pending' | 'passed' | 'failed';

/**
 * Passes once `for` is more than half of all members; fails as soon as that can no longer happen
 * with the ballots still possible: a recused member is a member with no ballot.
 */
export function tallyVotes(count: VoteCount, members: number, recused = 0): VoteOutcome {
  if (count.for * 2 > members) return 'passed';
  const outstanding = members - recused - count.for - count.against - count.abstain;
  if ((count.for + Math.max(outstanding, 0)) * 2 <= members) return 'failed';
  return 'pending';
}

/** The vote closed after its deadline: a ballot not cast counts as not for. */
export function closedVoteOutcome(count: VoteCount, members: number): Exclude<VoteOutcome, 'pending'> {
  return count.for * 2 > members ? 'passed' : 'failed';
}

/** A Standing Committee decides collectively: never one person, nor two. */
export const MIN_COMMITTEE_MEMBERS = 3;
export const COMMITTEE_SIZE_RULE = 'committee_size';

/** Why a committee of `members` cannot decide; null when it can. */
export function committeeSizeProblem(members: number): string | null {
  return members < MIN_COMMITTEE_MEMBERS ? `a Standing Committee has at least ${MIN_COMMITTEE_MEMBERS} members; this one would have ${members}` : null;
}

export function countBallots(ballots: readonly { vote: VoteChoice }[]): VoteCount {
  const count: VoteCount = { for: 0, against: 0, abstain: 0 };
  for (const b of ballots) count[b.vote]++;
  return count;
}

// ---- Non-local secretaries ----

/** A commune's secretary is non-local when their home unit is neither that commune nor inside it. */
export function isNonLocalSecretary(communeId: string, secretaryHomePath: string | null): boolean {
  return secretaryHomePath !== null && !isAtOrBelow(secretaryHomePath, communeId);
}

export interface NonLocalTally {
  communes: number;
  nonLocal: number;
  ratio: number;
  target: number;
  meetsTarget: boolean;
}

/** Ratios come from counts, never from typed percentages. A unit with no commune has ratio 0. */
export function nonLocalTally(communes: number, nonLocal: number, target = DEFAULT_NON_LOCAL_TARGET): NonLocalTally {
  const ratio = communes === 0 ? 0 : nonLocal / communes;
  return { communes, nonLocal, ratio, target, meetsTarget: communes > 0 && ratio >= target };
}

// ---- Dates: kept here for older imports; every date computation lives in ./calendar ----

export { VN_OFFSET, addDays, addMonths, localDate, startOfLocalDay } from './calendar';
