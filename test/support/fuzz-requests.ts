// Requests for the fuzz of the HTTP API, generated from its OpenAPI document: values each
// operation's schemas accept (with ids that exist), values at the edges of their limits, and
// requests valid but for one hostile part (control characters, lone surrogates, absurd dates and
// numbers, wrong types, forged ids and cursors, odd path segments, broken bodies), from every
// kind of caller.
import fc from 'fast-check';
import { yearsBefore } from '../../domain/input';
import { addDays, localDate } from '../../domain/calendar';
import { CALLERS, type Caller, type FuzzWorld, type IdKind } from './fuzz-world';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI syntax: `/v1/units/{id}`. */
  path: string;
  tag: string;
  parameters: Parameter[];
  body: JsonSchema | null;
  /** The body is a multipart/form-data form (a file upload), its fields those of `body`. */
  form: boolean;
}

/** The part of an OpenAPI 3.1 document the fuzz reads. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, { tags?: string[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }> | undefined>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const components = document.components?.schemas ?? {};
  const resolve = (schema: JsonSchema): JsonSchema => {
    const named = schema.$ref ? components[schema.$ref.replace('#/components/schemas/', '')] : schema;
    return JSON.parse(JSON.stringify(named, (key, value: unknown) => (key !== '' && isRef(value) ? resolve(value) : value))) as JsonSchema;
  };
  return Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
    Object.entries(operations ?? {}).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      tag: op.tags?.[0] ?? '',
      parameters: (op.parameters ?? []).filter((p) => p.in !== 'header').map((p) => ({ ...p, schema: resolve(p.schema) })),
      body: op.requestBody ? resolve((op.requestBody.content['application/json'] ?? op.requestBody.content[FORM_DATA]).schema) : null,
      form: op.requestBody?.content[FORM_DATA] !== undefined,
    })),
  );
}

const FORM_DATA = 'multipart/form-data';
const FORM_BOUNDARY = 'fuzz-form-boundary';

/** A body generated as JSON, sent as the form an upload takes: each field a part, strings as they are, the rest as JSON. */
function asForm(body: FuzzRequest['body']): FuzzRequest['body'] {
  if (!body || !('json' in body) || typeof body.json !== 'object' || body.json === null || Array.isArray(body.json)) return body;
  const parts = Object.entries(body.json as Record<string, unknown>).map(([name, value]) => {
    const disposition = name === 'file' ? `form-data; name="${name}"; filename="file.bin"` : `form-data; name="${name}"`;
    return `--${FORM_BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`;
  });
  return { raw: `${parts.join('')}--${FORM_BOUNDARY}--\r\n`, contentType: `${FORM_DATA}; boundary=${FORM_BOUNDARY}` };
}

function isRef(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && typeof (value as JsonSchema).$ref === 'string';
}

/** One request of the fuzz, as sent. */
export interface FuzzRequest {
  /** `POST /v1/rotations/{id}/votes` */
  operation: string;
  caller: Caller;
  method: string;
  /** Path and query string, encoded as sent. */
  url: string;
  body?: { json: unknown } | { raw: string; contentType: string };
  idempotencyKey?: string;
}

// ---- Hostile values ----

/** Text PostgreSQL refuses in text and jsonb: it once froze a case for good. */
const DATABASE_REFUSES = ['\u0000', 'a\u0000b', 'Bí thư\u0000', '\u0000'.repeat(50)];

const HOSTILE_TEXT = [
  '\u0001\u0002\u0003',
  '\u001B[31mđỏ',
  '\u007F',
  '\u0085',
  '\u009F',
  '\uD800',
  'x\uDC00y',
  '\uDBFF\uDBFF',
  '\u202Eevil',
  'a\u200Bb\u200D',
  '\uFEFF',
  'e\u0301',
  '👍🏽',
  'a\r\nb',
  'a\rb',
  'a\nb',
  'a\u2028b',
  '',
  ' ',
  '\t',
  "' OR '1'='1' --",
  '"; DROP TABLE "Unit"; --',
  '../../etc/passwd',
  '%00',
  '%s%n',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '__proto__',
  'x'.repeat(5000),
  'đ'.repeat(2001),
  'x'.repeat(100_001),
];

