// The Standing Committee's vote (democratic centralism: a majority of all members decides).
import type { VoteChoice } from './types';

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
const MIN_COMMITTEE_MEMBERS = 3;
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
