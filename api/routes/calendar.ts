// The working calendar deadlines are counted on: the built-in Vietnamese public holidays, and
// what an admin records of each year (the government's days off, the Saturdays worked instead).
import { z } from 'zod';
import { CALENDAR_YEARS, isWeekend } from '../../domain/calendar';
import { readCalendarYears, recordCalendarYear } from '../../store/calendar';
import { endpoint } from '../endpoint';
import { calendarDate, checkMessage, customIssue, line } from '../schemas';
import { refusalText } from '../../domain/refusal-texts';
import { requireGlobalRole } from '../scope';

const yearParams = z.object({
  year: z.coerce
    .number({ error: checkMessage(refusalText('not_a_year')) })
    .int({ error: checkMessage(refusalText('not_a_year')) })
    .min(CALENDAR_YEARS.min, { error: checkMessage(refusalText('calendar_year_range', CALENDAR_YEARS)) })
    .max(CALENDAR_YEARS.max, { error: checkMessage(refusalText('calendar_year_range', CALENDAR_YEARS)) }),
});

const dayOff = z.object({ date: z.string(), name: z.string() });
const calendarYearSchema = z
  .object({
    year: z.number().int(),
    daysOff: z.array(dayOff).meta({ description: 'The built-in public holidays and the days off an admin recorded, in date order.' }),
    workingDays: z.array(z.string()).meta({ description: 'Weekend days worked instead of a day off (swapped working Saturdays).' }),
  })
  .meta({ id: 'CalendarYear' });

export const calendarEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/calendar/:year',
    summary: 'The working calendar of a year: days off (built-in holidays and recorded ones) and swapped working days',
    description: "For any signed-in user. Returns the year's days off (built-in and recorded holidays) and swapped working days, which deadlines are counted with.",
    tag: 'reference data',
    request: z.object({ params: yearParams }),
    success: { status: 200, description: 'The year', schema: calendarYearSchema },
    problems: [],
    async handle({ params }, { deps: { prisma } }) {
      const [year] = await readCalendarYears(prisma, [params.year]);
      return year;
    },
  }),

  endpoint({
    method: 'put',
    path: '/v1/calendar/:year',
    summary: "Record a year's days off and swapped working days (global admin); deadlines counted from now on use them",
    description: "For a global admin (role admin on no unit). Replaces the year's recorded days off and swapped working days; deadlines counted from then on use them.",
    tag: 'reference data',
    request: z
      .object({
        params: yearParams,
        body: z.object({
          daysOff: z.array(z.object({ date: calendarDate, name: line('name') })).max(100),
          workingDays: z.array(calendarDate).max(60),
        }),
      })
      .superRefine(({ params, body }, ctx) => {
        const inYear = (date: string) => date.startsWith(`${params.year}-`);
        body.daysOff.forEach((d, i) => {
          if (!inYear(d.date)) ctx.addIssue(customIssue(refusalText('day_of_year', { year: params.year }), ['body', 'daysOff', i, 'date']));
          else if (body.daysOff.findIndex((o) => o.date === d.date) !== i) ctx.addIssue(customIssue(refusalText('listed_twice'), ['body', 'daysOff', i, 'date']));
        });
        body.workingDays.forEach((date, i) => {
          const path = ['body', 'workingDays', i];
          if (!inYear(date)) ctx.addIssue(customIssue(refusalText('day_of_year', { year: params.year }), path));
          else if (!isWeekend(date)) ctx.addIssue(customIssue(refusalText('swapped_day_weekend'), path));
          else if (body.daysOff.some((d) => d.date === date)) ctx.addIssue(customIssue(refusalText('also_day_off'), path));
        });
      }),
    success: { status: 200, description: 'The year as deadlines now count it', schema: calendarYearSchema },
    problems: [403],
    async handle({ params, body }, { user, deps: { prisma } }) {
      requireGlobalRole(user, ['admin']);
      const daysOff = [...body.daysOff].sort((a, b) => a.date.localeCompare(b.date));
      const workingDays = [...new Set(body.workingDays)].sort();
      await recordCalendarYear(prisma, params.year, { daysOff, workingDays }, user.id);
      const [year] = await readCalendarYears(prisma, [params.year]);
      return year;
    },
  }),
];
