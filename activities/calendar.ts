// The case workflow reads the working calendar through the loadCalendar activity, so that its
// deadlines are counted on the calendar of the moment and replay the same.
import type { WorkingCalendar } from '../domain/calendar';
import type { PrismaClient } from '../generated/prisma/client';
import { readWorkingCalendar } from '../store/calendar';

export function createCalendarActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** The working calendar of `years` as it stands now. */
    async loadCalendar({ years }: { years: number[] }): Promise<WorkingCalendar> {
      return readWorkingCalendar(prisma, years);
    },
  };
}
