// Messages of the rotation case workflow. Wire names equal the constants' names; each update
// takes one object and answers the case as it stands after the step.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AppraisalInput, CaseState, ConsultationInput, DecisionInput, VoteInput, WithdrawInput } from '../domain/types';

export const recordConsultation = defineUpdate<CaseState, [ConsultationInput]>('recordConsultation');
export const appraise = defineUpdate<CaseState, [AppraisalInput]>('appraise');
export const castVote = defineUpdate<CaseState, [VoteInput]>('castVote');
export const signDecision = defineUpdate<CaseState, [DecisionInput]>('signDecision');
export const withdraw = defineUpdate<CaseState, [WithdrawInput]>('withdraw');

export const getCase = defineQuery<CaseState>('getCase');
