// Activities of the rotation case workflow, and of its support workflow (./support): thin,
// idempotent writes to the database. Temporal retries them until they succeed, so each one may
// run more than once for the same step.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../generated/prisma/client';
import { ENDED_STATUSES, type CaseEventInput, type CaseState, type UnitPosition } from '../domain/types';
import { eventRow, projectionOf } from './case-projection';
import { createSupportActivities } from './support';

export interface ActivityDeps {
  prisma: PrismaClient;
}

export interface ProjectCaseInput {
  state: CaseState;
  event: CaseEventInput;
}

export interface TakeUpPostInput {
  caseId: string;
  cadreId: string;
  toUnitId: string;
  position: string;
  retainedPosition: UnitPosition;
}

export function createActivities({ prisma }: ActivityDeps) {
  return {
    ...createSupportActivities({ prisma }),

    /** Mirrors the case into its projection row and appends its history event. */
    async projectCase({ state, event }: ProjectCaseInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const updated = await tx.rotationCase.updateMany({
          where: { id: state.id, version: { lt: state.version } },
          data: projectionOf(state),
        });
        // Nothing updated is normal for a retry; a missing row is not, and must not get orphan events.
        if (updated.count === 0 && !(await tx.rotationCase.findUnique({ where: { id: state.id }, select: { id: true } }))) {
          throw ApplicationFailure.create({ type: 'CaseProjectionMissing', message: `rotation case ${state.id} has no projection row` });
        }
        await tx.caseEvent.createMany({ data: [eventRow(state.id, event)], skipDuplicates: true });
        if (ENDED_STATUSES.includes(state.status)) {
          await tx.openCase.deleteMany({ where: { caseId: state.id } });
        }
      });
    },

    /** The cadre holds the post at the receiving unit; their home seat stays theirs, retained by this case. */
    async takeUpPost({ caseId, cadreId, toUnitId, position, retainedPosition }: TakeUpPostInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const target = await tx.positionHolder.findUnique({ where: { unitId_title: { unitId: toUnitId, title: position } } });
        if (target?.retainedByCaseId && target.retainedByCaseId !== caseId) {
          // Retryable on purpose: the post frees up when the other case ends, and the activation then goes through.
          throw ApplicationFailure.create({
            type: 'PositionRetained',
            message: `${position} at unit ${toUnitId} is retained for rotation case ${target.retainedByCaseId}`,
          });
        }
        await tx.positionHolder.upsert({
          where: { unitId_title: { unitId: toUnitId, title: position } },
          create: { unitId: toUnitId, title: position, cadreId, retainedByCaseId: null },
          update: { cadreId, retainedByCaseId: null },
        });
        const home = { unitId: retainedPosition.unitId, title: retainedPosition.position };
        await tx.positionHolder.upsert({
          where: { unitId_title: home },
          create: { ...home, cadreId, retainedByCaseId: caseId },
          update: { cadreId, retainedByCaseId: caseId },
        });
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