const HOSTILE_DATES = [
  '0000-01-01',
  '2999-01-01',
  '+275760-09-13T00:00:00Z',
  '+275760-09-13',
  '-000001-01-01',
  '1899-12-31',
  '1900-01-01',
  '1970-01-01T00:00:00Z',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '20261201',
  '2026-12-01T25:00:00Z',
  '2026-12-01T00:00:00',
  '2026-12-01T00:00:00+24:00',
  '9999-12-31T23:59:59.999Z',
  '1e308',
  'yesterday',
  'now',
];

const HOSTILE_NUMBERS = [1e308, -1e308, -0, 0.5, 2 ** 53 + 2, -1, 1e-300, 5e-324, 2 ** 31, -(2 ** 31) - 1, 0];

const WRONG_TYPES: unknown[] = [null, true, false, 0, 1, 'x', '1', [], {}, [null], { a: 1 }, [[[]]]];

const ODD_PATH_SEGMENTS = [
  '%00',
  '..%2F',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%EF%BF%BF',
  'x'.repeat(5000),
  '%20',
  '%0A',
  ';',
  'a;b=c',
  '%2F',
  '~',
  encodeURIComponent('Đồng-Lạc'),
];

const ODD_QUERY_SUFFIXES = ['&limit=%E0%A4%A', '&__proto__=x', '&unitId[]=x', '&&&', '&cursor', '&limit=1&limit=2', '&status=active&status=decided', '&constructor=x'];

const hostileText = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...DATABASE_REFUSES) }, { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) });

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Cursors this API never gave out. */
function forgedCursors(world: FuzzWorld): string[] {
  const id = world.ids.unit[0];
  const at = new Date().toISOString();
  return [
    base64url(JSON.stringify(['+275760-09-13T00:00:00.000Z', id])),
    base64url(JSON.stringify(['-271821-04-20T00:00:00.000Z', id])),
    base64url(JSON.stringify(['0000-01-01T00:00:00.000Z', id])),
    base64url(JSON.stringify([at, 'x'.repeat(300)])),
    base64url(JSON.stringify([at, '\u0000'])),
    base64url(JSON.stringify([at, id, 1e308])),
    base64url(`["${at}","${id}",1e400]`),
    base64url(JSON.stringify([1e308, id])),
    base64url(JSON.stringify({ createdAt: at, id })),
    base64url(JSON.stringify(null)),
    base64url('"just a string"'),
    base64url('['.repeat(190)),
    Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url'),
    Buffer.from(JSON.stringify([at, id])).toString('base64'),
    'A'.repeat(600),
    '!!!',
    '',
    '%00',
  ];
}

