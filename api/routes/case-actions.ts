// The human steps of a case, each sent to its workflow as an Update: the workflow's validator
// refuses what the case's state or the rules do not allow, before anything is recorded.
import { randomUUID } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/client';
import { z } from 'zod';
import { ancestorIds, decidingUnit } from '../../domain/rules';
import {
  APPRAISAL_OUTCOMES,
  type AppraisalInput,
  CONCERN_TYPES,
  CONSULTATION_OUTCOMES,
  CONTINUATION_DECISIONS,
  type CaseState,
  ENDED_STATUSES,
  PARTIES,
  REVIEW_RATINGS,
  TERM_END_OUTCOMES,
  VOTE_CHOICES,
} from '../../domain/types';
import { EXTEND_MONTHS } from '../../domain/review-schedule';
import type { PrismaClient } from '../../generated/prisma/client';
import {
  appraise,
  castVote,
  closeFollowUp,
  decideContinuation,
  decideTermEnd,
  recordConsultation,
  signDecision,
  submitReview,
  terminate,
  withdraw,
} from '../../workflows/definitions';
import {
  mayAppraise,
  mayDecideContinuation,
  mayDecideTermEnd,
  mayRecordConsultation,
  mayReview,
  maySignDecision,
  mayTerminate,
  mayWithdraw,
} from '../case-roles';
import { caseViewSchema, loadCaseView } from '../case-view';
import { type CaseRecord, caseOr404 } from '../cases';
import { type Context, type Endpoint, endpoint } from '../endpoint';
import { unitOr404, usersOr422 } from '../lookups';
import { conflict, forbidden, ruleViolation } from '../problem';
import { calendarDate, dateOrInstant, id, idParams, optionalText, text } from '../schemas';
import { type Principal, actorOf } from '../scope';

/** Path parameters besides the case's id, as strings. */
type Params = Record<string, string>;

interface CaseAction<B extends z.ZodObject, I> {
  /** Below /v1/rotations/:id/, in express syntax when it names more (`follow-ups/:followUpId/close`). */
  step: string;
  summary: string;
  /** The path's parameters other than `id`. */
  params?: z.ZodObject;
  body: B;
  update: UpdateDefinition<CaseState, [I]>;
  /** Who may ask for it, and the 403's detail; absent when only the workflow can judge. */
  permission?: { allowed(user: Principal, c: CaseRecord, body: z.output<B>): boolean; refusal: string };
  input(body: z.output<B>, ctx: Context, c: CaseRecord, params: Params): I | Promise<I>;
}

function caseAction<B extends z.ZodObject, I>(action: CaseAction<B, I>): Endpoint {
  return endpoint({
    method: 'post',
    path: `/v1/rotations/:id/${action.step}`,
    summary: action.summary,
    tag: 'rotation steps',
    request: z.object({ params: action.params ? idParams.extend(action.params.shape) : idParams, body: action.body }),
    success: { status: 200, description: 'The case after the step', schema: caseViewSchema },
    problems: [403, 404, 409, 422, 503],
    async handle(request, ctx) {
      // TypeScript cannot resolve the parsed type through the generic body schema; the schema above guarantees it.
      const { params, body } = request as { params: { id: string } & Params; body: z.output<B> };
      const { prisma, temporal } = ctx.deps;
      const c = await caseOr404(prisma, params.id);
      if (action.permission && !action.permission.allowed(ctx.user, c, body)) throw forbidden(action.permission.refusal);
      if (ENDED_STATUSES.includes(c.state.status)) throw conflict(`the case is ${c.state.status}; no step can be taken on it`);
      const input = await action.input(body, ctx, c, params);
      // Temporal deduplicates Updates by id; keys are the user's own, so the id carries the user.
      const updateId = ctx.idempotencyKey === null ? randomUUID() : `${ctx.user.id}:${ctx.idempotencyKey}`;
      const state = await temporal.workflow.getHandle(c.row.workflowId).executeUpdate(action.update, { args: [input], updateId });
      return loadCaseView(prisma, state);
    },
  });
}

/** The Standing Committee that decides the case, from today's reference data. */
async function decidingCommittee(prisma: PrismaClient, c: CaseRecord): Promise<AppraisalInput['committee']> {
  const members = await prisma.committeeMember.findMany({ where: { unitId: { in: ancestorIds(c.fromPath) } } });
  const unitId = decidingUnit(c.fromPath, c.toPath, new Set(members.map((m) => m.unitId)));
  if (unitId === null) return null;
  return { unitId, memberUserIds: members.filter((m) => m.unitId === unitId).map((m) => m.userId) };
}

const ORGANIZER_ONLY = 'this step is for an organizer over the sending or the receiving unit';

/**
 * An appointment at the end of the term may not take a post kept for another rotated cadre: 422
 * naming `position` when the post (at `unitId`, by default the receiving unit) is retained for
 * another case. The workflow judges the rest (the outcome's fields, which units are allowed).
 */
async function checkAppointmentFree(prisma: PrismaClient, c: CaseRecord, unitId: string | undefined, position: string | undefined): Promise<void> {
  if (unitId !== undefined) await unitOr404(prisma, unitId, 'unitId');
  const at = unitId ?? c.row.toUnitId;
  // A unit other than these two is the workflow's to refuse, naming unitId.
  if (position === undefined || (at !== c.row.toUnitId && at !== c.state.retainedPosition.unitId)) return;
  const post = await prisma.positionHolder.findUnique({ where: { unitId_title: { unitId: at, title: position } } });
  if (post?.retainedByCaseId && post.retainedByCaseId !== c.row.id) {
    throw ruleViolation(`${position} at this unit is kept for a cadre away on another rotation (case ${post.retainedByCaseId}); it cannot be appointed to`, 'position');
  }
}

