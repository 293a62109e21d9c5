import { z } from 'zod';
import { compareKeys, decodeCursor, decodeKeyCursor, encodeCursor, encodeKeyCursor, keyPageQuery, olderThan, pageByKey, pageOf, pageQuery } from '../../api/cursor';
import { canonicalJson, hashRequest } from '../../api/idempotency';

describe('cursors', () => {
  const row = { createdAt: new Date('2026-11-23T08:15:30.123Z'), id: 'c7f0a1e2-5b1d-4f0e-9a37-2d8c6b4e1f90' };

  it('round-trips the last row of a page', () => {
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });

  it.each(['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["not a date","x"]').toString('base64url')])('refuses %p', (cursor) =>
    expect(decodeCursor(cursor)).toBeNull(),
  );

  it('turns a bad cursor or limit into a validation error on that field', () => {
    const query = z.object(pageQuery);
    expect(query.safeParse({ cursor: 'garbage' }).error?.issues[0].path).toEqual(['cursor']);
    expect(query.safeParse({ limit: '0' }).error?.issues[0].path).toEqual(['limit']);
    expect(query.parse({ limit: '10' })).toEqual({ limit: 10 });
  });

  it('cuts a page and points at its last row only when more rows follow', () => {
    const rows = [1, 2, 3].map((i) => ({ createdAt: new Date(i * 1000), id: `00000000-0000-4000-8000-00000000000${i}` }));
    const full = pageOf(rows, 2, (r) => r.id);
    expect(full.items).toEqual([rows[0].id, rows[1].id]);
    expect(decodeCursor(full.nextCursor!)).toEqual(rows[1]);
    expect(pageOf(rows, 3, (r) => r.id).nextCursor).toBeNull();
  });

  it('continues a newest-first list with the rows older than the cursor, the id breaking ties', () => {
    expect(olderThan(undefined)).toEqual({});
    expect(olderThan(row)).toEqual({ OR: [{ createdAt: { lt: row.createdAt } }, { createdAt: row.createdAt, id: { lt: row.id } }] });
  });
});

describe('request hashes for Idempotency-Key', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'Bí thư' }] })).toBe('{"a":[{"c":"Bí thư","d":2}],"b":1}');
    expect(hashRequest({ method: 'POST', path: '/v1/units', body: { a: 1, b: 2 } })).toBe(hashRequest({ method: 'POST', path: '/v1/units', body: { b: 2, a: 1 } }));
  });

  it('differs with the body, the path or the method', () => {
    const base = { method: 'POST', path: '/v1/units', body: { a: 1 } };
    expect(hashRequest({ ...base, body: { a: 2 } })).not.toBe(hashRequest(base));
    expect(hashRequest({ ...base, path: '/v1/cadres' })).not.toBe(hashRequest(base));
    expect(hashRequest({ ...base, method: 'PUT' })).not.toBe(hashRequest(base));
  });
});

describe('cursors over a sort key', () => {
  const shape = ['string', 'string', 'number'] as const;
  const rows = [
    ['2026-09-14T17:00:00.000Z', 'case-a', 1],
    ['2026-09-14T17:00:00.000Z', 'case-a', 2],
    ['2026-09-14T17:00:00.000Z', 'case-b', 1],
    ['2027-03-14T17:00:00.000Z', 'case-a', 3],
  ] as const;

  it('round-trips a key, and refuses a token of another shape', () => {
    expect(decodeKeyCursor(encodeKeyCursor(rows[1]), shape)).toEqual(rows[1]);
    expect(decodeKeyCursor(encodeKeyCursor(['x', 'y']), shape)).toBeNull();
    expect(decodeKeyCursor(encodeKeyCursor(['x', 'y', 'z']), shape)).toBeNull();
    expect(decodeKeyCursor(encodeCursor({ createdAt: new Date(0), id: 'r1' }), shape)).toBeNull();
    expect(decodeKeyCursor('not-base64!', shape)).toBeNull();
    expect(z.object(keyPageQuery(shape)).safeParse({ cursor: 'garbage' }).error?.issues[0].path).toEqual(['cursor']);
  });

  it('orders numbers as numbers and strings as strings', () => {
    expect(compareKeys(['a', 'b', 2], ['a', 'b', 10])).toBeLessThan(0);
    expect(compareKeys(['a', 'c', 1], ['a', 'b', 10])).toBeGreaterThan(0);
    expect(compareKeys(['a', 'b', 1], ['a', 'b', 1])).toBe(0);
  });

  it('pages through the rows after the cursor, each once', () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const after = cursor ? (decodeKeyCursor(cursor, shape) ?? undefined) : undefined;
      const page = pageByKey(
        rows,
        (r) => r,
        after,
        3,
        (r) => r.join('/'),
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(rows.map((r) => r.join('/')));
    expect(
      pageByKey(
        rows,
        (r) => r,
        undefined,
        4,
        (r) => r,
      ).nextCursor,
    ).toBeNull();
  });
});
