// A case's projection row as the API writes it when the case is proposed, for tests of the
// activities that write to it afterwards.
import type { CaseState } from '../../domain/types';
import type { PrismaClient } from '../../generated/prisma/client';

export async function insertProposedCase(prisma: PrismaClient, state: CaseState, createdBy: string): Promise<void> {
  await prisma.rotationCase.create({
    data: {
      id: state.id,
      workflowId: `rotation-${state.id}`,
      cadreId: state.cadreId,
      fromUnitId: state.fromUnitId,
      toUnitId: state.toUnitId,
      position: state.position,
      status: state.status,
      nonLocalSecretary: state.nonLocalSecretary,
      termMonths: state.termMonths,
      reviewIntervalMonths: state.reviewIntervalMonths,
      reason: state.reason,
      stepDueAt: state.stepDueAt === null ? null : new Date(state.stepDueAt),
      state: state as object,
      version: state.version,
      createdBy,
    },
  });
}
