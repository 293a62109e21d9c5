// The migrations build exactly the database schema.prisma describes, on PGlite and on PostgreSQL,
// and are recorded the way `prisma migrate deploy` records them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getDMMF } from '@prisma/get-dmmf';
import pg from 'pg';
import { applyMigrations, checksum, type Migration, pgliteSession, pgSession, readMigrations, type SqlSession } from '../../infra/migrate';
import { createTestPglite, createTestPostgresDatabase, DATABASE_KINDS, type DatabaseKind } from '../support/databases';

jest.setTimeout(60_000);

type Dmmf = Exclude<ReturnType<typeof getDMMF>, { type: string }>;
type Model = Dmmf['datamodel']['models'][number];
type Field = Model['fields'][number];

const dmmf = loadDmmf();
const migrations = readMigrations();

function loadDmmf(): Dmmf {
  const result = getDMMF({ datamodel: fs.readFileSync(path.join(__dirname, '../../prisma/schema.prisma'), 'utf8') });
  if ('type' in result) throw result.error;
  return result;
}

const tableOf = (model: Model) => model.dbName ?? model.name;
const columnOf = (field: Field) => field.dbName ?? field.name;
const modelNamed = (name: string) => dmmf.datamodel.models.find((m) => m.name === name)!;
const scalarFields = (model: Model) => model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
const columnsOf = (model: Model, fieldNames: readonly string[]) => fieldNames.map((name) => columnOf(model.fields.find((f) => f.name === name)!));

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function nativeTypeOf([name, args]: readonly [string, readonly string[]]): string {
  const withArgs = (base: string) => (args.length ? `${base}(${args.join(',')})` : base);
  const types: Record<string, () => string> = {
    Text: () => 'text',
    VarChar: () => withArgs('character varying'),
    Char: () => withArgs('character'),
    Uuid: () => 'uuid',
    Integer: () => 'integer',
    SmallInt: () => 'smallint',
    BigInt: () => 'bigint',
    Real: () => 'real',
    DoublePrecision: () => 'double precision',
    Decimal: () => withArgs('numeric'),
    Boolean: () => 'boolean',
    Date: () => 'date',
    Timestamp: () => `timestamp${args.length ? `(${args[0]})` : ''} without time zone`,
    Timestamptz: () => `timestamp${args.length ? `(${args[0]})` : ''} with time zone`,
    Json: () => 'json',
    JsonB: () => 'jsonb',
  };
  const type = types[name];
  if (!type) throw new Error(`@db.${name} is not known to this test yet: add it to nativeTypeOf`);
  return type();
}

/** The column type Prisma's PostgreSQL connector creates for a field, as format_type() prints it. */
function expectedType(field: Field): string {
  const base = field.kind === 'enum' ? field.type : field.nativeType ? nativeTypeOf(field.nativeType) : SCALAR_TYPES[field.type];
  if (!base) throw new Error(`${field.type} is not known to this test yet: add it to SCALAR_TYPES`);
  return field.isList ? `${base}[]` : base;
}

/** @default(uuid()) and the like are filled in by the client, not by the database. */
function hasDatabaseDefault(field: Field): boolean {
  const value = field.default;
  const clientSide = typeof value === 'object' && value !== null && !Array.isArray(value) && ['uuid', 'cuid', 'nanoid', 'ulid'].includes((value as { name: string }).name);
  return field.hasDefaultValue && !clientSide;
}

const ON_ACTION: Record<string, string> = { Cascade: 'c', Restrict: 'r', NoAction: 'a', SetNull: 'n', SetDefault: 'd' };

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  default: string | null;
}

const COLUMNS_SQL = `
  SELECT c.relname::text AS "table", a.attname::text AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
         a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS "default"
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`;

const INDEXES_SQL = `
  SELECT i.relname::text AS name, t.relname::text AS "table", ix.indisunique AS "unique", ix.indisprimary AS "primary",
         array_agg(a.attname::text ORDER BY k.ord) AS columns
  FROM pg_index ix
  JOIN pg_class i ON i.oid = ix.indexrelid
  JOIN pg_class t ON t.oid = ix.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
  WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'
  GROUP BY i.relname, t.relname, ix.indisunique, ix.indisprimary`;

