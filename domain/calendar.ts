// Every date computation of the service: instants and calendar days in Vietnam (UTC+7, no
// daylight saving), months on the calendar day, and working days on the Vietnamese calendar
// (weekends, Tết and the public holidays, and the days off and swapped working days an admin
// records). Pure functions over a calendar value, no I/O, safe inside the workflow sandbox: the
// built-in holidays are looked up outside it (domain/holidays.ts).

const DAY_MS = 24 * 60 * 60 * 1000;

/** Local government works on Vietnam time (UTC+7, no daylight saving). */
export const VN_OFFSET = '+07:00';
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

export function addDays(iso: string | Date, days: number): string {
  return new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
}

/** Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). UTC. */
export function addMonths(iso: string | Date, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a calendar date (YYYY-MM-DD) begins in Vietnam; full timestamps pass through. */
export function startOfLocalDay(date: string): string {
  return DATE_ONLY.test(date) ? new Date(`${date}T00:00:00${VN_OFFSET}`).toISOString() : new Date(date).toISOString();
}

/** The calendar date (YYYY-MM-DD) of an instant, in Vietnam. */
export function localDate(instant: string | Date): string {
  return new Date(new Date(instant).getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar day in Vietnam of a date or an instant. */
export function calendarDay(dateOrInstant: string): string {
  return localDate(startOfLocalDay(dateOrInstant));
}

/**
 * The start of the Vietnamese day `months` after `date`'s day. Months are counted on the
 * Vietnamese calendar day, not on its UTC instant (the day before, 17:00), so that 31 Mar + 6
 * months is 30 Sep and not 1 Oct.
 */
export function dayStartAfterMonths(date: string, months: number): string {
  return startOfLocalDay(addMonths(calendarDay(date), months).slice(0, 10));
}

/** How many whole days `to` is after `from` (0 when it is not after). */
export function wholeDaysBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS));
}

/** The calendar day `days` after `date` (YYYY-MM-DD; negative goes back). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

// ---- Working days ----

/** A day off that is not a weekend day, with its name as the calendar shows it. */
export interface DayOff {
  /** YYYY-MM-DD */
  date: string;
  name: string;
}

/**
 * The working calendar over some years: the days off besides weekends (public holidays and the
 * days off an admin records) and the weekend days worked instead (swapped working Saturdays).
 * Outside these lists a weekday is a working day and a weekend day is not.
 */
export interface WorkingCalendar {
  /** The years the lists cover, ascending. */
  years: number[];
  /** YYYY-MM-DD, ascending. */
  daysOff: string[];
  /** YYYY-MM-DD, ascending. */
  workingDays: string[];
}

/** The years an admin may keep a calendar for. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

/** Weekends only: what the calendar is where nothing else is known. */
export const WEEKENDS_ONLY: WorkingCalendar = { years: [], daysOff: [], workingDays: [] };

/** The days of a year, as an admin keeps them, merged with the built-in holidays into a calendar. */
export function workingCalendar(years: readonly { year: number; daysOff: readonly DayOff[]; workingDays: readonly string[] }[]): WorkingCalendar {
  const sorted = (dates: Iterable<string>) => [...new Set(dates)].sort();
  return {
    years: [...new Set(years.map((y) => y.year))].sort((a, b) => a - b),
    daysOff: sorted(years.flatMap((y) => y.daysOff.map((d) => d.date))),
    workingDays: sorted(years.flatMap((y) => y.workingDays)),
  };
}

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  if (calendar.workingDays.includes(date)) return true;
  return !isWeekend(date) && !calendar.daysOff.includes(date);
}

/** The `n`-th working day after `date` (n ≥ 1); for n = 0, `date` itself if it is one, else the next. */
export function addWorkingDays(calendar: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('a number of working days is a whole number, 0 or more');
  let day = date;
  if (n === 0) {
    while (!isWorkingDay(calendar, day)) day = shiftDate(day, 1);
    return day;
  }
  for (let counted = 0; counted < n;) {
    day = shiftDate(day, 1);
    if (isWorkingDay(calendar, day)) counted++;
  }
  return day;
}

/** The `n`-th working day before `date` (n ≥ 1). */
export function subtractWorkingDays(calendar: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('a number of working days to go back is a whole number, 1 or more');
  let day = date;
  for (let counted = 0; counted < n;) {
    day = shiftDate(day, -1);
    if (isWorkingDay(calendar, day)) counted++;
  }
  return day;
}

/** Offices close at 17:00: a deadline falls at the end of its working day. */
const END_OF_WORKING_DAY = '17:00';

/** The instant a working day (YYYY-MM-DD) ends in Vietnam. */
export function endOfWorkingDay(date: string): string {
  return new Date(`${date}T${END_OF_WORKING_DAY}:00${VN_OFFSET}`).toISOString();
}

/**
 * The deadline of a step opened at `openedAt` with `n` working days: the end of the `n`-th
 * working day after the day it opened (the day of opening does not count).
 */
export function workingDayDeadline(calendar: WorkingCalendar, openedAt: string, n: number): string {
  return endOfWorkingDay(addWorkingDays(calendar, localDate(openedAt), n));
}

/** The deadline `n` working days after a calendar day (a payment's due date): the end of that working day. */
export function workingDaysAfterDate(calendar: WorkingCalendar, date: string, n: number): string {
  return endOfWorkingDay(addWorkingDays(calendar, calendarDay(date), n));
}

/** `n` working days before a deadline, at the same hour; null for n = 0 (no reminder). */
export function workingDaysBefore(calendar: WorkingCalendar, deadline: string, n: number): string | null {
  if (n === 0) return null;
  const day = subtractWorkingDays(calendar, localDate(deadline), n);
  return new Date(Date.parse(startOfLocalDay(day)) + (Date.parse(deadline) - Date.parse(startOfLocalDay(localDate(deadline))))).toISOString();
}

/** The years a calendar must cover for deadlines counted from `instant`: its year and the next two. */
export function yearsFrom(instant: string): number[] {
  const year = Number(localDate(instant).slice(0, 4));
  return [year, year + 1, year + 2];
}
