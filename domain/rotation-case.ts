// The rotation case as a state machine: pure transitions shared by the workflow (validators and
// handlers) and by the API (early checks). Each returns the next state and its history entry,
// or throws a Refusal; none mutates its input.
import {
  AppraisalInput,
  CaseInput,
  CaseState,
  ConsultationInput,
  DecisionInput,
  PARTIES,
  type Votes,
  VoteCloseInput,
  VoteInput,
  WITHDRAWABLE_STATUSES,
  WithdrawInput,
} from './types';
import { type Transition, ended, next, requirePostNotRetained, requireStatus } from './case-transition';
import { WEEKENDS_ONLY, addDays, localDate, startOfLocalDay } from './calendar';
import { withStepDeadlines } from './deadlines';
import { NO_DOSSIER_RULES, requireCompleteDossier } from './dossier';
import { OWN_CASE_RULE, requireNotOwnCase } from './duties';
import { Refusal } from './refusal';
import { closedVoteOutcome, countBallot, tallyVotes, voteClosedMessage } from './vote';
import { scheduleTerm } from './term';
import { refusalText } from './refusal-texts';

export type { Transition };

export function initialCaseState(input: CaseInput): CaseState {
  const state: CaseState = {
    id: input.id,
    status: 'consultation',
    cadreId: input.cadreId,
    fromUnitId: input.fromUnitId,
    toUnitId: input.toUnitId,
    position: input.position,
    termMonths: input.termMonths,
    reviewIntervalMonths: input.reviewIntervalMonths,
    nonLocalSecretary: input.nonLocalSecretary,
    reason: input.reason,
    effectiveDate: input.effectiveDate,
    distanceKm: input.distanceKm ?? null,
    officialHousing: input.officialHousing ?? false,
    proposedAt: input.proposedAt,
    proposedBy: input.proposedBy,
    round: 1,
    consultations: [],
    earlierConsultations: [],
    appraisal: null,
    decidingUnitId: null,
    votes: null,
    decision: null,
    retainedPosition: input.retainedPosition,
    reviews: [],
    nextReviewDueAt: null,
    termEndsAt: null,
    extensions: [],
    termEndReachedAt: null,
    termEnd: null,
    followUps: [],
    continuation: null,
    evaluations: [],
    stepDueAt: addDays(input.proposedAt, input.deadlines.consultationDays),
    deadlines: input.deadlines,
    commonUnitId: input.commonUnitId ?? null,
    stepDeadlines: [],
    activatedAt: null,
    endedAt: null,
    endReason: null,
    attention: null,
    exceptions: input.exceptions ?? [],
    endDecisionNumber: null,
    dossierRules: input.dossierRules ?? NO_DOSSIER_RULES,
    documents: [],
    version: 1,
  };
  return withStepDeadlines(state, input.proposedAt, input.calendar ?? WEEKENDS_ONLY);
}

export function recordConsultation(state: CaseState, input: ConsultationInput, now: string): Transition {
  requireStatus(state, 'recording a consultation', 'consultation');
  if (state.consultations.some((c) => c.party === input.party)) {
    throw new Refusal('conflict', refusalText('consultation_recorded', { party: input.party, round: state.round }));
  }
  if (input.outcome === 'agree_with_concerns' && input.concerns.length === 0) {
    throw new Refusal('rule', refusalText('concerns_needed'), 'concerns');
  }
  const consultation = {
    party: input.party,
    outcome: input.outcome,
    concerns: input.concerns,
    note: input.note,
    round: state.round,
    recordedAt: now,
    recordedBy: input.actor,
  };
  const consultations = [...state.consultations, consultation];
  const complete = PARTIES.every((p) => consultations.some((c) => c.party === p));
  return {
    state: next(state, { consultations, ...(complete ? { status: 'appraisal', stepDueAt: null } : {}) }),
    event: {
      action: 'consultation_recorded',
      actor: input.actor,
      ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
      detail: { party: input.party, outcome: input.outcome, concerns: input.concerns, note: input.note, round: state.round },
    },
  };
}

