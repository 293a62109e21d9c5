// Messages of the rotation case workflow and of its support workflow. Wire names equal the
// constants' names; each update takes one object and answers the case (or its support) as it
// stands after the step.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AppraisalInput,
  CaseAttention,
  CaseState,
  ConsultationInput,
  ContinuationInput,
  DecisionInput,
  EvaluationInput,
  DocumentAddedInput,
  FollowUpCloseInput,
  PaymentPaidInput,
  RetryInput,
  ReviewInput,
  SalaryRaiseInput,
  SupportApprovalInput,
  SupportExtensionInput,
  SupportState,
  SupportCaseCompletedInput,
  SupportStopInput,
  TermEndDecisionInput,
  TerminateInput,
  VoteCloseInput,
  VoteInput,
  WithdrawInput,
} from '../domain/types';

export const recordConsultation = defineUpdate<CaseState, [ConsultationInput]>('recordConsultation');
export const appraise = defineUpdate<CaseState, [AppraisalInput]>('appraise');
export const castVote = defineUpdate<CaseState, [VoteInput]>('castVote');
/** The deciding unit's secretary closes the vote after its deadline: missing ballots count as not for. */
export const closeVote = defineUpdate<CaseState, [VoteCloseInput]>('closeVote');
export const signDecision = defineUpdate<CaseState, [DecisionInput]>('signDecision');
export const withdraw = defineUpdate<CaseState, [WithdrawInput]>('withdraw');
export const submitReview = defineUpdate<CaseState, [ReviewInput]>('submitReview');
export const closeFollowUp = defineUpdate<CaseState, [FollowUpCloseInput]>('closeFollowUp');
export const decideContinuation = defineUpdate<CaseState, [ContinuationInput]>('decideContinuation');
export const decideTermEnd = defineUpdate<CaseState, [TermEndDecisionInput]>('decideTermEnd');
export const terminate = defineUpdate<CaseState, [TerminateInput]>('terminate');
export const recordEvaluation = defineUpdate<CaseState, [EvaluationInput]>('recordEvaluation');
/** From the API, once a document's row is stored: the case holds it (again for the same document: no change). */
export const documentAdded = defineUpdate<CaseState, [DocumentAddedInput]>('documentAdded');
/** Runs the failed write of a case needing attention again, and every write held behind it. */
export const retry = defineUpdate<CaseState, [RetryInput]>('retry');
/** From the case's support workflow: one of its writes failed for good. */
export const supportNeedsAttention = defineSignal<[Omit<CaseAttention, 'source'>]>('supportNeedsAttention');

export const getCase = defineQuery<CaseState>('getCase');

// ---- Support workflow ----

export const approveSupport = defineUpdate<SupportState, [SupportApprovalInput]>('approveSupport');
export const markPaymentPaid = defineUpdate<SupportState, [PaymentPaidInput]>('markPaymentPaid');
export const recordSalaryRaise = defineUpdate<SupportState, [SalaryRaiseInput]>('recordSalaryRaise');
/** From the case workflow, which cannot send updates. */
export const stopSupport = defineSignal<[SupportStopInput]>('stopSupport');
export const extendSupport = defineSignal<[SupportExtensionInput]>('extendSupport');
export const supportCaseCompleted = defineSignal<[SupportCaseCompletedInput]>('supportCaseCompleted');
/** From the API, when a support policy is saved: a support planned without one plans again. */
export const supportPolicySaved = defineSignal('supportPolicySaved');
/** From the case workflow, when an organizer retries: the support's held writes run again. */
export const retrySupportWrites = defineSignal('retrySupportWrites');
/** From the API, when the case's workflow has ended before its support: the support's held writes run again. */
export const retrySupport = defineUpdate<SupportState | null, [RetryInput]>('retrySupport');

/** Null while the support is being planned. */
export const getSupport = defineQuery<SupportState | null>('getSupport');
