// The rotation case as GET /v1/rotations/:id shows it, built from the workflow's state, the
// recorded history (which keeps the texts of finished steps the state no longer carries) and the
// support its support workflow recorded.
import { z } from 'zod';
import { localDate } from '../domain/calendar';
import { reviewsAt } from '../domain/term';
import { NATIONAL_RULES } from '../domain/national-rules';
import {
  APPRAISAL_OUTCOMES,
  ATTENTION_REASONS,
  CASE_STATUSES,
  CONCERN_TYPES,
  CONSULTATION_OUTCOMES,
  EVALUATION_KINDS,
  EVALUATION_RATINGS,
  PARTIES,
  REVIEW_RATINGS,
  REVIEW_STATUSES,
  TASK_KINDS,
  TERM_END_OUTCOMES,
  type CaseReview,
  type CaseState,
  type Concern,
  type FollowUp,
  type OnBehalfOf,
} from '../domain/types';
import { withoutBallotSecrets } from '../domain/vote';
import type { CaseEvent, PrismaClient } from '../generated/prisma/client';
import { type SupportView, loadSupportView, supportViewSchema } from './support';

/** A review as shown: its live status, what was recorded, not the workflow's reminder bookkeeping. */
function reviewView({ seq, dueAt, status, rating, heldAt, doneAt, reviewedBy, aspirations, difficulties }: CaseReview) {
  return {
    seq,
    dueAt,
    dueDate: localDate(dueAt),
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
    distanceKm: state.distanceKm,
    officialHousing: state.officialHousing,
    proposedAt: state.proposedAt,
    proposedBy: state.proposedBy,
    round: state.round,
    consultations: state.consultations,
    earlierConsultations: state.earlierConsultations,
    appraisal: state.appraisal,
    decidingUnitId: state.decidingUnitId,
    // A secret ballot: who took part and the tally, never who voted how.
    votes: {
      for: votes?.for ?? 0,
      against: votes?.against ?? 0,
      abstain: votes?.abstain ?? 0,
      members: votes?.members ?? 0,
      voted: votes?.ballots.map((b) => b.userId) ?? [],
      recused: votes?.recusedUserIds.length ?? 0,
      outcome: votes?.outcome ?? null,
      closedAt: votes?.closedAt ?? null,
    },
    decision: state.decision,
    retainedPosition: state.retainedPosition,
    support,
    // An ended case's reviews stand as they did when it ended: none falls due after that.
    reviews: reviewsAt(state, state.endedAt ?? now).map(reviewView),
    nextReviewDueAt: state.nextReviewDueAt,
    // Cases activated before the term was run have none of these.
    followUps: state.followUps.map(followUpView),
    termEndsAt: state.termEndsAt,
    extensions: state.extensions,
    termEndReachedAt: state.termEndReachedAt,
    termEnd: state.termEnd,
    continuation: state.continuation,
    evaluations: state.evaluations,
    attention: state.attention,
    stepDueAt: state.stepDueAt,
    stepDueDate: state.stepDueAt === null ? null : localDate(state.stepDueAt),
    deadlines: state.stepDeadlines.map(({ key, task, openedAt, dueAt, remindAt, remindedAt, overdueAt, escalatedTo }) => ({
      step: key,
      task,
      openedAt,
      dueAt,
      dueDate: localDate(dueAt),
      remindAt,
      remindedAt,
      overdueAt,
      escalatedTo,
    })),
    activatedAt: state.activatedAt,
    endedAt: state.endedAt,
    endReason: state.endReason,
    endDecisionNumber: state.endDecisionNumber,
    exceptions: state.exceptions,
    version: state.version,
  };
}

/** What the view reads of a history entry. */
export interface RecordedEvent {
  action: string;
  actorUserId: string | null;
  detail: unknown;
}

/**
 * The case with the texts of its finished steps, from the history that recorded them: earlier
 * rounds' consultations, done reviews' aspirations and difficulties, evaluations' texts, closed
 * follow-ups' notes. A text the state still holds (older cases) is shown as it is.
 */
