import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_CURSOR_LENGTH, decodeCursor, decodeKeyCursor, encodeKeyCursor, pageQuery } from '../../api/cursor';
import type { HttpProblem } from '../../api/problem';
import { v1Endpoints } from '../../api/routes';
import {
  ID_SHAPES,
  type TextKind,
  birthDate,
  calendarDate,
  caseDate,
  caseDateOrInstant,
  dateOrInstant,
  idOf,
  line,
  optionalText,
  pastCaseDateOrInstant,
  text,
} from '../../api/schemas';
import { MAX_BODY_DEPTH, refuseDeepBody, requestProblem } from '../../api/validate';
import { TEXT_LIMITS } from '../../domain/limits';

/** The answer a request to `method path` with `input` gets from validation: the parsed input, or the problem. */
function validate(method: string, path: string, input: { params?: unknown; query?: unknown; body?: unknown }) {
  const endpoint = v1Endpoints.find((e) => e.method === method && e.path === path);
  if (!endpoint) throw new Error(`no endpoint ${method} ${path}`);
  const result = endpoint.request.safeParse(input);
  if (result.success) return { status: 200, data: result.data };
  const problem = requestProblem(result.error).toJSON() as ReturnType<HttpProblem['toJSON']>;
  return { status: problem.status, detail: problem.detail, paths: (problem.errors ?? []).map((e) => e.path) };
}

const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('text', () => {
  it('is stored as NFC, trimmed', () => {
    expect(line('name').parse('  Nguye\u0302\u0303n Văn An ')).toBe('Nguyễn Văn An');
    expect(text('reason').parse('Luân chuyển\nđể đào tạo')).toBe('Luân chuyển\nđể đào tạo');
  });

  it.each([
    ['U+0000', 'Bí thư\u0000'],
    ['U+0001', '\u0001'],
    ['U+0008', 'a\u0008'],
    ['U+000B', 'a\u000Bb'],
    ['U+001B', '\u001B[2J'],
    ['U+007F', 'x\u007F'],
    ['U+0085', 'x\u0085y'],
    ['U+009F', '\u009F'],
  ])('refuses the control character %s, in one line and in many', (code, value) => {
    expect(messages(line('name'), value).join()).toContain(code);
    expect(messages(text('note'), value).join()).toContain(code);
  });

  it.each([
    ['a high surrogate alone', 'a\uD800b'],
    ['a low surrogate alone', '\uDC00'],
    ['two high surrogates', '\uD83D\uD83D'],
  ])('refuses %s', (_what, value) => expect(messages(text('note'), value).join()).toMatch(/surrogate/));

  it('takes emoji, right-to-left and zero-width characters: they are text', () => {
    expect(text('note').parse('Đồng ý 👍 \u202Eabc\u200B')).toBe('Đồng ý 👍 \u202Eabc\u200B');
  });

  it('keeps newlines and tabs where text spans lines, and refuses every line break in one line', () => {
    expect(text('note').parse('a\n\tb')).toBe('a\n\tb');
    for (const lineBreak of ['\n', '\u2028', '\u2029']) expect(messages(line('reference'), `125${lineBreak}QĐ`)).toEqual(['must be a single line']);
    // A carriage return is a control character, even where text spans lines.
    expect(messages(text('note'), 'a\r\nb')).toEqual(['contains the control character U+000D']);
  });

  it.each(Object.keys(TEXT_LIMITS) as TextKind[])('takes a %s up to its limit and not one character more', (kind) => {
    const max = TEXT_LIMITS[kind];
    expect(line(kind).safeParse('đ'.repeat(max)).success).toBe(true);
    expect(line(kind).safeParse('đ'.repeat(max + 1)).success).toBe(false);
    expect(text(kind).safeParse('đ'.repeat(max + 1)).success).toBe(false);
  });

  it('counts the length after NFC, so decomposed Vietnamese fits as it is stored', () => {
    expect(line('code').safeParse('e\u0302'.repeat(TEXT_LIMITS.code)).success).toBe(true);
  });

  it('refuses empty text where some is needed, and leaves an absent note empty', () => {
    expect(line('name').safeParse('   ').success).toBe(false);
    expect(text('reason').safeParse('').success).toBe(false);
    expect(optionalText('note').parse(undefined)).toBe('');
  });
});

