// Proposing a rotation, and reading cases.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { requireNotOwnCase } from '../../domain/duties';
import { initialCaseState } from '../../domain/rotation-case';
import { REVIEW_INTERVAL_MONTHS, TERM_MONTHS, checkProposal, reviewIntervalProblem, termMonthsProblem } from '../../domain/proposal';
import { lowestCommonUnit } from '../../domain/units';
import { yearsFrom } from '../../domain/calendar';
import { countsWorkingDays } from '../../domain/deadlines';
import { readWorkingCalendar } from '../../activities/calendar';
import { CASE_STATUSES, type CaseInput, type CaseState, TASK_QUEUE, workflowIdFor } from '../../domain/types';
import type { CaseEvent, PrismaClient } from '../../generated/prisma/client';
import type { rotationCaseWorkflow } from '../../workflows';
import { caseSummary, caseSummarySchema, caseView, caseViewSchema, loadCaseView } from '../case-view';
import { canSee, caseOr404, visibleCases } from '../cases';
import { pageOf, pageQuery } from '../cursor';
import type { AppDeps } from '../deps';
import { endpoint } from '../endpoint';
import { cadreOr404, unitOr404 } from '../lookups';
import { conflict, forbidden } from '../problem';
import { isUniqueViolation } from '../prisma-errors';
import { caseDate, idOf, idParams, line, pageSchema, text } from '../schemas';
import { eventRow, projectionOf } from '../../activities/case-projection';
import { actorOf, requireRole } from '../scope';
import { confirmProposal, takeBackProposal } from '../proposal-reconciler';
import { faultPoint } from '../../infra/fault-points';
import { NOT_STARTED_SUPPORT, loadSupportViews, supportOf } from '../support';
import { withinDeadline } from '../temporal-deadline';

