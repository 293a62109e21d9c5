// Activities of the rotation case workflow, with those of the cadre's posts (./posts), and of its
// support workflow (./support): thin, idempotent writes to the database. Temporal retries them
// until they succeed, so each one may run more than once for the same step; a condition no
// retry can fix is a non-retryable failure of a type in ACTIVITY_FAILURE_TYPES.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../generated/prisma/client';
import { ACTIVITY_FAILURE_TYPES, ENDED_STATUSES, type CaseAttention, type CaseEventInput, type CaseState } from '../domain/types';
import { createCalendarActivities } from './calendar';
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

export interface RecordAttentionInput {
  caseId: string;
  /** null: the attention is resolved. */
  attention: CaseAttention | null;
  /** The history entry that says so, when the case's workflow records it. */
  event?: CaseEventInput;
}

export function createActivities({ prisma }: ActivityDeps) {
  return {
    ...createSupportActivities({ prisma }),
    ...createPostActivities({ prisma }),
    ...createCalendarActivities({ prisma }),

    /** Mirrors the case into its projection row and appends its history event. */
    async projectCase({ state, event }: ProjectCaseInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const updated = await tx.rotationCase.updateMany({
          where: { id: state.id, version: { lt: state.version } },
          data: projectionOf(state),
        });
        // Nothing updated is normal for a retry; a missing row is not, and must not get orphan events.
        if (updated.count === 0 && !(await tx.rotationCase.findUnique({ where: { id: state.id }, select: { id: true } }))) {
          throw ApplicationFailure.nonRetryable(`rotation case ${state.id} has no projection row`, ACTIVITY_FAILURE_TYPES.projectionMissing);
        }
        await tx.caseEvent.createMany({ data: [eventRow(state.id, event)], skipDuplicates: true });
        if (ENDED_STATUSES.includes(state.status)) {
          await tx.openCase.deleteMany({ where: { caseId: state.id } });
        }
      });
    },

    /**
     * Shows on the case's projection that it needs attention (or no longer does), touching nothing
     * else of it: the case's own state may be what the database refused.
     */
    async recordAttention({ caseId, attention, event }: RecordAttentionInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE "RotationCase" SET state = jsonb_set(state, '{attention}', ${JSON.stringify(attention)}::jsonb) WHERE id = ${caseId}`;
        if (event) await tx.caseEvent.createMany({ data: [eventRow(caseId, event)], skipDuplicates: true });
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
