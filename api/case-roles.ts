// Who may take each step of a case; the actions enforce it and the work lists follow it.
import type { Party } from '../domain/types';
import type { CaseRecord } from './cases';
import { type Principal, reaches } from './scope';

function organizerOverEither(user: Principal, c: CaseRecord): boolean {
  return reaches(user, ['organizer'], c.fromPath) || reaches(user, ['organizer'], c.toPath);
}

/** Organizers over either unit record every party; the cadre may record their own. */
export function mayRecordConsultation(user: Principal, c: CaseRecord, party: Party): boolean {
  return organizerOverEither(user, c) || (party === 'cadre' && user.cadreId !== null && user.cadreId === c.row.cadreId);
}

export const mayAppraise = organizerOverEither;
export const mayWithdraw = organizerOverEither;
/** The decisions of the term: continue after a failed review, the end of the term, ending early. */
export const mayDecideContinuation = organizerOverEither;
export const mayDecideTermEnd = organizerOverEither;
export const mayTerminate = organizerOverEither;

/** Reviews are held by a reviewer or an organizer over the receiving unit or over the deciding unit. */
export function mayReview(user: Principal, c: CaseRecord): boolean {
  return reaches(user, ['reviewer', 'organizer'], c.toPath) || (c.decidingPath !== null && reaches(user, ['reviewer', 'organizer'], c.decidingPath));
}

/** Before the vote there is no deciding unit yet; a secretary over either unit then learns the status is wrong. */
export function maySignDecision(user: Principal, c: CaseRecord): boolean {
  if (c.decidingPath !== null) return reaches(user, ['secretary'], c.decidingPath);
  return reaches(user, ['secretary'], c.fromPath) || reaches(user, ['secretary'], c.toPath);
}

/** Membership and recusal are the workflow's to judge; this only says who has a ballot waiting. */
export function hasBallotWaiting(user: Principal, c: CaseRecord): boolean {
  const votes = c.state.votes;
  return (
    votes !== null &&
    votes.memberUserIds.includes(user.id) &&
    !votes.ballots.some((b) => b.userId === user.id) &&
    (user.cadreId === null || user.cadreId !== c.row.cadreId)
  );
}

/** Finance over the receiving or the sending unit approves and pays the relocation support. */
export function mayHandleSupport(user: Principal, c: CaseRecord): boolean {
  return reaches(user, ['finance'], c.toPath) || reaches(user, ['finance'], c.fromPath);
}

/** A case decided with no support policy in force is left to its organizers to sort out. */
export const mayArrangeSupport = organizerOverEither;
