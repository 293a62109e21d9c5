// Applies prisma/migrations the way `prisma migrate deploy` does and records them in Prisma's
// own `_prisma_migrations` table, because Prisma's native schema engine cannot be downloaded
// here. Wherever the engine is available, `prisma migrate status/deploy` agree with what ran.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGliteInterface } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Logger } from './logger';

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'prisma', 'migrations');

/** The key Prisma's engine locks with on PostgreSQL, so this runner and `prisma migrate` exclude each other too. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** One connection: statements run in order, on the same session. */
export interface SqlSession {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(script: string): Promise<void>;
}

export function pgSession(client: pg.ClientBase): SqlSession {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    exec: async (script) => {
      await client.query(script);
    },
  };
}

export function pgliteSession(db: PGliteInterface): SqlSession {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
  };
}

export interface Migration {
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Folders holding a migration.sql, in name order (their timestamps). */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

export function checksum(sql: string): string {
  return crypto.createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** As Prisma's engine: the file as it is, or with its line endings converted either way. */
function matchesChecksum(sql: string, recorded: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => checksum(variant) === recorded);
}

// Prisma's own definition of the table.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies the pending migrations in name order, each in its own transaction together with its
 * `_prisma_migrations` row, under Prisma's advisory lock. Returns the names applied.
 */
export async function applyMigrations(session: SqlSession, options: { migrations?: Migration[]; log?: Logger } = {}): Promise<string[]> {
  const migrations = options.migrations ?? readMigrations();
  await session.query(`SELECT pg_advisory_lock($1)`, [PRISMA_ADVISORY_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await session.query<MigrationRow>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`);
    const pending = pendingMigrations(migrations, rows, options.log);
    for (const migration of pending) {
      await applyOne(session, migration);
      options.log?.info({ migration: migration.name }, 'applied migration');
    }
    return pending.map((m) => m.name);
  } finally {
    // A failed unlock means a lost session, which releases the lock itself.
    await session.query(`SELECT pg_advisory_unlock($1)`, [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
  }
}

function pendingMigrations(migrations: Migration[], rows: MigrationRow[], log?: Logger): Migration[] {
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(`Migration ${failed.migration_name} failed earlier and is not finished; repair the database, then run \`prisma migrate resolve\``);
  }
  const recorded = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const sum = recorded.get(migration.name);
    if (sum !== undefined && !matchesChecksum(migration.sql, sum)) {
      throw new MigrationError(
        `Migration ${migration.name} was modified after it was applied (its checksum in _prisma_migrations differs); restore its migration.sql and add a new migration instead`,
      );
    }
  }
  const local = new Set(migrations.map((m) => m.name));
  const unknown = rows.filter((row) => !local.has(row.migration_name)).map((row) => row.migration_name);
  if (unknown.length > 0) log?.warn({ migrations: unknown }, 'database has migrations this version does not know');
  return migrations.filter((m) => !recorded.has(m.name));
}

async function applyOne(session: SqlSession, migration: Migration): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 1)`,
      [crypto.randomUUID(), checksum(migration.sql), migration.name],
    );
    await session.exec('COMMIT');
  } catch (error) {
    // The migration's own error is the one worth reporting.
    await session.exec('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}
