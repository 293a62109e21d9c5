// A proposal is made in two steps, its rows and then its workflow; a process that dies between
// them leaves rows marked pending, which the API's reconciler finishes or takes back.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type CaseInput, type CaseState, TASK_QUEUE, workflowIdFor } from '../domain/types';
import type { CaseEvent, PrismaClient } from '../generated/prisma/client';
import { eventRow, projectionOf } from './case-projection';
import { isUniqueViolation } from './prisma-errors';

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
  'exceptions',
] as const satisfies readonly (keyof CaseState)[];

/** The cadre already has an open case: nothing was written. */
export class OpenCaseExists extends Error {
  constructor() {
    super('the cadre already has an open rotation case');
  }
}

export async function hasOpenCase(prisma: PrismaClient, cadreId: string): Promise<boolean> {
  return (await prisma.openCase.findUnique({ where: { cadreId } })) !== null;
}

/**
 * The projection row, the one-open-case lock, the first history entry and the pending mark, all
 * or nothing; `OpenCaseExists` when the cadre's lock is taken.
 */
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
    if (isUniqueViolation(err)) throw new OpenCaseExists();
    throw err;
  }
}

/** The workflow is known to run: the proposal is whole. */
export async function confirmProposal(prisma: PrismaClient, caseId: string): Promise<void> {
  await prisma.pendingProposal.deleteMany({ where: { caseId } });
}

/** Removes a pending proposal's rows and its cadre's open-case lock, at once; false when it is not pending (any more). */
export async function takeBackProposal(prisma: PrismaClient, caseId: string): Promise<boolean> {
  const [{ taken }] = await prisma.$queryRaw<{ taken: number }[]>`
    WITH claimed AS (DELETE FROM "PendingProposal" WHERE "caseId" = ${caseId} RETURNING "caseId"),
      events AS (DELETE FROM "CaseEvent" WHERE "caseId" IN (SELECT "caseId" FROM claimed)),
      open_case AS (DELETE FROM "OpenCase" WHERE "caseId" IN (SELECT "caseId" FROM claimed)),
      rotation AS (DELETE FROM "RotationCase" WHERE "id" IN (SELECT "caseId" FROM claimed))
    SELECT count(*)::int AS taken FROM claimed`;
  return taken === 1;
}

/** The pending proposals at least `olderThanMs` old (by the database's clock), oldest first, at most `limit`. */
export async function pendingProposalIds(prisma: PrismaClient, { olderThanMs, limit }: { olderThanMs: number; limit: number }): Promise<string[]> {
  const pending = await prisma.$queryRaw<{ caseId: string }[]>`
    SELECT "caseId" FROM "PendingProposal"
    WHERE "createdAt" <= now() - ${olderThanMs}::int * interval '1 millisecond'
    ORDER BY "createdAt" LIMIT ${limit}`;
  return pending.map((p) => p.caseId);
}

const CLEANUP_DEADLINE_MS = 5000;

export interface CaseWorkflowStart {
  prisma: PrismaClient;
  temporal: Client;
  /** Runs a Temporal call within the deadline every call of a request has, which the reconciler counts on. */
  withinDeadline: (call: () => Promise<unknown>) => Promise<unknown>;
}

/**
 * Starts the case's workflow; when that fails the proposal is taken back, so no half-made case stays.
 */
export async function startCaseWorkflow({ prisma, temporal, withinDeadline }: CaseWorkflowStart, input: CaseInput): Promise<void> {
  const workflowId = workflowIdFor(input.id);
  try {
    await withinDeadline(() => temporal.workflow.start('rotationCaseWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [input] satisfies [CaseInput] }));
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