export const caseActionEndpoints = [
  caseAction({
    step: 'consultations',
    summary: 'Record a consultation (cadre, sending unit or receiving unit); all three move the case to appraisal',
    body: z.object({
      party: z.enum(PARTIES),
      outcome: z.enum(CONSULTATION_OUTCOMES),
      concerns: z.array(z.object({ type: z.enum(CONCERN_TYPES), note: optionalText() })).max(20).default([]),
      note: optionalText(),
    }),
    update: recordConsultation,
    permission: {
      allowed: (user, c, body) => mayRecordConsultation(user, c, body.party),
      refusal: 'a consultation is recorded by an organizer over the sending or the receiving unit, or by the cadre for themself',
    },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'appraisal',
    summary: 'Appraise the consultations: endorse (to the committee vote), return (consult again) or reject',
    body: z.object({
      outcome: z.enum(APPRAISAL_OUTCOMES),
      note: optionalText(),
      resolutions: z.array(z.object({ party: z.enum(PARTIES), note: optionalText() })).max(PARTIES.length * 2).default([]),
    }),
    update: appraise,
    permission: { allowed: mayAppraise, refusal: ORGANIZER_ONLY },
    input: async (body, { user, deps }, c) => ({
      ...body,
      committee: body.outcome === 'endorse' ? await decidingCommittee(deps.prisma, c) : null,
      actor: actorOf(user),
    }),
  }),
  caseAction({
    step: 'votes',
    summary: 'Cast your vote as a member of the deciding Standing Committee',
    body: z.object({ vote: z.enum(VOTE_CHOICES), note: text().optional() }),
    // Membership and recusal are judged by the workflow, against the committee fixed at endorsement.
    update: castVote,
    input: (body, { user }) => ({ ...body, voterCadreId: user.cadreId, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'decision',
    summary: 'Sign the decision (secretary of the deciding unit); the case becomes active on the effective date',
    body: z.object({ decisionNumber: text(100), signedAt: dateOrInstant, effectiveDate: calendarDate }),
    update: signDecision,
    permission: { allowed: maySignDecision, refusal: 'the decision is signed by a secretary over the deciding unit' },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'withdraw',
    summary: 'Withdraw the case before the cadre takes up the post',
    body: z.object({ reason: text() }),
    update: withdraw,
    permission: { allowed: mayWithdraw, refusal: ORGANIZER_ONLY },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'reviews',
    summary: 'Record a periodic review held with the cadre, with the follow-ups agreed (reviewer or organizer)',
    body: z.object({
      seq: z.number().int().min(1).meta({ description: 'Which review of the case (reviews[].seq).' }),
      heldAt: dateOrInstant,
      rating: z.enum(REVIEW_RATINGS),
      aspirations: optionalText(4000),
      difficulties: optionalText(4000),
      followUps: z
        .array(z.object({ action: text(), ownerUserId: id.meta({ description: 'The user who closes it.' }), dueDate: calendarDate }))
        .max(20)
        .default([]),
    }),
    update: submitReview,
    permission: { allowed: mayReview, refusal: 'a review is recorded by a reviewer or an organizer over the receiving unit or the deciding unit' },
    input: async (body, { user, deps }) => {
      await usersOr422(deps.prisma, body.followUps.map((f) => f.ownerUserId), (i) => `followUps.${i}.ownerUserId`);
      return { ...body, actor: actorOf(user) };
    },
  }),
  caseAction({
    step: 'follow-ups/:followUpId/close',
    summary: 'Close a follow-up of a review, with a note (its owner)',
    params: z.object({ followUpId: id }),
    body: z.object({ note: text() }),
    // Ownership and the follow-up's existence are judged by the workflow (403, 404).
    update: closeFollowUp,
    input: (body, { user }, _c, params) => ({ followUpId: params.followUpId, note: body.note, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'continuation',
    summary: 'After a review rated not_completed: continue the rotation or terminate it',
    body: z.object({ decision: z.enum(CONTINUATION_DECISIONS), reason: text() }),
    update: decideContinuation,
    permission: { allowed: mayDecideContinuation, refusal: ORGANIZER_ONLY },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'term-end',
    summary: 'Decide the end of the term: return to the retained position, appoint to a post, or extend',
    body: z.object({
      outcome: z.enum(TERM_END_OUTCOMES),
      position: text(100).optional().meta({ description: 'For appoint: the post the cadre is appointed to.' }),
      unitId: id.optional().meta({ description: "For appoint: the receiving unit (the default) or the cadre's home unit." }),
      extendMonths: z.number().int().min(EXTEND_MONTHS.min).max(EXTEND_MONTHS.max).optional().meta({ description: 'For extend: months added to the term.' }),
    }),
    update: decideTermEnd,
    permission: { allowed: mayDecideTermEnd, refusal: ORGANIZER_ONLY },
    input: async (body, { user, deps }, c) => {
      if (body.outcome === 'appoint') await checkAppointmentFree(deps.prisma, c, body.unitId, body.position);
      return { ...body, actor: actorOf(user) };
    },
  }),
  caseAction({
    step: 'terminate',
    summary: 'End an active rotation early; the cadre returns to the retained position',
    body: z.object({ reason: text() }),
    update: terminate,
    permission: { allowed: mayTerminate, refusal: ORGANIZER_ONLY },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
];
