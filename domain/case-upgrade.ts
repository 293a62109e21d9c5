// Cases from older code, brought up to the state this code keeps: each field added since is filled
// in with what its absence meant. Pure, no I/O, safe inside the workflow sandbox.
import { NO_DOSSIER_RULES } from './dossier';
import type { Ballot, CaseState, VoteChoice, Votes } from './types';
import { withoutChoices } from './vote';

/** The fields of a case that older code did not keep. */
type AddedFields =
  | 'termEndsAt'
  | 'extensions'
  | 'termEndReachedAt'
  | 'termEnd'
  | 'followUps'
  | 'continuation'
  | 'commonUnitId'
  | 'stepDeadlines'
  | 'attention'
  | 'exceptions'
  | 'endDecisionNumber'
  | 'evaluations'
  | 'dossierRules'
  | 'documents';
/** Ballots from before the secret ballot kept the choice and a note. */
type StoredBallot = Ballot & { vote?: VoteChoice; note?: string };
type StoredVotes = Omit<Votes, 'recusedUserIds' | 'closedAt' | 'ballots'> & Partial<Pick<Votes, 'recusedUserIds' | 'closedAt'>> & { ballots: StoredBallot[] };

/** A case as older code stored it (in the projection, or handed to a new run). */
export type StoredCaseState = Omit<CaseState, AddedFields | 'votes' | 'distanceKm' | 'officialHousing'> &
  Partial<Pick<CaseState, AddedFields | 'distanceKm' | 'officialHousing'>> & { votes: StoredVotes | null };

/** The case with every field this code keeps; a case already complete comes back equal. */
export function upgradeCaseState(stored: StoredCaseState): CaseState {
  const { votes } = stored;
  return {
    ...stored,
    distanceKm: stored.distanceKm ?? null,
    officialHousing: stored.officialHousing ?? false,
    votes: votes && withoutChoices({ ...votes, recusedUserIds: votes.recusedUserIds ?? [], closedAt: votes.closedAt ?? null }),
    termEndsAt: stored.termEndsAt ?? null,
    extensions: stored.extensions ?? [],
    termEndReachedAt: stored.termEndReachedAt ?? null,
    termEnd: stored.termEnd ?? null,
    followUps: stored.followUps ?? [],
    continuation: stored.continuation ?? null,
    evaluations: stored.evaluations ?? [],
    commonUnitId: stored.commonUnitId ?? null,
    stepDeadlines: stored.stepDeadlines ?? [],
    attention: stored.attention ?? null,
    exceptions: stored.exceptions ?? [],
    endDecisionNumber: stored.endDecisionNumber ?? null,
    // Cases proposed before the dossier was kept are not gated by it.
    dossierRules: stored.dossierRules ?? NO_DOSSIER_RULES,
    documents: stored.documents ?? [],
  };
}
