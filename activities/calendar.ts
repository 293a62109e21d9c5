// The working calendar as the database and the built-in holidays give it: read by the API (to
// show a year, to count a new case's first deadline) and by the case workflow through the
// loadCalendar activity, so that its deadlines are counted on the calendar of the moment and
// replay the same.
import type { DayOff, WorkingCalendar } from '../domain/calendar';
import { workingCalendar } from '../domain/calendar';
import { builtInDaysOff } from '../domain/holidays';
import type { PrismaClient } from '../generated/prisma/client';

/** A year of the calendar: the built-in holidays with the days off an admin recorded, and the swapped working days. */
export interface CalendarYearView {
  year: number;
  daysOff: DayOff[];
  workingDays: string[];
}

/** What an admin recorded for `years`, with the built-in holidays. */
export async function readCalendarYears(prisma: Pick<PrismaClient, 'calendarYear'>, years: readonly number[]): Promise<CalendarYearView[]> {
  const rows = await prisma.calendarYear.findMany({ where: { year: { in: [...years] } } });
  const recorded = new Map(rows.map((r) => [r.year, r]));
  return years.map((year) => {
    const row = recorded.get(year);
    const own = (row?.daysOff ?? []) as unknown as DayOff[];
    const builtIn = builtInDaysOff(year).filter((d) => !own.some((o) => o.date === d.date));
    return {
      year,
      daysOff: [...builtIn, ...own].sort((a, b) => a.date.localeCompare(b.date)),
      workingDays: [...((row?.workingDays ?? []) as unknown as string[])].sort(),
    };
  });
}

export async function readWorkingCalendar(prisma: Pick<PrismaClient, 'calendarYear'>, years: readonly number[]): Promise<WorkingCalendar> {
  return workingCalendar(await readCalendarYears(prisma, years));
}

export function createCalendarActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** The working calendar of `years` as it stands now. */
    async loadCalendar({ years }: { years: number[] }): Promise<WorkingCalendar> {
      return readWorkingCalendar(prisma, years);
    },
  };
}
