// Activities of the posts a rotated cadre holds, written through store/posts.ts (the same rows
// however often they run). A post kept for another case, or a settlement that cannot be carried
// out, fails for good: no retry can change it.
import { ApplicationFailure } from '@temporalio/activity';
import { ACTIVITY_FAILURE_TYPES } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import { InvalidSettlement, PostRetained, type SettlePostsInput, type TakeUpPostInput, settlePosts, takeUpPost } from '../store/posts';

export type { SettlePostsInput, TakeUpPostInput } from '../store/posts';

export function createPostActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async takeUpPost(input: TakeUpPostInput): Promise<void> {
      await forGoodWhenRefused(() => takeUpPost(prisma, input));
    },

    async settlePosts(input: SettlePostsInput): Promise<void> {
      await forGoodWhenRefused(() => settlePosts(prisma, input));
    },
  };
}

export type PostActivities = ReturnType<typeof createPostActivities>;

/** The store's refusals as non-retryable failures with their type; anything else is retried. */
async function forGoodWhenRefused(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    // Not retried: the post frees up only when the other case ends, and an organizer then retries the step.
    if (error instanceof PostRetained) throw ApplicationFailure.nonRetryable(error.message, ACTIVITY_FAILURE_TYPES.positionRetained);
    if (error instanceof InvalidSettlement) throw ApplicationFailure.nonRetryable(error.message, ACTIVITY_FAILURE_TYPES.invalidSettlement);
    throw error;
  }
}
