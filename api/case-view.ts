// The rotation case as GET /v1/rotations/:id shows it, built from the workflow's state, the
// recorded history and the support its support workflow recorded.
import { z } from 'zod';
import {
  APPRAISAL_OUTCOMES,
  CASE_STATUSES,
  CONCERN_TYPES,
  CONSULTATION_OUTCOMES,
  PARTIES,
  type CaseState,
  VOTE_CHOICES,
} from '../domain/types';
import type { CaseEvent, PrismaClient } from '../generated/prisma/client';
import { type SupportView, loadSupportView, supportViewSchema } from './support';

export function caseSummary(state: CaseState, support: SupportView) {
  const votes = state.votes;
  return {
    id: state.id,
    status: state.status,
    cadreId: state.cadreId,
    fromUnitId: state.fromUnitId,
    toUnitId: state.toUnitId,
    position: state.position,
    termMonths: state.termMonths,
    reviewIntervalMonths: state.reviewIntervalMonths,
    nonLocalSecretary: state.nonLocalSecretary,
    reason: state.reason,
    effectiveDate: state.effectiveDate,
    // Cases proposed before relocation support have neither.
    distanceKm: state.distanceKm ?? null,
    officialHousing: state.officialHousing ?? false,
    proposedAt: state.proposedAt,
    proposedBy: state.proposedBy,
    round: state.round,
    consultations: state.consultations,
    earlierConsultations: state.earlierConsultations,
    appraisal: state.appraisal,
    decidingUnitId: state.decidingUnitId,
    votes: {
      for: votes?.for ?? 0,
      against: votes?.against ?? 0,
      abstain: votes?.abstain ?? 0,
      members: votes?.members ?? 0,
      outcome: votes?.outcome ?? null,
      ballots: votes?.ballots ?? [],
    },
    decision: state.decision,
    retainedPosition: state.retainedPosition,
    support,
    reviews: state.reviews,
    nextReviewDueAt: state.nextReviewDueAt,
    stepDueAt: state.stepDueAt,
    activatedAt: state.activatedAt,
    endedAt: state.endedAt,
    endReason: state.endReason,
    version: state.version,
  };
}

export function caseView(state: CaseState, events: readonly CaseEvent[], support: SupportView) {
  return {
    ...caseSummary(state, support),
    history: events.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actorUserId === null ? null : { userId: e.actorUserId, username: e.actorUsername ?? '' },
      action: e.action,
      detail: e.detail,
    })),
  };
}

export function loadHistory(prisma: PrismaClient, caseId: string): Promise<CaseEvent[]> {
  return prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
}

/** The whole case as it stands now: `state` with its history and its support from the database. */
export async function loadCaseView(prisma: PrismaClient, state: CaseState) {
  const [events, support] = await Promise.all([loadHistory(prisma, state.id), loadSupportView(prisma, state.id)]);
  return caseView(state, events, support);
}

// ---- Schemas of the view, for the OpenAPI document ----

const actor = z.object({ userId: z.string(), username: z.string() });
const consultation = z.object({
  party: z.enum(PARTIES),
  outcome: z.enum(CONSULTATION_OUTCOMES),
  concerns: z.array(z.object({ type: z.enum(CONCERN_TYPES), note: z.string() })),
  note: z.string(),
  round: z.number().int(),
  recordedAt: z.string(),
  recordedBy: actor,
});

export const caseSummarySchema = z
  .object({
    id: z.string(),
    status: z.enum(CASE_STATUSES),
    cadreId: z.string(),
    fromUnitId: z.string(),
    toUnitId: z.string(),
    position: z.string(),
    termMonths: z.number().int(),
    reviewIntervalMonths: z.number().int(),
    nonLocalSecretary: z.boolean(),
    reason: z.string(),
    effectiveDate: z.string().nullable(),
    distanceKm: z.number().nullable().meta({ description: 'From home to the receiving unit; sets the transport allowance.' }),
    officialHousing: z.boolean().meta({ description: 'Official housing is provided: no housing allowance.' }),
    proposedAt: z.string(),
    proposedBy: actor,
    round: z.number().int().meta({ description: 'Consultation round; a `return` from appraisal opens the next one.' }),
    consultations: z.array(consultation).meta({ description: 'Consultations of the current round.' }),
    earlierConsultations: z.array(consultation),
    appraisal: z
      .object({
        outcome: z.enum(APPRAISAL_OUTCOMES),
        note: z.string(),
        resolutions: z.array(z.object({ party: z.enum(PARTIES), note: z.string() })),
        round: z.number().int(),
        at: z.string(),
        by: actor,
      })
      .nullable(),
    decidingUnitId: z.string().nullable(),
    votes: z.object({
      for: z.number().int(),
      against: z.number().int(),
      abstain: z.number().int(),
      members: z.number().int(),
      outcome: z.enum(['pending', 'passed', 'failed']).nullable(),
      ballots: z.array(z.object({ userId: z.string(), vote: z.enum(VOTE_CHOICES), note: z.string().optional(), at: z.string() })),
    }),
    decision: z.object({ decisionNumber: z.string(), signedAt: z.string(), effectiveDate: z.string(), signedBy: actor }).nullable(),
    retainedPosition: z.object({ unitId: z.string(), position: z.string() }),
    support: supportViewSchema,
    reviews: z.array(z.object({ seq: z.number().int(), dueAt: z.string(), status: z.string(), rating: z.string().optional() })),
    nextReviewDueAt: z.string().nullable(),
    stepDueAt: z.string().nullable(),
    activatedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'RotationCaseSummary' });

export const caseViewSchema = caseSummarySchema
  .extend({
    history: z.array(z.object({ at: z.string(), actor: actor.nullable(), action: z.string(), detail: z.record(z.string(), z.unknown()) })),
  })
  .meta({ id: 'RotationCase' });
