// Zod pieces shared by the routes' requests and the documented responses: one vocabulary of
// ids, text and dates, so every field refuses what the database or a case could not hold.
import { z } from 'zod';
import { YEAR_RANGE, birthDateRefusal, caseDateRefusal, isCalendarDate, isSaneInstant, normalizeText, textRefusal } from '../domain/input';
import { TEXT_LIMITS } from '../domain/limits';
import { localDate } from '../domain/calendar';
import { PAYMENT_COMPONENTS } from '../domain/types';
import { type Thing, type Wording, refusalText } from '../domain/refusal-texts';

/** The parameter of a custom issue that carries its message in Vietnamese. */
export const VI_MESSAGE = 'vi';

/** A refinement reporting the rule's message (in each language); it ends the field's checks, so each field names one problem. */
function rule(problem: (value: string) => Wording | null) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message: message.en, params: { [VI_MESSAGE]: message.vi }, continue: false });
  };
}

// ---- Ids ----

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The shapes of the ids this service gives out: any other string names nothing. */
export const ID_SHAPES = {
  /** Units, cadres, users, cases, notifications. */
  uuid: new RegExp(`^${UUID}$`),
  /** A follow-up: `<review seq>.<n>`. */
  followUp: /^[1-9]\d{0,3}\.[1-9]\d{0,3}$/,
  /** A payment: `<case id>:<component>:<period>`. */
  payment: new RegExp(`^${UUID}:(${PAYMENT_COMPONENTS.join('|')}):\\d{1,4}$`),
} as const;

/** What an id issue carries so the request validation answers it as the lookup would: `no <what> with this id`. */
export interface UnknownId {
  what: Thing;
  /** 404, or 422 where a rule refuses a record that names nothing (a follow-up's owner). */
  status: 404 | 422;
}
export const UNKNOWN_ID = 'unknownId';

/**
 * An id of `what`: an opaque string. One not of a shape this service gives out names nothing
 * and is refused as an unknown one is, before any lookup.
 */
export function idOf(what: Thing, { shape = ID_SHAPES.uuid, status = 404 }: { shape?: RegExp; status?: UnknownId['status'] } = {}) {
  const unknown: UnknownId = { what, status };
  return z.string().refine((value) => shape.test(value), { message: `no ${what} with this id`, params: { [UNKNOWN_ID]: unknown } });
}

/** `/:id` of `what`. */
export const idParams = (what: Thing) => z.object({ id: idOf(what) });

// ---- Text ----

export type TextKind = keyof typeof TEXT_LIMITS;

/** Text from people, as stored: NFC, trimmed, no control characters but newline and tab, at most the limit of its kind. */
function textOf(kind: TextKind, multiline: boolean) {
  return z
    .string()
    .overwrite(normalizeText)
    .trim()
    .max(TEXT_LIMITS[kind])
    .superRefine(rule((value) => textRefusal(value, { multiline })));
}

/** One line of text, never empty: names, codes, positions, numbers of decisions. */
export const line = (kind: TextKind) => textOf(kind, false).min(1);
/** Text that may span lines, never empty: reasons, actions. */
export const text = (kind: TextKind) => textOf(kind, true).min(1);
/** Text that may span lines, empty when not sent: notes. */
export const optionalText = (kind: TextKind) => textOf(kind, true).default('');

// ---- Dates ----

/** Today's date in Vietnam, where every calendar date of a case is meant. */
export function today(): string {
  return localDate(new Date());
}

/** What a field that is no date is told, in each language. */
export const DATE_INVALID = refusalText('date_invalid');

/** A calendar date, YYYY-MM-DD, that exists, in a year a rotation can have. */
export const calendarDate = z.iso
  .date({ abort: true, error: DATE_INVALID.en })
  .superRefine(rule((value) => (isCalendarDate(value) ? null : refusalText('year_range', YEAR_RANGE))));

/** The day a document was issued: a date that exists, not after today. */
export const pastCalendarDate = calendarDate.superRefine(rule((value) => (value > today() ? refusalText('not_after_today', { today: today() }) : null)));

/** A cadre's birth date: 18 to 80 years before today. */
export const birthDate = calendarDate.superRefine(rule((value) => birthDateRefusal(value, today())));

/** A calendar date of a case (effective dates, due dates): within ten years of today. */
export const caseDate = calendarDate.superRefine(rule((value) => caseDateRefusal(value, today())));

/** A calendar date or a full ISO 8601 instant with offset, in a year a rotation can have. */
export const dateOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be a date (YYYY-MM-DD) or an instant with its offset (2026-12-01T08:00:00+07:00)' })
  .superRefine(rule((value) => (isSaneInstant(value) ? null : refusalText('year_range', YEAR_RANGE))));

/** The day in Vietnam of a date or an instant. */
function dayOf(value: string): string {
  return value.length === 10 ? value : localDate(value);
}

/** When something in a case happened (held, paid, raised): a date or an instant within ten years of today. */
export const caseDateOrInstant = dateOrInstant.superRefine(rule((value) => caseDateRefusal(dayOf(value), today())));

/** When something in a case happened, no later than today. */
export const pastCaseDateOrInstant = caseDateOrInstant.superRefine(rule((value) => (dayOf(value) > today() ? refusalText('not_after_today', { today: today() }) : null)));

// ---- Answers ----

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    rule: z.string().optional().meta({ description: 'The rule that refuses it, where it has a name (`own_case`, `committee_size`, ...).' }),
  })
  .meta({ id: 'Problem' });

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** `?q=` of the lists searched by name: in any case, with or without diacritics. */
export const nameSearchQuery = {
  q: z
    .string()
    .trim()
    .min(1)
    .max(TEXT_LIMITS.name)
    .optional()
    .meta({ description: 'Part of the name, in any case, with or without diacritics ("nguyen van" finds "Nguyễn Văn").' }),
};
