// How a case is written to its projection row and history: by the activities that mirror the
// workflow, and by the proposal (./proposals) before its workflow starts.
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { localDate, startOfLocalDay } from '../domain/calendar';
import { type CaseAttention, type CaseEventInput, type CaseState, ENDED_STATUSES } from '../domain/types';
import { withoutBallotSecrets, withoutChoices } from '../domain/vote';

/** The columns that follow the case as it moves; fits both the first insert and later updates. */
export interface ProjectionColumns {
  status: string;
  decidingUnitId: string | null;
  effectiveDate: Date | null;
  stepDueAt: Date | null;
  state: Prisma.InputJsonObject;
  version: number;
}

/** A secret ballot: the row keeps who voted, never how, whatever an older run of the workflow handed over. */
export function projectionOf(state: CaseState): ProjectionColumns {
  const shown = state.votes ? { ...state, votes: withoutChoices(state.votes) } : state;
  return {
    status: state.status,
    decidingUnitId: state.decidingUnitId,
    effectiveDate: state.effectiveDate === null ? null : calendarDate(state.effectiveDate),
    stepDueAt: state.stepDueAt === null ? null : new Date(state.stepDueAt),
    state: shown as unknown as Prisma.InputJsonObject,
    version: state.version,
  };
}

export function eventRow(caseId: string, event: CaseEventInput): Prisma.CaseEventCreateManyInput {
  return {
    id: `${caseId}:${event.seq}`,
    caseId,
    seq: event.seq,
    at: new Date(event.at),
    actorUserId: event.actor?.userId ?? null,
    actorUsername: event.actor?.username ?? null,
    onBehalfOf: event.onBehalfOf ? (event.onBehalfOf as unknown as Prisma.InputJsonObject) : Prisma.DbNull,
    action: event.action,
    detail: withoutBallotSecrets(event.action, event.detail) as Prisma.InputJsonObject,
  };
}

/**
 * Mirrors the case into its projection row, unless a newer version is there, and appends its
 * history event; false when the case has no projection row (and nothing was written).
 */
export async function projectCase(prisma: PrismaClient, state: CaseState, event: CaseEventInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.rotationCase.updateMany({
      where: { id: state.id, version: { lt: state.version } },
      data: projectionOf(state),
    });
    // Nothing updated is normal for a retry; a missing row is not, and must not get orphan events.
    if (updated.count === 0 && !(await tx.rotationCase.findUnique({ where: { id: state.id }, select: { id: true } }))) return false;
    await tx.caseEvent.createMany({ data: [eventRow(state.id, event)], skipDuplicates: true });
    if (ENDED_STATUSES.includes(state.status)) {
      await tx.openCase.deleteMany({ where: { caseId: state.id } });
    }
    return true;
  });
}

/** Sets (null: clears) the case's attention in its projection, touching nothing else of it, with the history event that says so. */
export async function recordAttention(prisma: PrismaClient, caseId: string, attention: CaseAttention | null, event?: CaseEventInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "RotationCase" SET state = jsonb_set(state, '{attention}', ${JSON.stringify(attention)}::jsonb) WHERE id = ${caseId}`;
    if (event) await tx.caseEvent.createMany({ data: [eventRow(caseId, event)], skipDuplicates: true });
  });
}

/** A DATE column holds the calendar day in Vietnam, whether the case gives a date or an instant. */
function calendarDate(date: string): Date {
  return new Date(`${localDate(startOfLocalDay(date))}T00:00:00Z`);
}
