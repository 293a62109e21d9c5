// Activities of the rotation case workflow, with those of the cadre's posts (./posts), and of its
// support workflow (./support): thin, idempotent writes to the database. Temporal retries them
// until they succeed, so each one may run more than once for the same step.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../generated/prisma/client';
import { ENDED_STATUSES, type CaseEventInput, type CaseState } from '../domain/types';
import { eventRow, projectionOf } from './case-projection';
import { createPostActivities } from './posts';
import { createSupportActivities } from './support';

export type { TakeUpPostInput, SettlePostsInput } from './posts';

export interface ActivityDeps {
  prisma: PrismaClient;
}

export interface ProjectCaseInput {
  state: CaseState;
  event: CaseEventInput;
}

export function createActivities({ prisma }: ActivityDeps) {
  return {
    ...createSupportActivities({ prisma }),
    ...createPostActivities({ prisma }),

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
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
