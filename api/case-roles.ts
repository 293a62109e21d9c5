// Who may take each step of a case; the actions enforce it and the work lists follow it. No one
// takes a step on their own case but the cadre's own consultation answer.
import { actsOnOwnCase } from '../domain/duties';
import type { EvaluationKind, Party } from '../domain/types';
import type { CaseRecord } from './cases';
import { type Principal, holdsGlobally, reaches } from './scope';

/** The user is linked to the rotated cadre. */
export function isOwnCase(user: Principal, c: CaseRecord): boolean {
  return actsOnOwnCase(user.cadreId, c.row.cadreId);
}

function organizerOverEither(user: Principal, c: CaseRecord): boolean {
  return !isOwnCase(user, c) && (reaches(user, ['organizer'], c.fromPath) || reaches(user, ['organizer'], c.toPath));
}

/** The cadre's own answer, the one step a user linked to the rotated cadre takes on the case. */
export function isCadresOwnAnswer(user: Principal, c: CaseRecord, party: Party): boolean {
  return party === 'cadre' && isOwnCase(user, c);
}

/** Organizers over either unit record every party; the cadre may record their own. */
export function mayRecordConsultation(user: Principal, c: CaseRecord, party: Party): boolean {
  return organizerOverEither(user, c) || isCadresOwnAnswer(user, c, party);
}

export const mayAppraise = organizerOverEither;
export const mayWithdraw = organizerOverEither;
/** The decisions of the term: continue after a failed review, the end of the term, ending early. */
export const mayDecideContinuation = organizerOverEither;
export const mayDecideTermEnd = organizerOverEither;
export const mayTerminate = organizerOverEither;
/** A write that failed for good is retried by an organizer, who may also withdraw the case. */
export const mayRetry = organizerOverEither;

/**
 * The dossier's documents are added by an organizer over the sending, the receiving or the
 * deciding unit; never by the rotated cadre, whose self-assessment an organizer files.
 */
export function mayAddDocument(user: Principal, c: CaseRecord): boolean {
  return organizerOverEither(user, c) || (!isOwnCase(user, c) && c.decidingPath !== null && reaches(user, ['organizer'], c.decidingPath));
}

/** Reviews are held by a reviewer or an organizer over the receiving unit or over the deciding unit. */
export function mayReview(user: Principal, c: CaseRecord): boolean {
  if (isOwnCase(user, c)) return false;
  return reaches(user, ['reviewer', 'organizer'], c.toPath) || (c.decidingPath !== null && reaches(user, ['reviewer', 'organizer'], c.decidingPath));
}

/**
 * Who writes each evaluation of the cadre: the cadre their self-review (or an organizer on their
 * behalf), a reviewer or organizer over the receiving unit its evaluation, the organizers over
 * the deciding unit the yearly evaluation and the conclusion.
 */
export function mayEvaluate(user: Principal, c: CaseRecord, kind: EvaluationKind): boolean {
  switch (kind) {
    case 'self_review':
      return isOwnCase(user, c) || organizerOverEither(user, c);
    case 'receiving_unit':
      return !isOwnCase(user, c) && reaches(user, ['reviewer', 'organizer'], c.toPath);
    case 'yearly':
    case 'conclusion':
      return !isOwnCase(user, c) && (c.decidingPath !== null ? reaches(user, ['organizer'], c.decidingPath) : organizerOverEither(user, c));
  }
}

/** Before the vote there is no deciding unit yet; a secretary over either unit then learns the status is wrong. */
export function maySignDecision(user: Principal, c: CaseRecord): boolean {
  if (isOwnCase(user, c)) return false;
  if (c.decidingPath !== null) return reaches(user, ['secretary'], c.decidingPath);
  return reaches(user, ['secretary'], c.fromPath) || reaches(user, ['secretary'], c.toPath);
}

/** The secretary who signs the decision also closes a vote whose deadline has passed. */
export const mayCloseVote = maySignDecision;

/** Membership and recusal are the workflow's to judge; this only says who has a ballot waiting. */
export function hasBallotWaiting(user: Principal, c: CaseRecord): boolean {
  const votes = c.state.votes;
  return (
    votes !== null && votes.memberUserIds.includes(user.id) && !votes.recusedUserIds.includes(user.id) && !votes.ballots.some((b) => b.userId === user.id) && !isOwnCase(user, c)
  );
}

/** The receiving side pays (QĐ 65, art. 11): finance over the receiving unit approves and pays the relocation support. */
export function mayHandleSupport(user: Principal, c: CaseRecord): boolean {
  return !isOwnCase(user, c) && reaches(user, ['finance'], c.toPath);
}

/** A case decided with no support policy in force waits for one: only a global admin writes policies. */
export function mayArrangeSupport(user: Principal, _c: CaseRecord): boolean {
  return holdsGlobally(user, ['admin']);
}
