// The human steps of a case, each sent to its workflow as an Update: the workflow's validator
// refuses what the case's state or the rules do not allow, before anything is recorded.
import { type Client, type UpdateDefinition, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { DelegableKind } from '../../domain/delegation';
import { OWN_CASE_RULE, actsOnOwnCase, requireNotOwnCase } from '../../domain/duties';
import { refuseLateBallot } from '../../domain/rotation-case';
import { ancestorIds, decidingUnit } from '../../domain/units';
import {
  APPRAISAL_OUTCOMES,
  type AppraisalInput,
  CONCERN_TYPES,
  CONSULTATION_OUTCOMES,
  CONTINUATION_DECISIONS,
  type CaseState,
  EVALUATION_KINDS,
  EVALUATION_RATINGS,
  ENDED_STATUSES,
  type OnBehalfOf,
  type RetryInput,
  PARTIES,
  REVIEW_RATINGS,
  TERM_END_OUTCOMES,
  type UnitKind,
  VOTE_CHOICES,
  supportWorkflowIdFor,
} from '../../domain/types';
import { COUNT_LIMITS } from '../../domain/limits';
import { EXTEND_MONTHS } from '../../domain/review-schedule';
import type { PrismaClient } from '../../generated/prisma/client';
import {
  appraise,
  castVote,
  closeFollowUp,
  closeVote,
  decideContinuation,
  decideTermEnd,
  recordConsultation,
  recordEvaluation,
  retry,
  retrySupport,
  signDecision,
  submitReview,
  terminate,
  withdraw,
} from '../../workflows/definitions';
import {
  isCadresOwnAnswer,
  isOwnCase,
  mayAppraise,
  mayCloseVote,
  mayDecideContinuation,
  mayDecideTermEnd,
  mayEvaluate,
  mayRecordConsultation,
  mayRetry,
  mayReview,
  maySignDecision,
  mayTerminate,
  mayWithdraw,
} from '../case-roles';
import { caseViewSchema, loadCaseView } from '../case-view';
import { type CaseRecord, caseOr404, stateOf } from '../cases';
import { type Context, type Endpoint, endpoint } from '../endpoint';
import { activeCommitteeMembers, unitOr404, usersOr422 } from '../lookups';
import { HttpProblem, conflict, forbidden, ruleViolation } from '../problem';
import { ID_SHAPES, caseDate, caseDateOrInstant, customIssue, idOf, idParams, line, optionalText, pastCaseDateOrInstant, text, today } from '../schemas';
import { nationalRulesOn } from '../../store/national-rules';
import { delegatorAllowing, onBehalfOf } from '../on-behalf';
import { type Principal, actorOf } from '../scope';
import { sendStep } from '../steps';
import { type Wording, refusalText } from '../../domain/refusal-texts';

/** Path parameters besides the case's id, as strings. */
type Params = Record<string, string>;

interface CaseAction<B extends z.ZodObject, I> {
  /** Below /v1/rotations/:id/, in express syntax when it names more (`follow-ups/:followUpId/close`). */
  step: string;
  summary: string;
  /** Who may take the step and what it does, for the document. */
  description: string;
  /** The path's parameters other than `id`. */
  params?: z.ZodObject;
  body: B;
  update: UpdateDefinition<CaseState, [I]>;
  /** Its task kind, when a delegation of that kind lets a delegate take it on the delegator's behalf. */
  taskKind?: DelegableKind;
  /** Who may ask for it, and the 403's detail; absent when only the workflow can judge. */
  permission?: { allowed(user: Principal, c: CaseRecord, body: z.output<B>): boolean; refusal: Wording };
  /** Taken on an ended case too (a retry of its failed write). */
  whenEnded?: boolean;
  /** Refuses the step with its own reason before the generic one of an ended case (a late ballot). */
  refuseEarly?(state: CaseState): void;
  /** The one step a user linked to the rotated cadre may take on the case (the cadre's own answer); none by default. */
  ownCaseAllows?(body: z.output<B>): boolean;
  input(body: z.output<B>, ctx: Context, c: CaseRecord, params: Params): I | Promise<I>;
  /** Sends the update; absent: to the case's workflow. */
  send?(temporal: Client, prisma: PrismaClient, c: CaseRecord, input: I, updateId: string): Promise<CaseState>;
}

function caseAction<B extends z.ZodObject, I>(action: CaseAction<B, I>): Endpoint {
  return endpoint({
    method: 'post',
    path: `/v1/rotations/:id/${action.step}`,
    summary: action.summary,
    description: action.description,
    tag: 'rotation steps',
    request: z.object({ params: action.params ? caseParams.extend(action.params.shape) : caseParams, body: action.body }),
    success: { status: 200, description: 'The case after the step', schema: caseViewSchema },
    problems: [403, 404, 409, 422, 503],
    async handle(request, ctx) {
      // TypeScript cannot resolve the parsed type through the generic body schema; the schema above guarantees it.
      const { params, body } = request as { params: { id: string } & Params; body: z.output<B> };
      const { prisma, temporal } = ctx.deps;
      const c = await caseOr404(prisma, params.id);
      if (!action.ownCaseAllows?.(body)) requireNotOwnCase(ctx.user.cadreId, c.row.cadreId, `the step ${action.step}`);
      const delegator = await delegatorFor(action, ctx, c, body);
      action.refuseEarly?.(c.state);
      if (ENDED_STATUSES.includes(c.state.status) && !action.whenEnded) throw conflict(refusalText('case_closed', { status: c.state.status }));
      const stepInput = await action.input(body, ctx, c, params);
      const input: I = delegator ? { ...stepInput, delegator: onBehalfOf(delegator) } : stepInput;
      const state = await sendStep(ctx, (updateId) =>
        action.send ? action.send(temporal, prisma, c, input, updateId) : temporal.workflow.getHandle(c.row.workflowId).executeUpdate(action.update, { args: [input], updateId }),
      );
      return loadCaseView(prisma, state);
    },
  });
}

/**
 * 403 unless the user may take the step, of their own right or by a delegation of its task kind;
 * the delegator in the latter case, else null.
 */
async function delegatorFor<B extends z.ZodObject, I>(action: CaseAction<B, I>, ctx: Context, c: CaseRecord, body: z.output<B>): Promise<Principal | null> {
  const permission = action.permission;
  if (!permission || permission.allowed(ctx.user, c, body)) return null;
  const delegator = action.taskKind ? await delegatorAllowing(ctx.deps.prisma, ctx.user, action.taskKind, c.row.cadreId, (d) => permission.allowed(d, c, body)) : null;
  if (!delegator) throw forbidden(permission.refusal);
  return delegator;
}

/**
 * The Standing Committee that decides the case, from today's reference data: its active members,
 * and those linked to the rotated cadre, who are recused.
 */
async function decidingCommittee(prisma: PrismaClient, c: CaseRecord): Promise<AppraisalInput['committee']> {
  const members = await activeCommitteeMembers(prisma, ancestorIds(c.fromPath));
  const unitId = decidingUnit(c.fromPath, c.toPath, new Set(members.map((m) => m.unitId)));
  if (unitId === null) return null;
  const seated = members.filter((m) => m.unitId === unitId);
  return {
    unitId,
    memberUserIds: seated.map((m) => m.userId),
    recusedUserIds: seated.filter((m) => actsOnOwnCase(m.cadreId, c.row.cadreId)).map((m) => m.userId),
  };
}

/**
 * Whom an organizer recording the cadre's answer acts for: the user linked to the cadre, or the
 * cadre by name when no active user is.
 */
async function cadreOnWhoseBehalf(prisma: PrismaClient, c: CaseRecord): Promise<OnBehalfOf> {
  const [linked, cadre] = await Promise.all([
    prisma.user.findFirst({ where: { cadreId: c.row.cadreId, active: true }, orderBy: { createdAt: 'asc' }, select: { id: true, username: true } }),
    prisma.cadre.findUnique({ where: { id: c.row.cadreId }, select: { fullName: true } }),
  ]);
  return { userId: linked?.id ?? null, username: linked?.username ?? cadre?.fullName ?? c.row.cadreId, cadreId: c.row.cadreId };
}

/** A follow-up is not given to the rotated cadre, who closes nothing on their own case (422 naming the owner). */
async function requireOwnersNotTheCadre(prisma: PrismaClient, c: CaseRecord, ownerUserIds: readonly string[]): Promise<void> {
  const linked = new Set((await prisma.user.findMany({ where: { id: { in: [...ownerUserIds] }, cadreId: c.row.cadreId }, select: { id: true } })).map((u) => u.id));
  const errors = ownerUserIds.flatMap((id, i) => (linked.has(id) ? [{ path: `followUps.${i}.ownerUserId`, message: refusalText('owner_is_cadre') }] : []));
  if (errors.length) throw new HttpProblem(422, refusalText('own_case_follow_up'), errors, OWN_CASE_RULE);
}

const caseParams = idParams('rotation case');

const ORGANIZER_ONLY = refusalText('organizer_step');

/** The case a post is kept for while its holder is away on a rotation; null when none. */
async function retainedFor(prisma: PrismaClient, unitId: string, title: string): Promise<string | null> {
  const post = await prisma.positionHolder.findUnique({ where: { unitId_title: { unitId, title } }, select: { retainedByCaseId: true } });
  return post?.retainedByCaseId ?? null;
}

/** The rule a term-end appointment names when the unit's kind has no such post. */
const APPOINTED_POST_RULE = 'appointed_post';

/**
 * The case the post appointed to at the end of the term (at `unitId`, by default the receiving
 * unit) is kept for, for the workflow to refuse an appointment to it (422 naming `position`); a
 * post the unit's kind does not have is refused here (422 naming `position`).
 */
async function appointmentRetainedFor(prisma: PrismaClient, c: CaseRecord, unitId: string | undefined, position: string | undefined): Promise<string | null> {
  const at = unitId ?? c.row.toUnitId;
  const unit = await unitOr404(prisma, at, unitId === undefined ? undefined : 'unitId');
  if (position === undefined) return null;
  // The post is one the national rules in force give the unit's kind, as a proposal's is.
  const posts = (await nationalRulesOn(prisma, today())).posts[unit.kind as UnitKind] ?? [];
  if (!posts.includes(position)) throw ruleViolation(refusalText('appointed_post', { unitKind: unit.kind, position }), 'position', APPOINTED_POST_RULE);
  return retainedFor(prisma, at, position);
}

/**
 * A retry goes to the case's workflow; when that has ended before its support, whose write
 * failed, it goes to the support's workflow, and the case is answered as its projection shows it.
 */
async function sendRetry(temporal: Client, prisma: PrismaClient, c: CaseRecord, input: RetryInput, updateId: string): Promise<CaseState> {
  // An ended case's workflow may be gone: what needs no retry is answered here.
  if (!c.state.attention) throw conflict(refusalText('no_attention_needed'));
  try {
    return await temporal.workflow.getHandle(c.row.workflowId).executeUpdate(retry, { args: [input], updateId });
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError) || c.state.attention?.source !== 'support') throw err;
  }
  await temporal.workflow.getHandle(supportWorkflowIdFor(c.row.id)).executeUpdate(retrySupport, { args: [input], updateId });
  return stateOf(await prisma.rotationCase.findUniqueOrThrow({ where: { id: c.row.id } }));
}