/** A zod check that reports the message a domain rule gives. */
function ruleCheck(problem: (value: number) => string | null) {
  return (value: number, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

const proposal = z.object({
  cadreId: idOf('cadre'),
  fromUnitId: idOf('unit'),
  toUnitId: idOf('unit'),
  position: line('position'),
  termMonths: z.number().superRefine(ruleCheck(termMonthsProblem)).meta({ type: 'integer', minimum: TERM_MONTHS.min, maximum: TERM_MONTHS.max }),
  reviewIntervalMonths: z
    .number()
    .superRefine(ruleCheck(reviewIntervalProblem))
    .meta({ type: 'integer', minimum: REVIEW_INTERVAL_MONTHS.min, maximum: REVIEW_INTERVAL_MONTHS.max }),
  nonLocalSecretary: z.boolean(),
  reason: text('reason'),
  effectiveDate: caseDate.optional().meta({ description: 'Planned date; the signed decision sets the real one.' }),
  distanceKm: z.number().min(0).max(10_000).optional().meta({ description: 'From home to the receiving unit; sets the transport allowance.' }),
  officialHousing: z.boolean().default(false).meta({ description: 'Official housing is provided: no housing allowance.' }),
});

export const rotationEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/rotations',
    summary: 'Propose a rotation (organizer over both units); the case opens in consultation',
    tag: 'rotations',
    request: z.object({ body: proposal }),
    success: { status: 201, description: 'The new case', schema: caseViewSchema },
    problems: [403, 404, 409, 422, 503],
    async handle({ body }, { user, deps }) {
      const { prisma, config } = deps;
      const cadre = await cadreOr404(prisma, body.cadreId, 'cadreId');
      requireNotOwnCase(user.cadreId, cadre.id, 'the proposal of their own rotation');
      const from = await unitOr404(prisma, body.fromUnitId, 'fromUnitId');
      const to = await unitOr404(prisma, body.toUnitId, 'toUnitId');
      requireRole(user, ['organizer'], from.path, to.path);
      const home = await unitOr404(prisma, cadre.homeUnitId);
      checkProposal({
        cadreCurrentUnitId: cadre.currentUnitId,
        cadreHomePath: home.path,
        fromUnitId: from.id,
        toUnitId: to.id,
        toUnitKind: to.kind,
        nonLocalSecretary: body.nonLocalSecretary,
        position: body.position,
      });
      if (await prisma.openCase.findUnique({ where: { cadreId: cadre.id } })) throw openCaseConflict();

      const proposedAt = new Date().toISOString();
      const input: CaseInput = {
        id: randomUUID(),
        cadreId: cadre.id,
        fromUnitId: from.id,
        toUnitId: to.id,
        position: body.position,
        termMonths: body.termMonths,
        reviewIntervalMonths: body.reviewIntervalMonths,
        nonLocalSecretary: body.nonLocalSecretary,
        reason: body.reason,
        effectiveDate: body.effectiveDate ?? null,
        distanceKm: body.distanceKm ?? null,
        officialHousing: body.officialHousing,
        retainedPosition: { unitId: from.id, position: cadre.currentPosition },
        proposedBy: actorOf(user),
        proposedAt,
        deadlines: config.deadlines,
        ...(countsWorkingDays(config.deadlines)
          ? { commonUnitId: lowestCommonUnit(from.path, to.path) ?? from.id, calendar: await readWorkingCalendar(prisma, yearsFrom(proposedAt)) }
          : {}),
      };
      const state = initialCaseState(input);
      const proposed = await recordProposal(prisma, state, user.id);
      faultPoint('proposal-recorded');
      await startCaseWorkflow(deps, input);
      return caseView(state, [proposed], NOT_STARTED_SUPPORT);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/rotations/:id',
    summary: 'The whole case, with its history',
    tag: 'rotations',
    request: z.object({ params: idParams('rotation case') }),
    success: { status: 200, description: 'The case', schema: caseViewSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const c = await caseOr404(prisma, params.id);
      if (!canSee(user, c)) throw forbidden('this case is outside your units');
      return loadCaseView(prisma, c.state);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/rotations',
    summary: 'Cases you may see, oldest first',
    tag: 'rotations',
    request: z.object({
      query: z.object({
        status: z.enum(CASE_STATUSES).optional(),
        unitId: idOf('unit').optional().meta({ description: 'Sending or receiving unit at or below this one.' }),
        cadreId: idOf('cadre').optional(),
        ...pageQuery,
      }),
    }),
    success: { status: 200, description: 'A page of cases', schema: pageSchema(caseSummarySchema) },
    problems: [],
    async handle({ query }, { user, deps: { prisma } }) {
      if (query.unitId !== undefined) await unitOr404(prisma, query.unitId, 'unitId');
      if (query.cadreId !== undefined) await cadreOr404(prisma, query.cadreId, 'cadreId');
      const cases = await visibleCases(prisma, user, {
        statuses: query.status ? [query.status] : undefined,
        underUnitId: query.unitId,
        cadreId: query.cadreId,
        after: query.cursor,
        limit: query.limit + 1,
      });
      const rows = cases.map((c) => ({ createdAt: c.row.createdAt, id: c.row.id, state: c.state }));
      const supports = await loadSupportViews(
        prisma,
        rows.map((r) => r.id),
      );
      return pageOf(rows, query.limit, (r) => caseSummary(r.state, supportOf(supports, r.id)));
    },
  }),
];

function openCaseConflict() {
  return conflict('the cadre already has an open rotation case');
}

/** What the proposer asked for, as the first history entry records it. */
const PROPOSAL_FIELDS = [
  'cadreId',
  'fromUnitId',
  'toUnitId',
  'position',
  'termMonths',
  'reviewIntervalMonths',
  'nonLocalSecretary',
  'reason',
  'effectiveDate',
  'distanceKm',
  'officialHousing',
] as const satisfies readonly (keyof CaseState)[];

/** The projection row, the one-open-case lock, the first history entry and the pending mark, all or nothing. */
export async function recordProposal(prisma: PrismaClient, state: CaseState, userId: string): Promise<CaseEvent> {
  const detail = Object.fromEntries(PROPOSAL_FIELDS.map((field) => [field, state[field]]));
  try {
    const [, , event] = await prisma.$transaction([
      prisma.rotationCase.create({
        data: {
          id: state.id,
          workflowId: workflowIdFor(state.id),
          cadreId: state.cadreId,
          fromUnitId: state.fromUnitId,
          toUnitId: state.toUnitId,
          position: state.position,
          nonLocalSecretary: state.nonLocalSecretary,
          termMonths: state.termMonths,
          reviewIntervalMonths: state.reviewIntervalMonths,
          reason: state.reason,
          createdBy: userId,
          ...projectionOf(state),
        },
      }),
      prisma.openCase.create({ data: { cadreId: state.cadreId, caseId: state.id } }),
      prisma.caseEvent.create({
        data: eventRow(state.id, { seq: state.version, at: state.proposedAt, actor: state.proposedBy, action: 'proposed', detail }),
      }),
      prisma.pendingProposal.create({ data: { caseId: state.id } }),
    ]);
    return event;
  } catch (err) {
    if (isUniqueViolation(err)) throw openCaseConflict();
    throw err;
  }
}

const CLEANUP_DEADLINE_MS = 5000;

/**
 * Starts the case's workflow, within the deadline of every Temporal call of a request, which the
 * proposal reconciler counts on; when that fails the proposal is taken back, so no half-made case stays.
 */
async function startCaseWorkflow(deps: AppDeps, input: CaseInput): Promise<void> {
  const { temporal, prisma } = deps;
  const workflowId = workflowIdFor(input.id);
  try {
    await withinDeadline(deps, () => temporal.workflow.start<typeof rotationCaseWorkflow>('rotationCaseWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [input] }));
  } catch (err) {
    // Already started: an earlier attempt of this same call reached the server (ids are new), so the case is whole.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      // The start may have reached the server even though the call failed: end it before taking the proposal back.
      await temporal.connection
        .withDeadline(Date.now() + CLEANUP_DEADLINE_MS, () => temporal.workflow.getHandle(workflowId).terminate('the proposal could not be recorded'))
        .catch(() => undefined);
      await takeBackProposal(prisma, input.id);
      throw err;
    }
  }
  // The case is whole now; should this write fail, the reconciler confirms it later.
  await confirmProposal(prisma, input.id).catch(() => undefined);
}
