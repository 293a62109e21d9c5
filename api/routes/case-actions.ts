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
  type CaseState,
  ENDED_STATUSES,
  PARTIES,
  VOTE_CHOICES,
} from '../../domain/types';
import type { PrismaClient } from '../../generated/prisma/client';
import { appraise, castVote, recordConsultation, signDecision, withdraw } from '../../workflows/definitions';
import { mayAppraise, mayRecordConsultation, maySignDecision, mayWithdraw } from '../case-roles';
import { caseViewSchema, loadCaseView } from '../case-view';
import { type CaseRecord, caseOr404 } from '../cases';
import { type Context, type Endpoint, endpoint } from '../endpoint';
import { conflict, forbidden } from '../problem';
import { calendarDate, dateOrInstant, idParams, optionalText, text } from '../schemas';
import { type Principal, actorOf } from '../scope';

interface CaseAction<B extends z.ZodObject, I> {
  /** Below /v1/rotations/:id/ */
  step: string;
  summary: string;
  body: B;
  update: UpdateDefinition<CaseState, [I]>;
  /** Who may ask for it, and the 403's detail; absent when only the workflow can judge. */
  permission?: { allowed(user: Principal, c: CaseRecord, body: z.output<B>): boolean; refusal: string };
  input(body: z.output<B>, ctx: Context, c: CaseRecord): I | Promise<I>;
}

function caseAction<B extends z.ZodObject, I>(action: CaseAction<B, I>): Endpoint {
  return endpoint({
    method: 'post',
    path: `/v1/rotations/:id/${action.step}`,
    summary: action.summary,
    tag: 'rotation steps',
    request: z.object({ params: idParams, body: action.body }),
    success: { status: 200, description: 'The case after the step', schema: caseViewSchema },
    problems: [403, 404, 409, 422, 503],
    async handle(request, ctx) {
      // TypeScript cannot resolve the parsed type through the generic body schema; the schema above guarantees it.
      const { params, body } = request as { params: { id: string }; body: z.output<B> };
      const { prisma, temporal } = ctx.deps;
      const c = await caseOr404(prisma, params.id);
      if (action.permission && !action.permission.allowed(ctx.user, c, body)) throw forbidden(action.permission.refusal);
      if (ENDED_STATUSES.includes(c.state.status)) throw conflict(`the case is ${c.state.status}; no step can be taken on it`);
      const input = await action.input(body, ctx, c);
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
];