/** Ids of every shape that name nothing, and ids that name something of another kind. */
function forgedId(world: FuzzWorld): fc.Arbitrary<string> {
  const someCase = world.ids.case[0];
  const shapes = [
    '',
    ' ',
    '\u0000',
    'x\u0000',
    `${someCase}\u0000`,
    '%00',
    '../',
    '..\\',
    'x'.repeat(5000),
    'no-such-id',
    '42',
    'Đồng-Lạc',
    "' OR '1'='1",
    someCase.toUpperCase(),
    `${someCase}\n`,
    ` ${someCase}`,
    '0.0',
    '1.1',
    '9999.9999',
    `${someCase}:one_time:0`,
    `${someCase}:early_salary_raise:1`,
    'a:b:c',
  ];
  return fc.oneof(
    { weight: 1, arbitrary: fc.uuid({ version: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(world.ids).flat()) },
    { weight: 4, arbitrary: fc.constantFrom(...shapes) },
  );
}

// ---- Values each schema accepts, and values at its edges ----

interface Context {
  world: FuzzWorld;
  /** The operation's path, for what `id` names. */
  path: string;
}

/** What a field named `name` in an operation at `path` is the id of, if it is one. */
function idKindOf(name: string, path: string): IdKind | null {
  const collections: Record<string, IdKind> = { units: 'unit', cadres: 'cadre', users: 'user', rotations: 'case', notifications: 'notification' };
  if (name === 'id') return collections[path.split('/')[2]] ?? null;
  if (name === 'followUpId') return 'followUp';
  if (name === 'paymentId') return 'payment';
  if (/unitId$/i.test(name) || name === 'parentId') return 'unit';
  if (name === 'cadreId') return 'cadre';
  if (/userIds?$/i.test(name)) return 'user';
  return null;
}

const today = () => localDate(new Date());
const dayFromToday = (days: number) => localDate(addDays(new Date(), days));
const dayAfter = (day: string, days: number) => localDate(addDays(`${day}T12:00:00+07:00`, days));
const asInstant = (day: string, time: string) => `${day}T${time}`;

function validDate(name: string): fc.Arbitrary<string> {
  if (name === 'birthDate') return fc.integer({ min: 18 * 366, max: 79 * 365 }).map((days) => dayFromToday(-days));
  return fc.oneof(fc.integer({ min: -30, max: 60 }), fc.integer({ min: -3640, max: 3640 })).map(dayFromToday);
}

function boundaryDates(name: string): string[] {
  const t = today();
  if (name === 'birthDate') {
    const [youngest, oldest] = [yearsBefore(t, 18), yearsBefore(t, 80)];
    return [youngest, dayAfter(youngest, 1), oldest, dayAfter(oldest, -1)];
  }
  const [earliest, latest] = [yearsBefore(t, 10), yearsBefore(t, -10)];
  return [earliest, dayAfter(earliest, -1), latest, dayAfter(latest, 1), t, dayAfter(t, 1), dayAfter(t, -1)];
}

const VIETNAMESE = [
  'Đặng Văn Khoa',
  'Bí thư Đảng ủy xã',
  'Luân chuyển để đào tạo qua thực tiễn',
  'Nhà cách xã mới 45 km, đường đèo',
  'Đồng ý',
  'Phó Chủ tịch UBND',
  '125-QĐ/HU',
  'UNC 2026/0315 Kho bạc Nam Sách',
  'x',
];

function typeOf(schema: JsonSchema): string {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : 'string');
}

const alternativesOf = (schema: JsonSchema) => schema.anyOf ?? schema.oneOf;

function validValue(schema: JsonSchema, name: string, ctx: Context): fc.Arbitrary<unknown> {
  const alternatives = alternativesOf(schema);
  if (alternatives) return fc.oneof(...alternatives.map((s) => validValue(s, name, ctx)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const kind = typeOf(schema) === 'string' ? idKindOf(name, ctx.path) : null;
  if (kind) {
    const known = ctx.world.ids[kind];
    return known.length ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) }) : fc.uuid({ version: 4 });
  }
  switch (typeOf(schema)) {
    case 'integer': {
      const [min, max] = [schema.minimum ?? -1000, schema.maximum ?? 1000];
      // Small numbers most often: the first reviews, the first months.
      return fc.oneof(fc.integer({ min, max: Math.min(min + 5, max) }), fc.integer({ min, max }));
    }
    case 'number': {
      const [min, max] = [schema.minimum ?? schema.exclusiveMinimum ?? 0, schema.maximum ?? 10_000];
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true, minExcluded: schema.exclusiveMinimum !== undefined }));
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}, name, ctx), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object':
      return objectOf(schema, ctx, validValue);
    default:
      return validString(schema, name, ctx);
  }
}

function validString(schema: JsonSchema, name: string, ctx: Context): fc.Arbitrary<string> {
  if (schema.format === 'date') return validDate(name);
  if (schema.format === 'date-time') return validDate(name).chain((day) => fc.constantFrom(asInstant(day, '08:30:00+07:00'), new Date(`${day}T03:00:00Z`).toISOString()));
  if (schema.format === 'email') return fc.constantFrom('an.nguyen@namsach.gov.vn', 'cuc@example.vn');
  if (schema.pattern) return fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}$/).map((u) => `fuzz.${u}`);
  if (name === 'title') return fc.constantFrom(...ctx.world.titles);
  const max = schema.maxLength ?? 200;
  const random = fc.string({ minLength: Math.max(schema.minLength ?? 0, 1), maxLength: Math.min(max, 40) }).filter((s) => s.trim() !== '');
  return fc.oneof(fc.constantFrom(...VIETNAMESE.filter((v) => v.length <= max)), random);
}

type ValueOf = (schema: JsonSchema, name: string, ctx: Context) => fc.Arbitrary<unknown>;

