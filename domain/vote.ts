// The Standing Committee's vote (democratic centralism: a majority of all members decides), by
// secret ballot: the case shows who took part and the tally, never who voted how.
import type { VoteChoice, Votes } from './types';
import { type Wording, refusalText } from './refusal-texts';

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
  return members < MIN_COMMITTEE_MEMBERS ? refusalText('committee_too_small', { min: MIN_COMMITTEE_MEMBERS, members }).en : null;
}

/** The tally with one more ballot: the ballot itself keeps no choice. */
export function countBallot(count: VoteCount, choice: VoteChoice): VoteCount {
  const { for: inFavour, against, abstain } = count;
  return { for: inFavour, against, abstain, [choice]: count[choice] + 1 };
}

/** Members who could still have voted when the vote ended: neither voted nor recused. */
export function membersYetToVote(votes: Pick<Votes, 'memberUserIds' | 'recusedUserIds' | 'ballots'>): string[] {
  const voted = new Set(votes.ballots.map((b) => b.userId));
  return votes.memberUserIds.filter((id) => !voted.has(id) && !votes.recusedUserIds.includes(id));
}

/** What a ballot cast after the vote ended is told: that it closed, and how it ended. */
export function voteClosedMessage(votes: Pick<Votes, 'for' | 'against' | 'abstain' | 'members' | 'outcome'>): Wording {
  const count = { for: votes.for, against: votes.against, abstain: votes.abstain, members: votes.members };
  return refusalText(votes.outcome === 'passed' ? 'vote_closed_passed' : 'vote_closed_failed', count);
}

/** What a ballot's entry may carry beyond who cast it: not the choice, its note, nor the running tally that would betray it. */
const BALLOT_SECRETS = ['vote', 'note', 'for', 'against', 'abstain', 'outcome'] as const;

/**
 * A history entry as anyone may see it: a ballot's entry shows who took part, never how. Entries
 * recorded before the secret ballot carried the choice; they are shown without it.
 */
export function withoutBallotSecrets<D extends Record<string, unknown>>(action: string, detail: D): D {
  if (action !== 'vote_cast') return detail;
  return Object.fromEntries(Object.entries(detail).filter(([key]) => !(BALLOT_SECRETS as readonly string[]).includes(key))) as D;
}

/** The ballots as who voted and when: cases from before the secret ballot kept the choice and note too. */
export function withoutChoices<V extends Pick<Votes, 'ballots'>>(votes: V): V {
  return { ...votes, ballots: votes.ballots.map(({ userId, at }) => ({ userId, at })) };
}
