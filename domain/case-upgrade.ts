// Cases from older code, brought up to the state this code keeps: each field added since is filled
// in with what its absence meant. Pure, no I/O, safe inside the workflow sandbox.
import { NO_DOSSIER_RULES } from './dossier';
import type { CaseState, Votes } from './types';

/** The fields of a case that older code did not keep. */
type AddedFields =
  'termEndsAt' | 'extensions' | 'termEndReachedAt' | 'termEnd' | 'followUps' | 'continuation' | 'commonUnitId' | 'stepDeadlines' | 'attention' | 'dossierRules' | 'documents';
type StoredVotes = Omit<Votes, 'recusedUserIds' | 'closedAt'> & Partial<Pick<Votes, 'recusedUserIds' | 'closedAt'>>;

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
    votes: votes && { ...votes, recusedUserIds: votes.recusedUserIds ?? [], closedAt: votes.closedAt ?? null },
    termEndsAt: stored.termEndsAt ?? null,
    extensions: stored.extensions ?? [],
    termEndReachedAt: stored.termEndReachedAt ?? null,
    termEnd: stored.termEnd ?? null,
    followUps: stored.followUps ?? [],
    continuation: stored.continuation ?? null,
    commonUnitId: stored.commonUnitId ?? null,
    stepDeadlines: stored.stepDeadlines ?? [],
    attention: stored.attention ?? null,
    // Cases proposed before the dossier was kept are not gated by it.
    dossierRules: stored.dossierRules ?? NO_DOSSIER_RULES,
    documents: stored.documents ?? [],
  };
}
