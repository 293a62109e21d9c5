// How a case is written to its projection row and history: shared by the activities that mirror
// the workflow and by the API that records a proposal before its workflow starts.
import { Prisma } from '../generated/prisma/client';
import { localDate, startOfLocalDay } from '../domain/calendar';
import type { CaseEventInput, CaseState } from '../domain/types';

/** The columns that follow the case as it moves; fits both the first insert and later updates. */
export interface ProjectionColumns {
  status: string;
  decidingUnitId: string | null;
  effectiveDate: Date | null;
  stepDueAt: Date | null;
  state: Prisma.InputJsonObject;
  version: number;
}

export function projectionOf(state: CaseState): ProjectionColumns {
  return {
    status: state.status,
    decidingUnitId: state.decidingUnitId,
    effectiveDate: state.effectiveDate === null ? null : calendarDate(state.effectiveDate),
    stepDueAt: state.stepDueAt === null ? null : new Date(state.stepDueAt),
    state: state as unknown as Prisma.InputJsonObject,
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
    detail: event.detail as Prisma.InputJsonObject,
  };
}

/** A DATE column holds the calendar day in Vietnam, whether the case gives a date or an instant. */
function calendarDate(date: string): Date {
  return new Date(`${localDate(startOfLocalDay(date))}T00:00:00Z`);
}