/** Parties of the current round that objected and have no resolution note. */
export function unresolvedObjections(state: CaseState, resolutions: readonly { party: string; note: string }[]): string[] {
  return state.consultations
    .filter((c) => c.outcome === 'object')
    .map((c) => c.party)
    .filter((party) => !resolutions.some((r) => r.party === party && r.note.trim() !== ''));
}

export function appraise(state: CaseState, input: AppraisalInput, now: string): Transition {
  requireStatus(state, 'appraisal', 'appraisal');
  const appraisal = { outcome: input.outcome, note: input.note, resolutions: input.resolutions, round: state.round, at: now, by: input.actor };
  const event = {
    action: `appraisal_${input.outcome}`,
    actor: input.actor,
    detail: { outcome: input.outcome, note: input.note, resolutions: input.resolutions, round: state.round } as Record<string, unknown>,
  };
  switch (input.outcome) {
    case 'endorse': {
      const missing = unresolvedObjections(state, input.resolutions);
      if (missing.length > 0) {
        throw new Refusal('rule', refusalText('resolutions_missing', { missing: missing.join(', ') }), 'resolutions');
      }
      if (!input.committee || input.committee.memberUserIds.length === 0) {
        throw new Refusal('rule', refusalText('no_deciding_committee'), 'outcome');
      }
      requireCompleteDossier(state, now);
      const memberUserIds = [...new Set(input.committee.memberUserIds)];
      const recusedUserIds = memberUserIds.filter((id) => input.committee!.recusedUserIds?.includes(id));
      event.detail.decidingUnitId = input.committee.unitId;
      event.detail.members = memberUserIds.length;
      event.detail.recused = recusedUserIds.length;
      return {
        state: next(state, {
          status: 'committee_vote',
          appraisal,
          decidingUnitId: input.committee.unitId,
          votes: { for: 0, against: 0, abstain: 0, members: memberUserIds.length, memberUserIds, recusedUserIds, ballots: [], outcome: 'pending', closedAt: null },
          stepDueAt: addDays(now, state.deadlines.voteDays),
        }),
        event,
      };
    }
    case 'return':
      return {
        state: next(state, {
          status: 'consultation',
          appraisal,
          round: state.round + 1,
          earlierConsultations: [...state.earlierConsultations, ...state.consultations],
          consultations: [],
          stepDueAt: addDays(now, state.deadlines.consultationDays),
        }),
        event,
      };
    case 'reject':
      return { state: next(state, { appraisal, ...ended('rejected', now, `appraisal rejected: ${input.note}`) }), event };
  }
}

export function castVote(state: CaseState, input: VoteInput, now: string): Transition {
  refuseLateBallot(state);
  requireStatus(state, 'voting', 'committee_vote');
  const votes = state.votes!;
  if (!votes.memberUserIds.includes(input.actor.userId)) {
    throw new Refusal('forbidden', refusalText('not_committee_member'));
  }
  if (votes.recusedUserIds.includes(input.actor.userId)) {
    throw new Refusal('forbidden', refusalText('own_case_vote'), undefined, OWN_CASE_RULE);
  }
  requireNotOwnCase(input.voterCadreId, state.cadreId, 'a vote (recusal)');
  if (votes.ballots.some((b) => b.userId === input.actor.userId)) {
    throw new Refusal('conflict', refusalText('already_voted'));
  }
  // A secret ballot: the tally counts the choice, the ballot keeps only who voted and when.
  const ballots = [...votes.ballots, { userId: input.actor.userId, at: now }];
  const count = countBallot(votes, input.vote);
  const outcome = tallyVotes(count, votes.members, votes.recusedUserIds.length);
  const nextVotes = { ...votes, ...count, ballots, outcome };
  return {
    state: next(state, { votes: nextVotes, ...voteEnded(outcome, now) }),
    event: { action: 'vote_cast', actor: input.actor, detail: { voted: ballots.length, members: votes.members } },
  };
}

