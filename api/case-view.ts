// The rotation case as GET /v1/rotations/:id shows it, built from the workflow's state, the
// recorded history and the support its support workflow recorded.
import { z } from 'zod';
import { reviewsAt } from '../domain/term';
import {
  APPRAISAL_OUTCOMES,
  CASE_STATUSES,
  CONCERN_TYPES,
  CONSULTATION_OUTCOMES,
  PARTIES,
  REVIEW_RATINGS,
  REVIEW_STATUSES,
  TERM_END_OUTCOMES,
  type CaseReview,
  type CaseState,
  type FollowUp,
  VOTE_CHOICES,
} from '../domain/types';
import type { CaseEvent, PrismaClient } from '../generated/prisma/client';
import { type SupportView, loadSupportView, supportViewSchema } from './support';

/** A review as shown: its live status, what was recorded, not the workflow's reminder bookkeeping. */
function reviewView({ seq, dueAt, status, rating, heldAt, doneAt, reviewedBy, aspirations, difficulties }: CaseReview) {
  return {
    seq,
    dueAt,
    status,
    ...(rating !== undefined ? { rating } : {}),
    ...(heldAt !== undefined ? { heldAt } : {}),
    ...(doneAt !== undefined ? { doneAt } : {}),
    ...(reviewedBy !== undefined ? { reviewedBy } : {}),
    ...(aspirations !== undefined ? { aspirations } : {}),
    ...(difficulties !== undefined ? { difficulties } : {}),
  };
}

function followUpView({ id, reviewSeq, action, ownerUserId, dueDate, status, remindedAt, closedAt, closedBy, note }: FollowUp) {
  return { id, reviewSeq, action, ownerUserId, dueDate, status, remindedAt, closedAt, closedBy, note };
}

/** The case's fields as lists and GET show them; review statuses as they stand at `now` (or at the case's end). */
export function caseSummary(state: CaseState, support: SupportView, now: string = new Date().toISOString()) {
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
    // An ended case's reviews stand as they did when it ended: none falls due after that.
    reviews: reviewsAt(state, state.endedAt ?? now).map(reviewView),
    nextReviewDueAt: state.nextReviewDueAt,
    // Cases activated before the term was run have none of these.
    followUps: (state.followUps ?? []).map(followUpView),
    termEndsAt: state.termEndsAt ?? null,
    extensions: state.extensions ?? [],
    termEndReachedAt: state.termEndReachedAt ?? null,
    termEnd: state.termEnd ?? null,
    continuation: state.continuation ?? null,
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
    reviews: z.array(
      z.object({
        seq: z.number().int(),
        dueAt: z.string().meta({ description: 'The start of the due day in Vietnam.' }),
        status: z.enum(REVIEW_STATUSES).meta({ description: 'upcoming before dueAt, due from it, overdue once escalated, done once recorded.' }),
        rating: z.enum(REVIEW_RATINGS).optional(),
        heldAt: z.string().optional(),
        doneAt: z.string().optional().meta({ description: 'When the review was recorded.' }),
        reviewedBy: actor.optional(),
        aspirations: z.string().optional(),
        difficulties: z.string().optional(),
      }),
    ),
    nextReviewDueAt: z.string().nullable(),
    followUps: z.array(
      z.object({
        id: z.string(),
        reviewSeq: z.number().int(),
        action: z.string(),
        ownerUserId: z.string(),
        dueDate: z.string(),
        status: z.enum(['open', 'closed']),
        remindedAt: z.string().nullable(),
        closedAt: z.string().nullable(),
        closedBy: actor.nullable(),
        note: z.string().nullable(),
      }),
    ),
    termEndsAt: z.string().nullable().meta({ description: 'The end of the term, counting extensions; known from activation.' }),
    extensions: z.array(z.number().int()).meta({ description: 'Months added at each extension, in order.' }),
    termEndReachedAt: z.string().nullable().meta({ description: "Set once the term has ended and the organizer's decision is awaited." }),
    termEnd: z
      .object({
        outcome: z.enum(TERM_END_OUTCOMES),
        appointedTo: z.object({ unitId: z.string(), position: z.string() }).nullable(),
        extendMonths: z.number().int().nullable(),
        at: z.string(),
        by: actor,
      })
      .nullable(),
    continuation: z
      .object({ reviewSeq: z.number().int(), askedAt: z.string() })
      .nullable()
      .meta({ description: 'A review rated not_completed waits for an organizer to continue or terminate the rotation.' }),
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