function objectOf(schema: JsonSchema, ctx: Context, value: ValueOf): fc.Arbitrary<unknown> {
  const record = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, s]) => [key, value(s, key, ctx)]));
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in record) });
}

function boundaryValue(schema: JsonSchema, name: string, ctx: Context): fc.Arbitrary<unknown> {
  const alternatives = alternativesOf(schema);
  if (alternatives) return fc.oneof(...alternatives.map((s) => boundaryValue(s, name, ctx)));
  if (schema.enum || (typeOf(schema) === 'string' && idKindOf(name, ctx.path))) return validValue(schema, name, ctx);
  switch (typeOf(schema)) {
    case 'integer':
    case 'number': {
      const [min, max] = [schema.minimum ?? schema.exclusiveMinimum ?? 0, schema.maximum ?? 1000];
      return fc.constantFrom(min, max, min - 1, max + 1, min + 0.5, Number.MIN_VALUE);
    }
    case 'array': {
      const most = schema.maxItems ?? 20;
      return fc.array(validValue(schema.items ?? {}, name, ctx), { minLength: most, maxLength: most + 1 });
    }
    case 'object':
      return objectOf(schema, ctx, edgeValue);
    case 'boolean':
      return fc.boolean();
    default: {
      if (schema.format === 'date') return fc.constantFrom(...boundaryDates(name));
      if (schema.format === 'date-time') {
        const times = ['00:00:00+07:00', '23:59:59+07:00', '16:59:59Z', '17:00:00Z'];
        return fc.constantFrom(...boundaryDates(name)).chain((day) => fc.constantFrom(...times.map((time) => asInstant(day, time))));
      }
      const [min, max] = [schema.minLength ?? 0, schema.maxLength ?? 10_000];
      return fc.constantFrom('đ'.repeat(max), 'đ'.repeat(max + 1), 'x'.repeat(min), 'x'.repeat(Math.max(min - 1, 0)), 'e\u0302'.repeat(max), ` ${'y'.repeat(Math.max(min, 1))} `);
    }
  }
}

/** A value of `schema`, its leaves either valid or at the edges of their limits. */
function edgeValue(schema: JsonSchema, name: string, ctx: Context): fc.Arbitrary<unknown> {
  if (!alternativesOf(schema) && !schema.enum && typeOf(schema) === 'object') return objectOf(schema, ctx, edgeValue);
  return fc.oneof({ weight: 2, arbitrary: validValue(schema, name, ctx) }, { weight: 1, arbitrary: boundaryValue(schema, name, ctx) });
}

/** A hostile value for a field of `schema` named `name`: of the kind that field's rules are about, or of any kind. */
function hostileValue(schema: JsonSchema | undefined, name: string, ctx: Context): fc.Arbitrary<unknown> {
  const formats = [schema?.format, ...(schema?.anyOf ?? []).map((s) => s.format)];
  const type = schema ? typeOf(schema) : 'string';
  const likely = idKindOf(name, ctx.path)
    ? forgedId(ctx.world)
    : formats.some((f) => f?.startsWith('date'))
      ? fc.constantFrom(...HOSTILE_DATES)
      : type === 'integer' || type === 'number'
        ? fc.constantFrom(...HOSTILE_NUMBERS)
        : hostileText;
  return fc.oneof(
    { weight: 4, arbitrary: likely },
    { weight: 1, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  );
}

// ---- Requests ----

/** A request before it is encoded: path segments already encoded, query entries, body. */
interface Parts {
  segments: Record<string, string>;
  query: [string, string][];
  querySuffix: string;
  body: FuzzRequest['body'];
}

function partsOf(op: Operation, ctx: Context, value: ValueOf): fc.Arbitrary<Parts> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query' && p.name !== 'cursor');
  const segments = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, validValue(p.schema, p.name, ctx).map((v) => encodeURIComponent(String(v)))])));
  const query = fc.tuple(...queryParams.map((p) => (p.required ? value(p.schema, p.name, ctx) : fc.option(value(p.schema, p.name, ctx), { nil: undefined }))));
  const body = op.body && op.method !== 'GET' ? value(op.body, 'body', ctx).map((json) => ({ json })) : fc.constant(undefined);
  return fc.record({ segments, query, body }).map(({ segments: s, query: values, body: b }) => ({
    segments: s as Record<string, string>,
    query: queryParams.flatMap((p, i): [string, string][] => (values[i] === undefined ? [] : [[p.name, queryText(values[i])]])),
    querySuffix: '',
    body: b,
  }));
}

