// Keyset pagination over (createdAt, id): the cursor is an opaque token naming the last row sent.
// A token that does not decode to what this API gives out is refused before it reaches a query.
import { z } from 'zod';
import { isSaneInstant } from '../domain/input';
import { ID_SHAPES, customIssue } from './schemas';
import { refusalText } from '../domain/refusal-texts';

export interface Keyset {
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function encodeCursor(row: Keyset): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset | null {
  const key = decodeKeyCursor(cursor, ['instant', 'id']);
  return key && { createdAt: new Date(key[0]), id: key[1] as string };
}

/** The longest cursor this API gives out, with room to spare; anything longer is forged. */
export const MAX_CURSOR_LENGTH = 512;

function cursorOf<K>(decode: (cursor: string) => K | null) {
  return z
    .string()
    .max(MAX_CURSOR_LENGTH)
    .transform((cursor, ctx) => decode(cursor) ?? (ctx.addIssue(customIssue(refusalText('cursor_invalid'))), z.NEVER))
    .optional();
}

/** `?limit=&cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: cursorOf(decodeCursor),
};

/** Rows strictly after the cursor in (createdAt, id) order, as a Prisma `where`. */
export function after(cursor: Keyset | undefined) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] };
}

/** Rows in the order pages are cut. */
export const pageOrder = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** Cuts a page from `limit + 1` rows fetched in page order. */
export function pageOf<T extends Keyset, V>(rows: T[], limit: number, view: (row: T) => V): Page<V> {
  const items = rows.slice(0, limit);
  return { items: items.map(view), nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
}

/** Order of lists that show the newest rows first. */
export const newestFirstOrder = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Rows strictly after the cursor in newest-first order, as a Prisma `where`. */
export function olderThan(cursor: Keyset | undefined) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
}

/** A sort key of strings and numbers; lists not cut on (createdAt, id) page on their own. */
export type SortKey = readonly (string | number)[];

/** What a part of a sort key may be: an ISO instant, an id, a bounded string or a bounded number. */
type KeyPart = 'instant' | 'id' | 'string' | 'number';
const KEY_PARTS: Record<KeyPart, (part: unknown) => boolean> = {
  instant: (part) => typeof part === 'string' && part.length <= 40 && isSaneInstant(part),
  id: (part) => typeof part === 'string' && ID_SHAPES.uuid.test(part),
  string: (part) => typeof part === 'string' && part.length <= 200,
  number: (part) => typeof part === 'number' && Number.isFinite(part) && Math.abs(part) <= 1e9,
};

export function encodeKeyCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor names, if it has the parts `shape` says; null for anything else. */
export function decodeKeyCursor(cursor: string, shape: readonly KeyPart[]): (string | number)[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== shape.length) return null;
    return value.every((part, i) => KEY_PARTS[shape[i]](part)) ? (value as (string | number)[]) : null;
  } catch {
    return null;
  }
}

/** `?limit=&cursor=` of a list cut on its own sort key, whose parts have the types in `shape`. */
export function keyPageQuery(shape: readonly KeyPart[]) {
  return {
    limit: pageQuery.limit,
    cursor: cursorOf((cursor) => decodeKeyCursor(cursor, shape)),
  };
}

/**
 * A page of `items` already in `key` order: those strictly after the cursor's key, `limit` of
 * them, and the cursor of the next page.
 */
export function pageByKey<T, V>(items: readonly T[], key: (item: T) => SortKey, after: SortKey | undefined, limit: number, view: (item: T) => V): Page<V> {
  const rest = after === undefined ? items : items.filter((item) => compareKeys(key(item), after) > 0);
  const page = rest.slice(0, limit);
  return { items: page.map(view), nextCursor: rest.length > limit ? encodeKeyCursor(key(page[page.length - 1])) : null };
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}
