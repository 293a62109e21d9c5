// What text and dates people may put into a case: the API's schemas and the workflow's update
// validators apply the same rules, so nothing the database would refuse ever reaches a write.
// Pure functions, safe inside the workflow sandbox.
import { type Wording, refusalText } from './refusal-texts';

/**
 * C0 controls but tab (U+0009) and newline (U+000A), DEL and the C1 controls; U+0000 among them,
 * which PostgreSQL refuses in text and jsonb.
 */
const CONTROL = /(?![\t\n])\p{Cc}/u;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextRules {
  /** Whether the text may span lines (notes, reasons); names, codes and numbers may not. */
  multiline?: boolean;
}

/** Why `value` is not acceptable text, or null when it is. The value is taken as already NFC-normalised. */
export function textProblem(value: string, rules: TextRules = {}): string | null {
  return textRefusal(value, rules)?.en ?? null;
}

/** `textProblem` in each language. */
export function textRefusal(value: string, { multiline = true }: TextRules = {}): Wording | null {
  if (LONE_SURROGATE.test(value)) return refusalText('unpaired_surrogate');
  const control = CONTROL.exec(value);
  if (control) return refusalText('control_character', { code: control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') });
  if (!multiline && LINE_BREAK.test(value)) return refusalText('single_line');
  return null;
}

/** Text as it is stored: Unicode NFC (Vietnamese typed as combining marks and as precomposed letters compare equal). */
export function normalizeText(value: string): string {
  return value.normalize('NFC');
}

/** The first string anywhere in `value` that is not acceptable text, with its path ("concerns.0.note"); null when none. */
export function firstTextProblem(value: unknown): { path: string; problem: string } | null {
  const found = firstTextRefusal(value);
  return found ? { path: found.path, problem: found.refusal.en } : null;
}

/** `firstTextProblem` with its refusal in each language. */
export function firstTextRefusal(value: unknown, path: readonly (string | number)[] = []): { path: string; refusal: Wording } | null {
  if (typeof value === 'string') {
    const refusal = textRefusal(value);
    return refusal ? { path: path.join('.'), refusal } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstTextRefusal(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = firstTextRefusal(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** What PostgreSQL refuses to store in text and jsonb: U+0000 and unpaired surrogates. */
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g');

/**
 * `value` with every string in it made storable (what PostgreSQL refuses replaced by U+FFFD): for
 * texts a case accepted before these rules, whose writes the database refuses.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, storable(item)])) as T;
  return value;
}

// ---- Dates ----

/**
 * Years a date may have at all: PostgreSQL and JavaScript both hold far more, but nothing in a
 * rotation happens outside them, and a date outside is a typing error or an attack.
 */
export const YEAR_RANGE = { min: 1900, max: 2200 } as const;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether YYYY-MM-DD names a day that exists (no 30 February), within YEAR_RANGE. */
export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether an ISO instant or calendar date parses and falls within YEAR_RANGE. */
export function isSaneInstant(value: string): boolean {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= YEAR_RANGE.min && year <= YEAR_RANGE.max;
}

/** Whole calendar years from `birthDate` to `on` (both YYYY-MM-DD): someone's age on that day. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The calendar date `years` whole years before `date` (both YYYY-MM-DD); 29 February falls to the 28th. */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** How many years before the day they are entered a cadre may have been born: adults of working age. */
const BIRTH_YEARS_AGO = { min: 18, max: 80 } as const;

/** Why `birthDate` (a calendar date) cannot be a cadre's on `today`, or null when it can. */
export function birthDateProblem(birthDate: string, today: string): string | null {
  return birthDateRefusal(birthDate, today)?.en ?? null;
}

/** `birthDateProblem` in each language. */
export function birthDateRefusal(birthDate: string, today: string): Wording | null {
  const latest = yearsBefore(today, BIRTH_YEARS_AGO.min);
  const earliest = yearsBefore(today, BIRTH_YEARS_AGO.max);
  if (birthDate > latest) return refusalText('birth_date_too_late', { years: BIRTH_YEARS_AGO.min, day: latest });
  if (birthDate < earliest) return refusalText('birth_date_too_early', { years: BIRTH_YEARS_AGO.max, day: earliest });
  return null;
}

/** How far from today, either way, the dates of a case may lie: a term with its extensions stays well within. */
const CASE_DATE_YEARS = 10;

/** Why `day` (a calendar date) cannot be a date of a case on `today`, or null when it can. */
export function caseDateProblem(day: string, today: string): string | null {
  return caseDateRefusal(day, today)?.en ?? null;
}

/** `caseDateProblem` in each language. */
export function caseDateRefusal(day: string, today: string): Wording | null {
  const earliest = yearsBefore(today, CASE_DATE_YEARS);
  const latest = yearsBefore(today, -CASE_DATE_YEARS);
  if (day < earliest || day > latest) return refusalText('case_date_range', { years: CASE_DATE_YEARS, from: earliest, to: latest });
  return null;
}