describe('dates', () => {
  beforeAll(() => jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00+07:00'), doNotFake: ['nextTick', 'setImmediate', 'setTimeout'] }));
  afterAll(() => jest.useRealTimers());

  it.each(['0000-01-01', '2999-01-01', '1899-12-31', '2026-02-30', '+275760-09-13', '2026-12-1', '01/12/2026', ''])('refuses %p as a calendar date', (value) =>
    expect(calendarDate.safeParse(value).success).toBe(false),
  );

  it('names one problem per date', () => {
    expect(messages(calendarDate, '2999-01-01')).toEqual(['must be in a year from 1900 to 2200']);
    expect(messages(caseDate, '2999-01-01')).toHaveLength(1);
  });

  it('takes a birth date from 80 to 18 years before today in Vietnam', () => {
    expect(birthDate.safeParse('2008-12-01').success).toBe(true);
    expect(birthDate.safeParse('2008-12-02').success).toBe(false);
    expect(birthDate.safeParse('1946-12-01').success).toBe(true);
    expect(birthDate.safeParse('1946-11-30').success).toBe(false);
    expect(birthDate.safeParse('2999-01-01').success).toBe(false);
  });

  it('counts today in Vietnam: at 20:00 UTC it is already tomorrow there', () => {
    jest.setSystemTime(new Date('2026-11-30T20:00:00Z'));
    expect(birthDate.safeParse('2008-12-01').success).toBe(true);
    expect(pastCaseDateOrInstant.safeParse('2026-12-01').success).toBe(true);
    jest.setSystemTime(new Date('2026-12-01T10:00:00+07:00'));
  });

  it('takes the dates of a case within ten years of today', () => {
    for (const d of ['2016-12-01', '2026-12-01', '2036-12-01']) expect(caseDate.safeParse(d).success).toBe(true);
    for (const d of ['2016-11-30', '2036-12-02']) expect(caseDate.safeParse(d).success).toBe(false);
  });

  it('takes an instant by its day in Vietnam', () => {
    expect(caseDateOrInstant.safeParse('2016-11-30T17:00:00Z').success).toBe(true);
    expect(caseDateOrInstant.safeParse('2016-11-30T16:59:59Z').success).toBe(false);
    expect(caseDateOrInstant.safeParse('2036-12-01T23:59:59+07:00').success).toBe(true);
  });

  it.each(['+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '2026-12-01T00:00:00', '2026-12-01T25:00:00Z', 'yesterday', '1e308'])('refuses %p as a date or an instant', (value) =>
    expect(dateOrInstant.safeParse(value).success).toBe(false),
  );

  it('takes a signing date up to today, not tomorrow', () => {
    expect(pastCaseDateOrInstant.safeParse('2026-12-01').success).toBe(true);
    expect(pastCaseDateOrInstant.safeParse('2026-12-01T23:59:00+07:00').success).toBe(true);
    expect(messages(pastCaseDateOrInstant, '2026-12-02')).toEqual(['may not be after today, 2026-12-01']);
    expect(pastCaseDateOrInstant.safeParse('2026-12-01T17:00:00Z').success).toBe(false);
  });

  it('names the field of every date rule in a request', () => {
    const cadre = { fullName: 'A', sex: 'male', homeUnitId: randomUUID(), currentUnitId: randomUUID(), currentPosition: 'x' };
    for (const birth of ['0000-01-01', '2999-01-01', '2010-01-01', '1900-01-01']) {
      expect(validate('post', '/v1/cadres', { body: { ...cadre, birthDate: birth } })).toMatchObject({ status: 400, paths: ['birthDate'] });
    }
    const decision = { decisionNumber: '125-QĐ/HU', signedAt: '2026-12-01', effectiveDate: '2026-12-15' };
    const path = '/v1/rotations/:id/decision';
    const params = { id: randomUUID() };
    expect(validate('post', path, { params, body: decision }).status).toBe(200);
    expect(validate('post', path, { params, body: { ...decision, signedAt: '2026-12-02' } })).toMatchObject({ status: 400, paths: ['signedAt'] });
    expect(validate('post', path, { params, body: { ...decision, effectiveDate: '2999-01-01' } })).toMatchObject({ status: 400, paths: ['effectiveDate'] });
  });
});

describe('ids', () => {
  const uuid = randomUUID();

  it('are of the shapes this service gives out', () => {
    expect(ID_SHAPES.uuid.test(uuid)).toBe(true);
    expect(ID_SHAPES.followUp.test('2.1')).toBe(true);
    expect(ID_SHAPES.payment.test(`${uuid}:monthly_supplement:3`)).toBe(true);
  });

  const forged = ['', ' ', '\u0000', '%00', '../', 'x'.repeat(5000), uuid.toUpperCase(), `${uuid}\n`, ` ${uuid}`, `${uuid}:one_time:0`, "' OR '1'='1"];
  it.each(forged.map((value) => [JSON.stringify(value).slice(0, 50), value]))('any other string names nothing: %s', (_label, value) =>
    expect(idOf('unit').safeParse(value).error?.issues).toEqual([expect.objectContaining({ message: 'no unit with this id' })]),
  );

  it.each([
    ['followUp', ['0.1', '2.', '2.1.1', '1.0', 'a.b', '1.1 ']],
    ['payment', [`${uuid}:early_salary_raise:1`, `${uuid}:one_time`, `${uuid}:one_time:-1`, `x:one_time:0`, uuid]],
  ] as const)('no other string is a %s id', (shape, values) => {
    for (const value of values) expect(ID_SHAPES[shape].test(value)).toBe(false);
  });

  it('answer 404 for a path id that names nothing, before anything else in the request', () => {
    for (const id of ['\u0000', '../', 'x'.repeat(5000)]) {
      expect(validate('get', '/v1/rotations/:id', { params: { id } })).toEqual({ status: 404, detail: 'no rotation case with this id', paths: [] });
      expect(validate('post', '/v1/rotations/:id/withdraw', { params: { id }, body: { reason: 7 } })).toMatchObject({ status: 404 });
    }
    const close = { params: { id: uuid, followUpId: '1.1\u0000' }, body: { note: 'x' } };
    expect(validate('post', '/v1/rotations/:id/follow-ups/:followUpId/close', close)).toMatchObject({ status: 404, detail: 'no follow-up with this id' });
  });

  it('answer an id in the body or query that names nothing as an unknown one is, naming the field', () => {
    const cadre = { fullName: 'A', sex: 'male', birthDate: '1982-04-12', homeUnitId: '\u0000', currentUnitId: uuid, currentPosition: 'x' };
    expect(validate('post', '/v1/cadres', { body: cadre })).toEqual({ status: 404, detail: 'no unit with this id', paths: ['homeUnitId'] });
    expect(validate('get', '/v1/rotations', { query: { unitId: 'x'.repeat(5000) } })).toMatchObject({ status: 404, paths: ['unitId'] });
    const committee = { params: { id: uuid }, body: { memberUserIds: [uuid, 'ghost'] } };
    expect(validate('put', '/v1/units/:id/committee', committee)).toMatchObject({ status: 404, paths: ['memberUserIds.1'] });
  });

  it('answer a follow-up owner that names nothing with 422, as an unknown owner is', () => {
    const review = { seq: 1, heldAt: '2026-12-01', rating: 'good', followUps: [{ action: 'Gặp lại', ownerUserId: 'no-such-user', dueDate: '2026-12-20' }] };
    expect(validate('post', '/v1/rotations/:id/reviews', { params: { id: uuid }, body: review })).toMatchObject({ status: 422, paths: ['followUps.0.ownerUserId'] });
  });

  it('leave invalid fields a 400, naming only them', () => {
    const cadre = { fullName: 'A', sex: 'male', birthDate: '1990-02-30', homeUnitId: 'x', currentUnitId: 'y', currentPosition: 'x' };
    expect(validate('post', '/v1/cadres', { body: cadre })).toMatchObject({ status: 400, paths: ['birthDate'] });
  });
});

describe('cursors', () => {
  const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const uuid = randomUUID();

  it('decode only to what this API gives out', () => {
    expect(decodeCursor(forge(['2026-11-23T08:15:30.123Z', uuid]))).toEqual({ createdAt: new Date('2026-11-23T08:15:30.123Z'), id: uuid });
    for (const forged of [
      ['+275760-09-13T00:00:00.000Z', uuid],
      ['-271821-04-20T00:00:00.000Z', uuid],
      ['0001-01-01T00:00:00.000Z', uuid],
      ['2026-11-23T08:15:30.123Z', 'r1'],
      ['2026-11-23T08:15:30.123Z', '\u0000'],
      ['2026-11-23T08:15:30.123Z', uuid, 1],
      [1e308, uuid],
      { createdAt: '2026-11-23T08:15:30.123Z', id: uuid },
    ]) {
      expect(decodeCursor(forge(forged))).toBeNull();
    }
  });

  it('bound the numbers and strings of a sort key', () => {
    const key = ['2026-11-23T08:15:30.123Z', uuid, 3];
    expect(decodeKeyCursor(encodeKeyCursor(key), ['instant', 'id', 'number'])).toEqual(key);
    expect(decodeKeyCursor(forge(['2026-11-23T08:15:30.123Z', uuid, 1e308]), ['instant', 'id', 'number'])).toBeNull();
    expect(decodeKeyCursor(forge(['x'.repeat(201)]), ['string'])).toBeNull();
  });

  it('refuse a token longer than any given out, naming the cursor', () => {
    const query = z.object(pageQuery);
    expect(query.safeParse({ cursor: 'A'.repeat(MAX_CURSOR_LENGTH + 1) }).error?.issues[0].path).toEqual(['cursor']);
    const forged = forge(['+275760-09-13T00:00:00.000Z', uuid]);
    expect(validate('get', '/v1/units', { query: { cursor: forged } })).toMatchObject({ status: 400, paths: ['cursor'] });
  });
});

describe('roles', () => {
  const user = (roles: unknown) => validate('post', '/v1/users', { body: { username: 'nguyen.van.an', fullName: 'Nguyễn Văn An', roles } });

  it('are held on a unit, but for a global admin', () => {
    expect(user([{ role: 'organizer' }])).toMatchObject({ status: 400, paths: ['roles.0.unitId'] });
    expect(user([{ role: 'admin', unitId: randomUUID() }, { role: 'finance' }])).toMatchObject({ status: 400, paths: ['roles.1.unitId'] });
    expect(user([{ role: 'admin' }]).status).toBe(200);
  });

  it('take usernames of one line, of letters, digits and . _ @ -', () => {
    const named = (username: string) => validate('post', '/v1/users', { body: { username, fullName: 'X', roles: [] } });
    expect(named('trần.thị.cúc').status).toBe(200);
    for (const bad of ['a\u0000', 'a b', 'a\nb', 'x'.repeat(TEXT_LIMITS.username + 1)]) expect(named(bad)).toMatchObject({ status: 400, paths: ['username'] });
  });
});

describe('bodies', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: [nested(depth - 1)] });

  it(`are nested at most ${MAX_BODY_DEPTH} levels deep, however deep the client made them`, () => {
    expect(() => refuseDeepBody({ followUps: [{ action: 'x' }] })).not.toThrow();
    expect(() => refuseDeepBody(nested(MAX_BODY_DEPTH / 2))).not.toThrow();
    expect(() => refuseDeepBody(nested(MAX_BODY_DEPTH / 2 + 1))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => refuseDeepBody(JSON.parse(`{"memberUserIds":${'['.repeat(50_000)}${']'.repeat(50_000)}}`))).toThrow(/nested more than/);
  });
});