/** A ballot after the vote has an outcome is told that it closed and how it ended (409). */
export function refuseLateBallot(state: CaseState): void {
  if (state.votes && state.votes.outcome !== 'pending') throw new Refusal('conflict', voteClosedMessage(state.votes));
}

/** Where the case goes once its vote has an outcome. */
function voteEnded(outcome: Votes['outcome'], now: string): Partial<CaseState> {
  if (outcome === 'passed') return { status: 'decision_pending', stepDueAt: null };
  if (outcome === 'failed') return ended('rejected', now, 'the Standing Committee did not pass the rotation');
  return {};
}

/**
 * The deciding unit's secretary closes the vote once its deadline has passed: every ballot not
 * cast counts as not for, so the case passes or is rejected.
 */
export function closeVote(state: CaseState, input: VoteCloseInput, now: string): Transition {
  requireStatus(state, 'closing the vote', 'committee_vote');
  const votes = state.votes!;
  if (state.stepDueAt !== null && Date.parse(now) < Date.parse(state.stepDueAt)) {
    throw new Refusal('conflict', refusalText('vote_not_due', { at: String(state.stepDueAt) }));
  }
  const count = { for: votes.for, against: votes.against, abstain: votes.abstain };
  const outcome = closedVoteOutcome(count, votes.members);
  const missing = votes.members - votes.ballots.length;
  return {
    state: next(state, { votes: { ...votes, outcome, closedAt: now }, ...voteEnded(outcome, now) }),
    event: { action: 'vote_closed', actor: input.actor, detail: { note: input.note ?? null, ...count, missing, members: votes.members, outcome } },
  };
}

export function signDecision(state: CaseState, input: DecisionInput, now: string): Transition {
  requireStatus(state, 'signing the decision', 'decision_pending');
  if (startOfLocalDay(input.effectiveDate) < startOfLocalDay(localDate(input.signedAt))) {
    throw new Refusal('rule', refusalText('effective_before_signed'), 'effectiveDate');
  }
  requirePostNotRetained(state, input.receivingPostRetainedFor, `${state.position} at the receiving unit`, 'the decision cannot be signed');
  const decision = { decisionNumber: input.decisionNumber, signedAt: input.signedAt, effectiveDate: input.effectiveDate, signedBy: input.actor };
  return {
    state: next(state, { status: 'decided', decision, effectiveDate: input.effectiveDate, stepDueAt: null }),
    event: {
      action: 'decision_signed',
      actor: input.actor,
      detail: { decisionNumber: input.decisionNumber, signedAt: input.signedAt, effectiveDate: input.effectiveDate, signedAtRecorded: now },
    },
  };
}

export function withdraw(state: CaseState, input: WithdrawInput, now: string): Transition {
  requireStatus(state, 'withdrawal', ...WITHDRAWABLE_STATUSES);
  return {
    state: next(state, { ...ended('withdrawn', now, input.reason), ...(state.attention ? { attention: null } : {}) }),
    event: { action: 'withdrawn', actor: input.actor, detail: { reason: input.reason, from: state.status } },
  };
}

/** The effective date has come: the cadre takes up the post; the term and its reviews are counted from here. */
export function activate(state: CaseState, now: string): Transition {
  requireStatus(state, 'activation', 'decided');
  return {
    state: next(state, { status: 'active', activatedAt: now, ...scheduleTerm(state) }),
    event: {
      action: 'activated',
      actor: null,
      detail: { toUnitId: state.toUnitId, position: state.position, retainedPosition: state.retainedPosition },
    },
  };
}

/** When the case becomes active: the start of its effective date. */
export function activationInstant(state: CaseState): string {
  return startOfLocalDay(state.effectiveDate!);
}
