// Messages of the rotation case workflow and of its support workflow. Wire names equal the
// constants' names; each update takes one object and answers the case (or its support) as it
// stands after the step.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AppraisalInput,
  CaseState,
  ConsultationInput,
  ContinuationInput,
  DecisionInput,
  FollowUpCloseInput,
  PaymentPaidInput,
  ReviewInput,
  SalaryRaiseInput,
  SupportApprovalInput,
  SupportExtensionInput,
  SupportState,
  SupportCaseCompletedInput,
  SupportStopInput,
  TermEndDecisionInput,
  TerminateInput,
  VoteInput,
  WithdrawInput,
} from '../domain/types';

export const recordConsultation = defineUpdate<CaseState, [ConsultationInput]>('recordConsultation');
export const appraise = defineUpdate<CaseState, [AppraisalInput]>('appraise');
export const castVote = defineUpdate<CaseState, [VoteInput]>('castVote');
export const signDecision = defineUpdate<CaseState, [DecisionInput]>('signDecision');
export const withdraw = defineUpdate<CaseState, [WithdrawInput]>('withdraw');
export const submitReview = defineUpdate<CaseState, [ReviewInput]>('submitReview');
export const closeFollowUp = defineUpdate<CaseState, [FollowUpCloseInput]>('closeFollowUp');
export const decideContinuation = defineUpdate<CaseState, [ContinuationInput]>('decideContinuation');
export const decideTermEnd = defineUpdate<CaseState, [TermEndDecisionInput]>('decideTermEnd');
export const terminate = defineUpdate<CaseState, [TerminateInput]>('terminate');

export const getCase = defineQuery<CaseState>('getCase');

// ---- Support workflow ----

export const approveSupport = defineUpdate<SupportState, [SupportApprovalInput]>('approveSupport');
export const markPaymentPaid = defineUpdate<SupportState, [PaymentPaidInput]>('markPaymentPaid');
export const recordSalaryRaise = defineUpdate<SupportState, [SalaryRaiseInput]>('recordSalaryRaise');
/** From the case workflow, which cannot send updates. */
export const stopSupport = defineSignal<[SupportStopInput]>('stopSupport');
export const extendSupport = defineSignal<[SupportExtensionInput]>('extendSupport');
export const supportCaseCompleted = defineSignal<[SupportCaseCompletedInput]>('supportCaseCompleted');

/** Null while the support is being planned. */
export const getSupport = defineQuery<SupportState | null>('getSupport');