function queryText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Every part of a request, leaf by leaf, with the schema it should meet. */
function leavesOf(value: unknown, schema: JsonSchema | undefined, name: string, at: (string | number)[] = []): { at: (string | number)[]; name: string; schema?: JsonSchema }[] {
  const here = { at, name, schema };
  if (Array.isArray(value)) return [here, ...value.flatMap((item, i) => leavesOf(item, schema?.items, name, [...at, i]))];
  if (typeof value === 'object' && value !== null) {
    const keys = [...new Set([...Object.keys(schema?.properties ?? {}), ...Object.keys(value)])];
    return [here, ...keys.flatMap((key) => leavesOf((value as Record<string, unknown>)[key], schema?.properties?.[key], key, [...at, key]))];
  }
  return [here];
}

function replacedAt(value: unknown, at: readonly (string | number)[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[at[0]] = replacedAt(copy[at[0]], at.slice(1), replacement);
  return copy;
}

/** Bodies broken as a whole: fields missing or added, wrong types, numbers JSON cannot hold, JSON that is not, or is nested too deep. */
function brokenBodies(json: unknown): fc.Arbitrary<FuzzRequest['body']> {
  const object = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const text = JSON.stringify(json) ?? 'null';
  const raw = (r: string, contentType = 'application/json') => ({ raw: r, contentType });
  return fc.oneof(
    fc.constantFrom(...Object.keys(object), 'none').map((key) => ({ json: Object.fromEntries(Object.entries(object).filter(([k]) => k !== key)) })),
    fc.constant({ json: { ...object, extra: 'x', isAdmin: true, constructor: { prototype: { admin: true } } } }),
    fc.constant(raw(`{"__proto__":{"admin":true},${text.slice(1)}`)),
    fc.constantFrom(...WRONG_TYPES).map((wrong) => ({ json: wrong })),
    fc.constantFrom('1e400', '-0', '-1e400', '123456789012345678901234567890').map((n) => raw(text.replace(/:(-?\d+(\.\d+)?)/, `:${n}`))),
    fc.constantFrom(text.slice(0, -1), '{"a":', '', 'null', '['.repeat(10_000), `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`).map((r) => raw(r)),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/merge-patch+json').map((type) => raw(text, type)),
  );
}

/** The request with one part made hostile: a path segment, a query parameter, a field of the body, or the body as a whole. */
function withOneHostilePart(op: Operation, ctx: Context, parts: Parts): fc.Arbitrary<Parts> {
  const targets: fc.Arbitrary<Parts>[] = [];
  for (const p of op.parameters.filter((q) => q.in === 'path')) {
    const segment = fc.oneof(forgedId(ctx.world).map(encodeURIComponent), fc.constantFrom(...ODD_PATH_SEGMENTS));
    targets.push(segment.map((s) => ({ ...parts, segments: { ...parts.segments, [p.name]: s } })));
  }
  for (const p of op.parameters.filter((q) => q.in === 'query')) {
    const value = p.name === 'cursor' ? fc.constantFrom(...forgedCursors(ctx.world)) : hostileValue(p.schema, p.name, ctx).map(queryText);
    targets.push(value.map((v) => ({ ...parts, query: [...parts.query.filter(([name]) => name !== p.name), [p.name, v]] })));
  }
  if (op.method === 'GET') targets.push(fc.constantFrom(...ODD_QUERY_SUFFIXES).map((querySuffix) => ({ ...parts, querySuffix })));
  const json = parts.body && 'json' in parts.body ? parts.body.json : undefined;
  if (op.body && op.method !== 'GET') {
    const leaves = leavesOf(json, op.body, 'body');
    targets.push(
      fc.constantFrom(...leaves).chain((leaf) => hostileValue(leaf.schema, leaf.name, ctx).map((v) => ({ ...parts, body: { json: replacedAt(json, leaf.at, v) } }))),
      brokenBodies(json).map((body) => ({ ...parts, body })),
    );
  } else if (op.method !== 'GET') {
    targets.push(hostileText.map((extra) => ({ ...parts, body: { json: { extra } } })));
  }
  return fc.oneof(...targets);
}

/** Who is most likely to be allowed each step, so that valid requests also get through. */
function likelyCallers(op: Operation): Caller[] {
  const step = op.path.split('/').at(-1) ?? '';
  if (op.tag === 'reference data') return ['admin'];
  if (op.tag === 'relocation support') return ['finance'];
  if (step === 'votes') return ['committee_member'];
  if (step === 'decision') return ['secretary'];
  if (step === 'reviews' || step === 'close') return ['reviewer', 'organizer'];
  if (step === 'consultations') return ['organizer', 'cadre'];
  if (op.tag === 'rotations' || op.tag === 'rotation steps') return ['organizer'];
  return [...CALLERS];
}

/** How a request is made: every value valid, some at the edges of their limits, or one part hostile. */
type Mode = 'valid' | 'boundary' | 'hostile';

/** Requests to every operation of the document, in every mode, from every caller. */
export function fuzzRequests(operations: readonly Operation[], world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const modes = fc.oneof(
    { weight: 2, arbitrary: fc.constant<Mode>('valid') },
    { weight: 1, arbitrary: fc.constant<Mode>('boundary') },
    { weight: 3, arbitrary: fc.constant<Mode>('hostile') },
  );
  return fc.tuple(fc.constantFrom(...operations), modes).chain(([op, mode]) => {
    const ctx: Context = { world, path: op.path };
    const valid = partsOf(op, ctx, mode === 'boundary' ? edgeValue : validValue);
    const parts = mode === 'hostile' ? valid.chain((p) => withOneHostilePart(op, ctx, p)) : valid;
    const idempotencyKey = fc.option(fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom('fuzz-key', 'k'.repeat(256), '')), { nil: undefined, freq: 3 });
    return fc
      .record({
        parts,
        caller: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likelyCallers(op)) }, { weight: 2, arbitrary: fc.constantFrom(...CALLERS) }),
        idempotencyKey: op.method === 'POST' ? idempotencyKey : fc.constant(undefined),
      })
      .map(({ parts: p, caller, idempotencyKey: key }) => {
        const path = Object.entries(p.segments).reduce((at, [name, segment]) => at.replace(`{${name}}`, segment), op.path);
        const query = new URLSearchParams(p.query).toString() + p.querySuffix;
        const url = path + (query ? `?${query.replace(/^&/, '')}` : '');
        return described({
          operation: `${op.method} ${op.path}`,
          caller,
          method: op.method,
          url,
          ...(p.body ? { body: op.form ? asForm(p.body) : p.body } : {}),
          ...(key !== undefined ? { idempotencyKey: key } : {}),
        });
      });
  });
}

