import {
  addDays,
  addMonths,
  addWorkingDays,
  calendarDay,
  dayStartAfterMonths,
  endOfWorkingDay,
  isWorkingDay,
  localDate,
  startOfLocalDay,
  subtractWorkingDays,
  wholeDaysBetween,
  workingCalendar,
  workingDayDeadline,
  workingDaysAfterDate,
  workingDaysBefore,
  WEEKENDS_ONLY,
  yearsFrom,
} from '../../domain/calendar';
import { builtInDaysOff } from '../../domain/holidays';

const builtIn = (year: number) => workingCalendar([{ year, daysOff: builtInDaysOff(year), workingDays: [] }]);

describe('dates in Vietnam', () => {
  test('a calendar day begins at 00:00 in Vietnam (17:00 UTC the day before), and an instant has its day there', () => {
    expect(startOfLocalDay('2027-06-01')).toBe('2027-05-31T17:00:00.000Z');
    expect(localDate('2027-05-31T17:00:00Z')).toBe('2027-06-01');
    expect(localDate('2027-05-31T16:59:59Z')).toBe('2027-05-31');
    expect(calendarDay('2027-06-01')).toBe('2027-06-01');
    expect(calendarDay('2027-05-31T17:30:00Z')).toBe('2027-06-01');
  });

  test('months clamp to the end of the month, counted on the Vietnamese day', () => {
    expect(addMonths('2026-01-31', 1).slice(0, 10)).toBe('2026-02-28');
    expect(dayStartAfterMonths('2026-03-31', 6)).toBe(startOfLocalDay('2026-09-30'));
    expect(addDays('2026-01-01T00:00:00Z', 14)).toBe('2026-01-15T00:00:00.000Z');
    expect(wholeDaysBetween('2026-01-01T00:00:00Z', '2026-01-08T12:00:00Z')).toBe(7);
    expect(wholeDaysBetween('2026-01-08T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(0);
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths('2025-01-31T00:00:00.000Z', 1)).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths('2024-01-31T00:00:00.000Z', 1)).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonths('2024-02-29T00:00:00.000Z', 12)).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths('2025-08-31T10:00:00.000Z', 6)).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths('2025-11-15T00:00:00.000Z', 3)).toBe('2026-02-15T00:00:00.000Z');
  });
  it('starts a calendar date at midnight in Vietnam', () => {
    expect(startOfLocalDay('2026-01-01')).toBe('2025-12-31T17:00:00.000Z');
    expect(startOfLocalDay('2026-01-01T08:00:00Z')).toBe('2026-01-01T08:00:00.000Z');
    expect(localDate('2025-12-31T17:00:00.000Z')).toBe('2026-01-01');
    expect(localDate('2025-12-31T16:59:59.000Z')).toBe('2025-12-31');
  });
});

describe('the built-in holidays', () => {
  test('Tết 2027 is 5 to 9 February, with New Year, Hùng Kings, 30/4, 1/5 and 2/9', () => {
    expect(builtInDaysOff(2027).map((d) => d.date)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      '2027-09-02',
    ]);
    expect(builtInDaysOff(2027).find((d) => d.date === '2027-02-06')?.name).toBe('Tết Nguyên Đán');
  });
});

describe('working days', () => {
  test('weekends are not working days; a swapped Saturday is, and a day off is not', () => {
    const calendar = workingCalendar([{ year: 2026, daysOff: [{ date: '2026-01-02', name: 'Nghỉ bù' }], workingDays: ['2026-01-10'] }]);
    expect(isWorkingDay(WEEKENDS_ONLY, '2026-01-03')).toBe(false);
    expect(isWorkingDay(WEEKENDS_ONLY, '2026-01-05')).toBe(true);
    expect(isWorkingDay(calendar, '2026-01-02')).toBe(false);
    expect(isWorkingDay(calendar, '2026-01-10')).toBe(true);
  });

  test('n working days after a day skip weekends, and the day itself does not count', () => {
    // Monday 1 June 2026: 7 working days end on Wednesday 10 June.
    expect(addWorkingDays(WEEKENDS_ONLY, '2026-06-01', 7)).toBe('2026-06-10');
    // From a Saturday, Monday is the first.
    expect(addWorkingDays(WEEKENDS_ONLY, '2026-06-06', 1)).toBe('2026-06-08');
    expect(addWorkingDays(WEEKENDS_ONLY, '2026-06-06', 0)).toBe('2026-06-08');
    expect(subtractWorkingDays(WEEKENDS_ONLY, '2026-06-10', 2)).toBe('2026-06-08');
    expect(subtractWorkingDays(WEEKENDS_ONLY, '2026-06-08', 1)).toBe('2026-06-05');
  });

  test('a deadline over Tết 2027 skips it: opened Wednesday 3 February, 7 working days end on Wednesday 17 February', () => {
    const calendar = builtIn(2027);
    expect(addWorkingDays(WEEKENDS_ONLY, '2027-02-03', 7)).toBe('2027-02-12');
    expect(addWorkingDays(calendar, '2027-02-03', 7)).toBe('2027-02-17');
    const due = workingDayDeadline(calendar, '2027-02-03T02:00:00Z', 7);
    expect(due).toBe('2027-02-17T10:00:00.000Z');
    expect(localDate(due)).toBe('2027-02-17');
    // The reminder 2 working days before: Monday 15 February, at the same hour.
    expect(workingDaysBefore(calendar, due, 2)).toBe('2027-02-15T10:00:00.000Z');
    // A reminder 3 working days before a deadline just after Tết falls before it.
    expect(workingDaysBefore(calendar, endOfWorkingDay('2027-02-11'), 3)).toBe('2027-02-03T10:00:00.000Z');
    expect(workingDaysBefore(calendar, due, 0)).toBeNull();
  });

  test('no deadline lands on a day off: a payment due on Tết has its days counted from the next working day', () => {
    expect(workingDaysAfterDate(builtIn(2027), '2027-02-06', 0)).toBe(endOfWorkingDay('2027-02-10'));
    expect(workingDaysAfterDate(builtIn(2027), '2027-02-06', 5)).toBe(endOfWorkingDay('2027-02-16'));
  });

  test("an admin's days off and swapped Saturdays move a deadline", () => {
    const recorded = workingCalendar([
      {
        year: 2027,
        daysOff: [...builtInDaysOff(2027), { date: '2027-02-04', name: 'Nghỉ Tết (Quyết định của Thủ tướng)' }, { date: '2027-02-10', name: 'Nghỉ Tết' }],
        workingDays: ['2027-02-20'],
      },
    ]);
    // Thursday 4 and Wednesday 10 off, Saturday 20 worked: 7 working days from 3 February are 11, 12, 15, 16, 17, 18, 19.
    expect(addWorkingDays(recorded, '2027-02-03', 7)).toBe('2027-02-19');
    expect(addWorkingDays(recorded, '2027-02-03', 8)).toBe('2027-02-20');
  });

  test('a calendar covers the year a deadline is counted from and the two after it', () => {
    expect(yearsFrom('2026-12-31T18:00:00Z')).toEqual([2027, 2028, 2029]);
  });
});