export function withTextsFromHistory(state: CaseState, events: readonly RecordedEvent[]): CaseState {
  const recorded = (action: string) => events.filter((e) => e.action === action).map((e) => ({ by: e.actorUserId, detail: e.detail as Record<string, unknown> }));
  const consultations = recorded('consultation_recorded');
  const reviews = recorded('review_recorded');
  const closings = recorded('follow_up_closed');
  const evaluations = recorded('evaluation_recorded');
  return {
    ...state,
    earlierConsultations: state.earlierConsultations.map((c) => {
      const said = consultations.find(({ detail }) => detail.round === c.round && detail.party === c.party)?.detail;
      return said ? { ...c, note: said.note as string, concerns: said.concerns as Concern[] } : c;
    }),
    reviews: state.reviews.map((r) => {
      const said = r.doneAt && r.aspirations === undefined ? reviews.find(({ detail }) => detail.seq === r.seq)?.detail : undefined;
      return said ? { ...r, aspirations: said.aspirations as string, difficulties: said.difficulties as string } : r;
    }),
    ...(state.followUps && {
      followUps: state.followUps.map((f) => {
        const said = f.status === 'closed' && f.note === null ? closings.find(({ detail }) => detail.followUpId === f.id)?.detail : undefined;
        return said ? { ...f, note: said.note as string } : f;
      }),
    }),
    // One entry per evaluation, in the order recorded.
    evaluations: state.evaluations.map((e, i) => {
      const said = e.text === undefined ? evaluations[i]?.detail.text : undefined;
      return typeof said === 'string' ? { ...e, text: said } : e;
    }),
  };
}

/** Who holds the case's receiving post today, if anyone. */
export interface CurrentHolder {
  cadreId: string;
  fullName: string;
}

export async function loadCurrentHolder(prisma: PrismaClient, state: CaseState): Promise<CurrentHolder | null> {
  const post = await prisma.positionHolder.findUnique({ where: { unitId_title: { unitId: state.toUnitId, title: state.position } }, select: { cadreId: true } });
  if (!post?.cadreId) return null;
  const cadre = await prisma.cadre.findUnique({ where: { id: post.cadreId }, select: { fullName: true } });
  return { cadreId: post.cadreId, fullName: cadre?.fullName ?? '' };
}

export function caseView(state: CaseState, events: readonly CaseEvent[], support: SupportView, currentHolder: CurrentHolder | null = null) {
  return {
    ...caseSummary(withTextsFromHistory(state, events), support),
    currentHolder,
    history: events.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actorUserId === null ? null : { userId: e.actorUserId, username: e.actorUsername ?? '' },
      onBehalfOf: (e.onBehalfOf as OnBehalfOf | null) ?? null,
      action: e.action,
      // Entries recorded before the secret ballot carried the choice.
      detail: withoutBallotSecrets(e.action, e.detail as Record<string, unknown>),
    })),
  };
}

export function loadHistory(prisma: PrismaClient, caseId: string): Promise<CaseEvent[]> {
  return prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
}