const FOREIGN_KEYS_SQL = `
  SELECT con.conname::text AS name, t.relname::text AS "table", r.relname::text AS "references",
         con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
         (SELECT array_agg(a.attname::text ORDER BY k.ord)
            FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns
  FROM pg_constraint con
  JOIN pg_class t ON t.oid = con.conrelid
  JOIN pg_class r ON r.oid = con.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE con.contype = 'f' AND n.nspname = current_schema()`;

const ENUMS_SQL = `
  SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS "values"
  FROM pg_type t
  JOIN pg_enum e ON e.enumtypid = t.oid
  JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = current_schema()
  GROUP BY t.typname`;

interface MigrationRecord {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

interface TestSession {
  session: SqlSession;
  close(): Promise<void>;
}

async function openSession(kind: DatabaseKind): Promise<TestSession> {
  if (kind === 'pglite') {
    const { pglite, close } = await createTestPglite();
    return { session: pgliteSession(pglite), close };
  }
  const database = await createTestPostgresDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return { session: pgSession(client), close: () => client.end().finally(database.drop) };
}

const records = (session: SqlSession) => session.query<MigrationRecord>(`SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`);

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  let target: TestSession;
  let session: SqlSession;
  let applied: string[];
  let columns: ColumnRow[];

  beforeAll(async () => {
    target = await openSession(kind);
    session = target.session;
    applied = await applyMigrations(session);
    columns = await session.query<ColumnRow>(COLUMNS_SQL);
  });
  afterAll(() => target?.close());

  test('an empty database gets every migration folder, in order', () => {
    expect(migrations.length).toBeGreaterThan(0);
    expect(applied).toEqual(migrations.map((m) => m.name));
  });

  test('exactly the tables of the schema exist, besides _prisma_migrations', () => {
    const tables = new Set(columns.map((c) => c.table));
    expect([...tables].sort()).toEqual([...dmmf.datamodel.models.map(tableOf), '_prisma_migrations'].sort());
  });

