// Keyset pagination over (createdAt, id): the cursor is an opaque token naming the last row sent.
import { z } from 'zod';

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
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') return null;
    const createdAt = new Date(value[0]);
    return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: value[1] };
  } catch {
    return null;
  }
}

/** `?limit=&cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .transform((cursor, ctx) => decodeCursor(cursor) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave out' }), z.NEVER))
    .optional(),
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
type KeyPart = 'string' | 'number';

export function encodeKeyCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor names, if it has the parts `shape` says; null for anything else. */
export function decodeKeyCursor(cursor: string, shape: readonly KeyPart[]): (string | number)[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== shape.length) return null;
    return value.every((part, i) => typeof part === shape[i] && (typeof part !== 'number' || Number.isFinite(part))) ? (value as (string | number)[]) : null;
  } catch {
    return null;
  }
}

/** `?limit=&cursor=` of a list cut on its own sort key, whose parts have the types in `shape`. */
export function keyPageQuery(shape: readonly KeyPart[]) {
  return {
    limit: pageQuery.limit,
    cursor: z
      .string()
      .transform((cursor, ctx) => decodeKeyCursor(cursor, shape) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave out' }), z.NEVER))
      .optional(),
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
