// The built-in Vietnamese public holidays (Tết Nguyên Đán, Hùng Kings, 30/4, 1/5, 2/9, New Year)
// from date-holidays. Pure, but it carries the holiday data of every country: the API and the
// activities use it, never a workflow (workflows get the calendar through an activity).
import Holidays from 'date-holidays';
import { type DayOff, localDate, shiftDate } from './calendar';

const vietnam = new Holidays('VN');

/** The public holidays of `year`, a day each (Tết is several), in date order. */
export function builtInDaysOff(year: number): DayOff[] {
  const days = new Map<string, string>();
  // A holiday of its own day names it before the span of days off around it (Tết).
  const holidays = vietnam.getHolidays(year).filter((h) => h.type === 'public');
  const span = (h: (typeof holidays)[number]) => h.end.getTime() - h.start.getTime();
  for (const holiday of holidays.sort((a, b) => span(a) - span(b))) {
    const last = localDate(new Date(holiday.end.getTime() - 1));
    for (let date = localDate(holiday.start); date <= last; date = shiftDate(date, 1)) {
      if (date.startsWith(`${year}-`) && !days.has(date)) days.set(date, holiday.name);
    }
  }
  return [...days].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}