/** The request as a counterexample shows it: long strings shortened, control characters escaped. */
function described(request: FuzzRequest): FuzzRequest {
  const short = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} characters)` : v));
  return Object.assign(request, {
    [fc.toStringMethod]: () => {
      const body = request.body === undefined ? '' : 'json' in request.body ? ` ${short(request.body.json)}` : ` (${request.body.contentType}) ${short(request.body.raw)}`;
      const key = request.idempotencyKey === undefined ? '' : ` Idempotency-Key ${short(request.idempotencyKey)}`;
      return `${request.method} ${short(request.url)} as ${request.caller}${key}${body}`;
    },
  });
}

export interface FuzzAnswer {
  status: number;
  body: string;
}

/** Sends the request; a request not answered within `timeoutMs` throws. */
export async function send(baseUrl: string, request: FuzzRequest, world: FuzzWorld, timeoutMs: number): Promise<FuzzAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const authorization = world.authorization[request.caller];
  if (authorization) headers.authorization = authorization;
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
  let payload: string | undefined;
  if (request.body) {
    payload = 'json' in request.body ? JSON.stringify(request.body.json) : request.body.raw;
    headers['content-type'] = 'json' in request.body ? 'application/json' : request.body.contentType;
  }
  const response = await fetch(`${baseUrl}${request.url}`, { method: request.method, headers, body: payload, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}
