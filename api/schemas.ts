// Zod pieces shared by the routes' requests and the documented responses.
import { z } from 'zod';

/**
 * Ids are opaque: any non-empty string; one that names nothing is a 404, not a 400, whatever its
 * length (the URL and body size limits bound it).
 */
export const id = z.string().min(1);
export const idParams = z.object({ id });

/** Free text from people: trimmed, never empty. Vietnamese passes through untouched. */
export const text = (max = 2000) => z.string().trim().min(1).max(max);
export const optionalText = (max = 2000) => z.string().trim().max(max).default('');

/** A calendar date, YYYY-MM-DD, that exists. */
export const calendarDate = z.iso.date();
/** A calendar date or a full ISO 8601 instant with offset. */
export const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A DATE column's value as YYYY-MM-DD. */
export function dateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** YYYY-MM-DD as the Date a DATE column stores. */
export function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
