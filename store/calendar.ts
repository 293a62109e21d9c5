// The working calendar as the database and the built-in holidays give it: read by the API (to
// show a year, to count a new case's first deadline) and by the case workflow's loadCalendar activity.
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

/** Records what an admin gives of `year`, in place of what was recorded before. */
export async function recordCalendarYear(
  prisma: Pick<PrismaClient, 'calendarYear'>,
  year: number,
  { daysOff, workingDays }: { daysOff: { date: string; name: string }[]; workingDays: string[] },
  userId: string,
): Promise<void> {
  await prisma.calendarYear.upsert({
    where: { year },
    create: { year, daysOff, workingDays, updatedBy: userId },
    update: { daysOff, workingDays, updatedBy: userId },
  });
}
