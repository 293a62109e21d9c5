// Activities of the support workflow: the plan from the policy in force on the signing date, and
// each change of the support, written through store/support.ts (keyed, so safe on retry).
import { supportPlan } from '../domain/support';
import type { SupportChange, SupportInput, SupportPlan } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import { readSupportPlanning, recordSupportChange, storeSupportPlan } from '../store/support';

export interface SupportChangeInput {
  caseId: string;
  change: SupportChange;
}

export function createSupportActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Plans the support from the policy in force on the signing date and stores it; answers the
     * stored plan, so the first plan stands even when a newer policy version appears before a
     * retry. A support stored without a policy is planned again once one is in force on that
     * date (a policy saved later).
     */
    async planSupport(input: SupportInput): Promise<SupportPlan> {
      const { policies, nextSalaryRaiseDate, route } = await readSupportPlanning(prisma, input);
      return storeSupportPlan(prisma, input.caseId, supportPlan(policies, { ...input, nextSalaryRaiseDate, ...(route ? { route } : {}) }));
    },

    async recordSupportChange({ caseId, change }: SupportChangeInput): Promise<void> {
      await recordSupportChange(prisma, caseId, change);
    },
  };
}

export type SupportActivities = ReturnType<typeof createSupportActivities>;