  test.each(dmmf.datamodel.models.map((m) => [m.name, m] as const))('%s: every field has its column, type, nullability and default', (_, model) => {
    const actual = columns
      .filter((c) => c.table === tableOf(model))
      .map((c) => ({ column: c.column, type: c.type.replace(/"/g, ''), notNull: c.not_null, hasDefault: c.default !== null }));
    const expected = scalarFields(model).map((f) => ({
      column: columnOf(f),
      type: expectedType(f),
      notNull: f.isRequired && !f.isList,
      hasDefault: hasDatabaseDefault(f),
    }));
    const byColumn = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
    expect(actual.sort(byColumn)).toEqual(expected.sort(byColumn));
  });

  test('enums have the values of the schema', async () => {
    const actual = await session.query<{ name: string; values: string[] }>(ENUMS_SQL);
    const expected = dmmf.datamodel.enums.map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.dbName ?? v.name) }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(actual.sort(byName)).toEqual(expected.sort(byName));
  });

  test('primary keys, unique constraints and indexes carry the names Prisma gives them', async () => {
    const actual = await session.query<{ name: string; table: string; unique: boolean; primary: boolean; columns: string[] }>(INDEXES_SQL);
    const suffix = { id: 'pkey', unique: 'key', normal: 'idx', fulltext: 'idx' } as const;
    const expected = dmmf.datamodel.indexes.map((index) => {
      const model = modelNamed(index.model);
      const cols = columnsOf(
        model,
        index.fields.map((f) => f.name),
      );
      const table = tableOf(model);
      const name = index.dbName ?? (index.type === 'id' ? `${table}_pkey` : `${table}_${cols.join('_')}_${suffix[index.type]}`);
      return { name, table, unique: index.type !== 'normal', primary: index.type === 'id', columns: cols };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(actual.sort(byName)).toEqual(expected.sort(byName));
  });

  test('relations are foreign keys with the referential actions of the schema', async () => {
    const actual = await session.query<{ name: string; table: string; references: string; on_delete: string; on_update: string; columns: string[] }>(FOREIGN_KEYS_SQL);
    const expected = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
        .map((f) => {
          const cols = columnsOf(model, f.relationFromFields!);
          return {
            name: `${tableOf(model)}_${cols.join('_')}_fkey`,
            table: tableOf(model),
            references: tableOf(modelNamed(f.type)),
            on_delete: ON_ACTION[f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull')],
            on_update: ON_ACTION[f.relationOnUpdate ?? 'Cascade'],
            columns: cols,
          };
        }),
    );
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(actual.sort(byName)).toEqual(expected.sort(byName));
  });

  test('_prisma_migrations is the table Prisma creates', () => {
    const actual = columns.filter((c) => c.table === '_prisma_migrations').map(({ column, type, not_null, default: dflt }) => ({ column, type, not_null, default: dflt }));
    expect(actual.sort((a, b) => a.column.localeCompare(b.column))).toEqual([
      { column: 'applied_steps_count', type: 'integer', not_null: true, default: '0' },
      { column: 'checksum', type: 'character varying(64)', not_null: true, default: null },
      { column: 'finished_at', type: 'timestamp with time zone', not_null: false, default: null },
      { column: 'id', type: 'character varying(36)', not_null: true, default: null },
      { column: 'logs', type: 'text', not_null: false, default: null },
      { column: 'migration_name', type: 'character varying(255)', not_null: true, default: null },
      { column: 'rolled_back_at', type: 'timestamp with time zone', not_null: false, default: null },
      { column: 'started_at', type: 'timestamp with time zone', not_null: true, default: 'now()' },
    ]);
  });

  test('each migration is recorded as prisma migrate deploy records it', async () => {
    const rows = await records(session);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(checksum(migrations[i].sql));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
    }
  });

  test('the checksum is the SHA-256 of migration.sql as stored on disk', () => {
    const [first] = migrations;
    const onDisk = fs.readFileSync(path.join(__dirname, '../../prisma/migrations', first.name, 'migration.sql'));
    expect(checksum(first.sql)).toBe(crypto.createHash('sha256').update(onDisk).digest('hex'));
  });

  test('applying again changes nothing', async () => {
    const before = await records(session);
    expect(await applyMigrations(session)).toEqual([]);
    expect(await records(session)).toEqual(before);
  });

  test('a migration edited after it was applied is refused, naming it', async () => {
    const edited: Migration[] = migrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited\n` } : m));
    await expect(applyMigrations(session, { migrations: edited })).rejects.toThrow(new RegExp(`${migrations[0].name} was modified after it was applied`));
  });

  test('a migration whose line endings were converted still matches, as for Prisma', async () => {
    const crlf: Migration[] = migrations.map((m) => ({ ...m, sql: m.sql.replace(/\n/g, '\r\n') }));
    expect(await applyMigrations(session, { migrations: crlf })).toEqual([]);
  });

  test('a failing migration is rolled back whole and not recorded', async () => {
    const before = await records(session);
    const broken: Migration = { name: '99991231235959_broken', sql: 'CREATE TABLE "Broken" ("id" TEXT);\nSELECT * FROM "NoSuchTable";\n' };
    await expect(applyMigrations(session, { migrations: [...migrations, broken] })).rejects.toThrow(/99991231235959_broken failed and was rolled back/);
    expect(await records(session)).toEqual(before);
    expect(await session.query(`SELECT 1 FROM pg_class WHERE relname = 'Broken'`)).toEqual([]);
    expect(await applyMigrations(session)).toEqual([]);
  });
});

describe('two processes migrating one PostgreSQL database at once', () => {
  test('one applies the migrations, the other waits and finds nothing to do', async () => {
    const database = await createTestPostgresDatabase();
    const clients = [new pg.Client({ connectionString: database.url }), new pg.Client({ connectionString: database.url })];
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const results = await Promise.all(clients.map((c) => applyMigrations(pgSession(c))));
      expect(results.flat()).toEqual(migrations.map((m) => m.name));
      expect(await records(pgSession(clients[0]))).toHaveLength(migrations.length);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await database.drop();
    }
  });
});