export const caseActionEndpoints = [
  caseAction({
    step: 'consultations',
    taskKind: 'consultation',
    summary: 'Record a consultation (cadre, sending unit or receiving unit); all three move the case to appraisal',
    description:
      "For an organizer over the sending or the receiving unit, the rotated cadre for their own answer (party cadre), or a delegate of the consultation task. Records one party's answer in the current round; once all three have answered, the case moves to appraisal.",
    body: z.object({
      party: z.enum(PARTIES),
      outcome: z.enum(CONSULTATION_OUTCOMES),
      concerns: z
        .array(z.object({ type: z.enum(CONCERN_TYPES), note: optionalText('concernNote') }))
        .max(COUNT_LIMITS.concerns)
        .default([]),
      note: optionalText('note'),
    }),
    update: recordConsultation,
    permission: {
      allowed: (user, c, body) => mayRecordConsultation(user, c, body.party),
      refusal: refusalText('consultation_recorder'),
    },
    ownCaseAllows: (body) => body.party === 'cadre',
    input: async (body, { user, deps }, c) => ({
      ...body,
      ...(body.party === 'cadre' && !isCadresOwnAnswer(user, c, body.party) ? { onBehalfOf: await cadreOnWhoseBehalf(deps.prisma, c) } : {}),
      actor: actorOf(user),
    }),
  }),
  caseAction({
    step: 'appraisal',
    taskKind: 'appraisal',
    summary: 'Appraise the consultations: endorse (to the committee vote), return (consult again) or reject',
    description:
      "For an organizer over the sending or the receiving unit who is not the rotated cadre, or a delegate of the appraisal task. Endorses the case to the deciding Standing Committee's vote (the dossier complete, every objection resolved), returns it to consultation, or rejects it.",
    body: z.object({
      outcome: z.enum(APPRAISAL_OUTCOMES),
      note: optionalText('note'),
      resolutions: z
        .array(z.object({ party: z.enum(PARTIES), note: optionalText('resolutionNote') }))
        .max(PARTIES.length * 2)
        .default([]),
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
    summary:
      'Cast your vote as a member of the deciding Standing Committee, by secret ballot: the case shows who voted and the tally, never who voted how (409 naming the result once the vote has closed)',
    description:
      "For a member of the deciding Standing Committee fixed at endorsement who is not the rotated cadre; the workflow judges membership and recusal, and a vote is never delegated. Casts the member's secret ballot; the vote ends once its outcome is certain.",
    body: z.object({ vote: z.enum(VOTE_CHOICES), note: text('voteNote').optional() }),
    // Membership and recusal are judged by the workflow, against the committee fixed at endorsement.
    update: castVote,
    refuseEarly: refuseLateBallot,
    input: (body, { user }) => ({ ...body, voterCadreId: user.cadreId, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'vote/close',
    summary: 'Close the vote once its deadline has passed (secretary of the deciding unit): ballots not cast count as not for, so the case passes or is rejected',
    description: 'For a secretary over the deciding unit who is not the rotated cadre. Closes a vote whose deadline has passed, counting ballots not cast as not for.',
    body: z.object({ note: optionalText('note') }),
    update: closeVote,
    permission: { allowed: mayCloseVote, refusal: refusalText('vote_closer') },
    input: (body, { user }) => ({ ...(body.note ? { note: body.note } : {}), actor: actorOf(user) }),
  }),
  caseAction({
    step: 'decision',
    taskKind: 'decision',
    summary: 'Sign the decision (secretary of the deciding unit); the case becomes active on the effective date',
    description:
      'For a secretary over the deciding unit who is not the rotated cadre, or a delegate of the decision task. Records the signed decision; the case becomes active on its effective date.',
    body: z.object({ decisionNumber: line('reference'), signedAt: pastCaseDateOrInstant, effectiveDate: caseDate }),
    update: signDecision,
    permission: { allowed: maySignDecision, refusal: refusalText('decision_signer') },
    input: async (body, { user, deps }, c) => ({
      ...body,
      receivingPostRetainedFor: await retainedFor(deps.prisma, c.row.toUnitId, c.row.position),
      actor: actorOf(user),
    }),
  }),
  caseAction({
    step: 'withdraw',
    summary: 'Withdraw the case before the cadre takes up the post, also while it needs attention',
    description: 'For an organizer over the sending or the receiving unit who is not the rotated cadre. Ends the case as withdrawn before the cadre takes up the post.',
    body: z.object({ reason: text('reason') }),
    update: withdraw,
    permission: { allowed: mayWithdraw, refusal: ORGANIZER_ONLY },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'reviews',
    taskKind: 'review',
    summary: 'Record a periodic review held with the cadre, with the follow-ups agreed (reviewer or organizer)',
    description:
      'For a reviewer or organizer over the receiving or the deciding unit who is not the rotated cadre, or a delegate of the review task; no follow-up is given to the cadre. Records a due periodic review with its rating and the follow-ups agreed.',
    body: z.object({
      seq: z.number().int().min(1).max(COUNT_LIMITS.totalTermMonths).meta({ description: 'Which review of the case (reviews[].seq).' }),
      heldAt: caseDateOrInstant,
      rating: z.enum(REVIEW_RATINGS),
      aspirations: optionalText('reviewText'),
      difficulties: optionalText('reviewText'),
      followUps: z
        .array(
          z.object({
            action: text('followUpAction'),
            ownerUserId: idOf('user', { status: 422 }).meta({ description: 'The user who closes it.' }),
            dueDate: caseDate,
          }),
        )
        .max(COUNT_LIMITS.followUpsPerReview)
        .default([]),
    }),
    update: submitReview,
    permission: { allowed: mayReview, refusal: refusalText('reviewer') },
    input: async (body, { user, deps }, c) => {
      await usersOr422(
        deps.prisma,
        body.followUps.map((f) => f.ownerUserId),
        (i) => `followUps.${i}.ownerUserId`,
      );
      await requireOwnersNotTheCadre(
        deps.prisma,
        c,
        body.followUps.map((f) => f.ownerUserId),
      );
      return { ...body, actor: actorOf(user) };
    },
  }),
  caseAction({
    step: 'follow-ups/:followUpId/close',
    summary: 'Close a follow-up of a review, with a note (its owner)',
    description: "For the follow-up's owner; the workflow judges ownership. Closes the follow-up with a note.",
    params: z.object({ followUpId: idOf('follow-up', { shape: ID_SHAPES.followUp }) }),
    body: z.object({ note: text('followUpNote') }),
    // Ownership and the follow-up's existence are judged by the workflow (403, 404).
    update: closeFollowUp,
    input: (body, { user }, _c, params) => ({ followUpId: params.followUpId, note: body.note, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'continuation',
    taskKind: 'continuation',
    summary: 'After a review rated not_completed: continue the rotation or terminate it',
    description:
      "For an organizer over the sending or the receiving unit who is not the rotated cadre, or a delegate of the continuation task. After a review rated not_completed, continues the rotation or terminates it on the competent level's decision.",
    body: z
      .object({
        decision: z.enum(CONTINUATION_DECISIONS),
        reason: text('reason'),
        decisionNumber: line('reference').optional().meta({ description: "For terminate (required then): the competent level's decision ending the term early." }),
      })
      .superRefine((body, ctx) => {
        if (body.decision === 'terminate' && body.decisionNumber === undefined) {
          ctx.addIssue(customIssue(refusalText('early_end_needs_decision'), ['decisionNumber']));
        }
      }),
    update: decideContinuation,
    permission: { allowed: mayDecideContinuation, refusal: ORGANIZER_ONLY },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'term-end',
    taskKind: 'term_end',
    summary: 'Decide the end of the term: return to the retained position, appoint to a post, or extend',
    description:
      'For an organizer over the sending or the receiving unit who is not the rotated cadre, or a delegate of the term-end task. Once the term has ended and the closing evaluations are in, returns the cadre to the retained position, appoints them to a post, or extends the term.',
    body: z.object({
      outcome: z.enum(TERM_END_OUTCOMES),
      position: line('position').optional().meta({ description: "For appoint: the post the cadre is appointed to, one the national rules in force give the unit's kind." }),
      unitId: idOf('unit').optional().meta({ description: "For appoint: the receiving unit (the default) or the cadre's home unit." }),
      extendMonths: z.number().int().min(EXTEND_MONTHS.min).max(EXTEND_MONTHS.max).optional().meta({ description: 'For extend: months added to the term.' }),
    }),
    update: decideTermEnd,
    permission: { allowed: mayDecideTermEnd, refusal: ORGANIZER_ONLY },
    input: async (body, { user, deps }, c) => ({
      ...body,
      positionRetainedFor: body.outcome === 'appoint' ? await appointmentRetainedFor(deps.prisma, c, body.unitId, body.position) : null,
      actor: actorOf(user),
    }),
  }),
  caseAction({
    step: 'evaluations',
    taskKind: 'evaluation',
    summary:
      "Record an evaluation of the cadre while the rotation is active: yearly and conclusion (organizers over the deciding unit), receiving_unit (a reviewer or organizer over the receiving unit), self_review (the cadre, or an organizer on the cadre's behalf)",
    description:
      "For the writer of each kind, or a delegate of the evaluation task: the self-review by the cadre (or an organizer over either unit on their behalf), the receiving unit's by a reviewer or organizer over it, the yearly evaluation and the conclusion by an organizer over the deciding unit. Records the evaluation of the cadre.",
    body: z.object({
      kind: z.enum(EVALUATION_KINDS),
      rating: z.enum(EVALUATION_RATINGS).meta({ description: 'Hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ.' }),
      text: text('evaluationText'),
    }),
    update: recordEvaluation,
    permission: {
      allowed: (user, c, body) => mayEvaluate(user, c, body.kind),
      refusal: refusalText('evaluator'),
    },
    ownCaseAllows: (body) => body.kind === 'self_review',
    input: async (body, { user, deps }, c) => ({
      ...body,
      ...(body.kind === 'self_review' && !isOwnCase(user, c) ? { onBehalfOf: await cadreOnWhoseBehalf(deps.prisma, c) } : {}),
      actor: actorOf(user),
    }),
  }),
  caseAction({
    step: 'terminate',
    summary: 'End an active rotation early; the cadre returns to the retained position',
    description:
      "For an organizer over the sending or the receiving unit who is not the rotated cadre. Ends an active rotation early on the competent level's decision; the cadre returns to the retained position.",
    body: z.object({ reason: text('reason'), decisionNumber: line('reference').meta({ description: "The competent level's decision ending the term early." }) }),
    update: terminate,
    permission: { allowed: mayTerminate, refusal: ORGANIZER_ONLY },
    input: (body, { user }) => ({ ...body, actor: actorOf(user) }),
  }),
  caseAction({
    step: 'retry',
    taskKind: 'attention',
    summary: 'Retry the write that failed for good on a case needing attention (attention in the case), once its cause is gone: the case goes on from where it stopped (organizer)',
    description:
      'For an organizer over the sending or the receiving unit who is not the rotated cadre, or a delegate of the attention task. Retries the write that failed for good once its cause is gone; the case goes on from where it stopped.',
    body: z.object({}),
    update: retry,
    permission: { allowed: mayRetry, refusal: ORGANIZER_ONLY },
    whenEnded: true,
    input: (_body, { user }) => ({ actor: actorOf(user) }),
    send: sendRetry,
  }),
];