/** The whole case as it stands now: `state` with its history and its support from the database. */
export async function loadCaseView(prisma: PrismaClient, state: CaseState) {
  const [events, support, holder] = await Promise.all([loadHistory(prisma, state.id), loadSupportView(prisma, state.id), loadCurrentHolder(prisma, state)]);
  return caseView(state, events, support, holder);
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
    officialHousing: z.boolean().meta({ description: 'Official housing asked for: instead of the housing allowance if home is officialHousingMinKm away or more.' }),
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
      recused: z.number().int().meta({ description: 'Members linked to the rotated cadre: members without a ballot.' }),
      outcome: z.enum(['pending', 'passed', 'failed']).nullable(),
      voted: z.array(z.string()).meta({ description: 'The members who took part in the vote (user ids); a secret ballot never shows who voted how.' }),
      closedAt: z.string().nullable().meta({ description: "When the deciding unit's secretary closed the vote after its deadline (missing ballots counted as not for)." }),
    }),
    decision: z.object({ decisionNumber: z.string(), signedAt: z.string(), effectiveDate: z.string(), signedBy: actor }).nullable(),
    retainedPosition: z.object({ unitId: z.string(), position: z.string() }),
    support: supportViewSchema,
    reviews: z.array(
      z.object({
        seq: z.number().int(),
        dueAt: z.string().meta({ description: 'The start of the due day in Vietnam.' }),
        dueDate: z.string().meta({ description: 'The due day in Vietnam (YYYY-MM-DD).' }),
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
    evaluations: z
      .array(
        z.object({
          kind: z.enum(EVALUATION_KINDS),
          rating: z.enum(EVALUATION_RATINGS),
          text: z.string().optional().meta({ description: 'What the evaluation says.' }),
          year: z.number().int().optional().meta({ description: 'For a yearly evaluation: the year of the term it covers.' }),
          recordedAt: z.string(),
          recordedBy: actor,
          onBehalfOf: z.object({ userId: z.string().nullable(), username: z.string(), cadreId: z.string().nullable() }).optional(),
        }),
      )
      .meta({ description: 'The yearly evaluations and the closing ones (self_review, receiving_unit, conclusion) that the placement at the end of the term needs.' }),
    attention: z
      .object({
        reason: z.enum(ATTENTION_REASONS),
        since: z.string(),
        source: z.enum(['case', 'support']).meta({ description: "Whose write failed: the case's own, or its relocation support's." }),
        step: z.string().meta({ description: 'The step whose write failed, as history names it.' }),
      })
      .nullable()
      .meta({
        description:
          'A write of the case failed for good and waits for an organizer: POST /v1/rotations/:id/retry once the cause is gone, or withdraw the case where its status allows it. null otherwise.',
      }),
    stepDueAt: z.string().nullable(),
    stepDueDate: z.string().nullable().meta({ description: 'The day of stepDueAt in Vietnam (YYYY-MM-DD).' }),
    deadlines: z
      .array(
        z.object({
          step: z.string().meta({ description: 'The step and its round, e.g. consultation:2, vote, term_end:0, continuation:3.' }),
          task: z.enum(TASK_KINDS),
          openedAt: z.string(),
          dueAt: z.string().meta({ description: 'The end (17:00 in Vietnam) of the last working day the step has.' }),
          dueDate: z.string().meta({ description: 'The day of dueAt in Vietnam (YYYY-MM-DD).' }),
          remindAt: z.string().nullable(),
          remindedAt: z.string().nullable(),
          overdueAt: z.string().nullable().meta({ description: 'When the deadline passed with the step not taken: its owners were told again and it escalated.' }),
          escalatedTo: z.object({ role: z.enum(['secretary', 'organizer']), unitId: z.string(), above: z.boolean() }).nullable(),
        }),
      )
      .meta({ description: 'The deadlines of the open steps, counted in working days (empty in cases proposed before deadlines acted).' }),
    activatedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
    endDecisionNumber: z.string().nullable().meta({ description: "The competent level's decision ending the term early." }),
    exceptions: z
      .array(z.object({ rule: z.enum(NATIONAL_RULES), decisionNumber: z.string(), reason: z.string() }))
      .meta({ description: 'National rules the competent level excepted this case from, each with its decision.' }),
    version: z.number().int(),
  })
  .meta({ id: 'RotationCaseSummary' });

export const caseViewSchema = caseSummarySchema
  .extend({
    currentHolder: z
      .object({ cadreId: z.string(), fullName: z.string() })
      .nullable()
      .meta({ description: 'Who holds the receiving post today (the cadre themself once the rotation is active).' }),
    history: z.array(
      z.object({
        at: z.string(),
        actor: actor.nullable(),
        onBehalfOf: z.object({ userId: z.string().nullable(), username: z.string(), cadreId: z.string().nullable() }).nullable().meta({
          description:
            "Whom the actor acted for: the cadre (their linked user, or their name when none is linked) when an organizer recorded the cadre's answer, or the delegator when a delegate acted by a delegation.",
        }),
        action: z.string(),
        detail: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'RotationCase' });
