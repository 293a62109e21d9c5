// Activities of the rotation case workflow, with those of the cadre's posts (./posts), and of its
// support workflow (./support): thin, idempotent writes to the database. Temporal retries them
// until they succeed, so each one may run more than once for the same step; a condition no
// retry can fix is a non-retryable failure of a type in ACTIVITY_FAILURE_TYPES.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../generated/prisma/client';
import { ACTIVITY_FAILURE_TYPES, type CaseAttention, type CaseEventInput, type CaseState } from '../domain/types';
import { createCalendarActivities } from './calendar';
import { projectCase, recordAttention } from '../store/case-projection';
import type { NotificationChannels } from './notification-channels';
import { createNotificationActivities } from './notifications';
import { createPostActivities } from './posts';
import { createSupportActivities } from './support';

export type { TakeUpPostInput, SettlePostsInput } from './posts';

export interface ActivityDeps {
  prisma: PrismaClient;
}

export interface WorkerActivityDeps extends ActivityDeps {
  /** Where notifications are delivered besides the in-app list; absent → nowhere. */
  notificationChannels?: NotificationChannels;
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
      if (!(await projectCase(prisma, state, event))) {
        throw ApplicationFailure.nonRetryable(`rotation case ${state.id} has no projection row`, ACTIVITY_FAILURE_TYPES.projectionMissing);
      }
    },

    /**
     * Shows on the case's projection that it needs attention (or no longer does), touching nothing
     * else of it: the case's own state may be what the database refused.
     */
    async recordAttention({ caseId, attention, event }: RecordAttentionInput): Promise<void> {
      await recordAttention(prisma, caseId, attention, event);
    },
  };
}

/** Every activity the worker serves: the case's, its posts', its support's, the calendar's and the notifications'. */
export function createWorkerActivities({ prisma, notificationChannels = {} }: WorkerActivityDeps) {
  return { ...createActivities({ prisma }), ...createNotificationActivities({ prisma, channels: notificationChannels }) };
}

export type CaseActivities = ReturnType<typeof createActivities>;
