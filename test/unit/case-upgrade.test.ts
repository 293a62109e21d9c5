import { type StoredCaseState, upgradeCaseState } from '../../domain/case-upgrade';
import type { CaseState } from '../../domain/types';
import { caseAt, deepFreeze } from '../support/domain-fixtures';

/** The case as code before each added field stored it: those fields absent, its votes without recusals or closing. */
function asOlderCodeStoredIt(state: CaseState): StoredCaseState {
  const {
    termEndsAt: _termEndsAt,
    extensions: _extensions,
    termEndReachedAt: _termEndReachedAt,
    termEnd: _termEnd,
    followUps: _followUps,
    continuation: _continuation,
    commonUnitId: _commonUnitId,
    stepDeadlines: _stepDeadlines,
    attention: _attention,
    distanceKm: _distanceKm,
    officialHousing: _officialHousing,
    evaluations: _evaluations,
    exceptions: _exceptions,
    endDecisionNumber: _endDecisionNumber,
    votes,
    ...rest
  } = state;
  if (!votes) return { ...rest, votes };
  const { recusedUserIds: _recused, closedAt: _closedAt, ...olderVotes } = votes;
  return { ...rest, votes: olderVotes };
}

describe('upgradeCaseState', () => {
  test.each(['consultation', 'committee_vote', 'decided', 'active'] as const)('a case at %s as this code keeps it comes back equal, its input untouched', (status) => {
    const current = deepFreeze(caseAt(status));
    expect(upgradeCaseState(current)).toEqual(current);
  });

  test('an active case older code stored: every added field as its absence meant', () => {
    const older = deepFreeze(asOlderCodeStoredIt(caseAt('active')));
    const upgraded = upgradeCaseState(older);
    expect(upgraded).toMatchObject({
      termEndsAt: null,
      extensions: [],
      termEndReachedAt: null,
      termEnd: null,
      followUps: [],
      continuation: null,
      commonUnitId: null,
      stepDeadlines: [],
      attention: null,
      distanceKm: null,
      officialHousing: false,
      evaluations: [],
      exceptions: [],
      endDecisionNumber: null,
    });
    expect(upgraded.votes).toEqual({ ...older.votes, recusedUserIds: [], closedAt: null });
    // What older code kept is kept as it was.
    expect(upgraded).toMatchObject(older);
  });

  test('a case stored before any vote keeps no votes', () => {
    const older = asOlderCodeStoredIt(caseAt('appraisal'));
    expect(upgradeCaseState(older).votes).toBeNull();
  });

  test('an upgraded case upgrades to itself', () => {
    const once = upgradeCaseState(asOlderCodeStoredIt(caseAt('decided')));
    expect(upgradeCaseState(once)).toEqual(once);
  });
});
