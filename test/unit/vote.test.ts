import { closedVoteOutcome, committeeSizeProblem, countBallot, membersYetToVote, tallyVotes, withoutBallotSecrets, withoutChoices } from '../../domain/vote';

describe('committee vote: for must exceed half of all members', () => {
  const v = (f: number, a: number, ab: number) => ({ for: f, against: a, abstain: ab });
  it.each([
    // members, for, against, abstain, outcome
    [5, 3, 0, 0, 'passed'],
    [5, 2, 0, 0, 'pending'],
    [5, 2, 2, 0, 'pending'],
    [5, 2, 3, 0, 'failed'],
    [5, 0, 2, 1, 'failed'],
    [5, 2, 2, 1, 'failed'],
    [7, 4, 0, 0, 'passed'],
    [7, 3, 3, 0, 'pending'],
    [7, 3, 3, 1, 'failed'],
    [7, 3, 0, 4, 'failed'],
    [9, 5, 4, 0, 'passed'],
    [9, 4, 4, 0, 'pending'],
    [9, 4, 5, 0, 'failed'],
    [9, 4, 0, 5, 'failed'],
    [15, 8, 0, 0, 'passed'],
    [15, 7, 7, 0, 'pending'],
    [15, 7, 7, 1, 'failed'],
    [15, 7, 0, 8, 'failed'],
    [15, 0, 7, 0, 'pending'],
    [15, 0, 8, 0, 'failed'],
  ] as const)('%i members, %i for / %i against / %i abstain → %s', (members, f, a, ab, outcome) => {
    expect(tallyVotes(v(f, a, ab), members)).toBe(outcome);
  });
  it('never passes on exactly half (even committee)', () => {
    expect(tallyVotes(v(2, 2, 0), 4)).toBe('failed');
    expect(tallyVotes(v(2, 0, 0), 4)).toBe('pending');
    expect(tallyVotes(v(3, 0, 0), 4)).toBe('passed');
  });
  it('counts abstentions as not for', () => {
    expect(tallyVotes(v(1, 0, 2), 3)).toBe('failed');
  });
  it('fails as soon as for cannot exceed half of all members with the ballots still possible (recused: none)', () => {
    expect(tallyVotes(v(2, 2, 0), 5, 1)).toBe('failed');
    expect(tallyVotes(v(2, 1, 0), 5, 1)).toBe('pending');
    expect(tallyVotes(v(3, 1, 0), 5, 1)).toBe('passed');
    expect(tallyVotes(v(0, 0, 0), 3, 2)).toBe('failed');
  });
  it('closes with missing ballots counted as not for', () => {
    expect(closedVoteOutcome(v(2, 0, 0), 5)).toBe('failed');
    expect(closedVoteOutcome(v(3, 0, 0), 5)).toBe('passed');
    expect(closedVoteOutcome(v(2, 0, 0), 4)).toBe('failed');
  });
  it('takes a committee of three members or more', () => {
    expect(committeeSizeProblem(1)).toMatch(/at least 3/);
    expect(committeeSizeProblem(2)).toMatch(/at least 3/);
    expect(committeeSizeProblem(3)).toBeNull();
  });
});

describe('the secret ballot', () => {
  const at = '2026-03-01T02:00:00.000Z';
  it('counts a choice into the tally alone', () => {
    expect(countBallot({ for: 1, against: 0, abstain: 2 }, 'against')).toEqual({ for: 1, against: 1, abstain: 2 });
  });

  it('shows an older ballot entry of the history without its choice, note or running tally', () => {
    const old = { vote: 'against', note: 'Không tán thành', for: 0, against: 1, abstain: 0, members: 3, outcome: 'pending' };
    expect(withoutBallotSecrets('vote_cast', old)).toEqual({ members: 3 });
    // The closing of a vote shows only the final tally, as does any other entry.
    const closed = { note: 'Hết hạn', for: 1, against: 1, abstain: 0, missing: 1, members: 3, outcome: 'failed' };
    expect(withoutBallotSecrets('vote_closed', closed)).toEqual(closed);
  });

  it('keeps of each ballot who voted and when, also of a case recorded before the secret ballot', () => {
    const stored = { ballots: [{ userId: 'm1', vote: 'for', note: 'Tán thành', at }] };
    expect(withoutChoices(stored)).toEqual({ ballots: [{ userId: 'm1', at }] });
  });

  it('tells the members yet to vote, never the recused one', () => {
    expect(membersYetToVote({ memberUserIds: ['m1', 'm2', 'm3', 'm4'], recusedUserIds: ['m4'], ballots: [{ userId: 'm2', at }] })).toEqual(['m1', 'm3']);
  });
});
