// The one Prisma client of a process: PostgreSQL when DATABASE_URL is set, else PGlite persisted
// under DATA_DIR. Pending migrations are applied before the client is handed out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import type { Logger } from './logger';
import { applyMigrations, pgliteSession, pgSession } from './migrate';
import { ensureDataDir } from './data-dir';
import { acquireProcessLock } from './process-lock';

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Migrations applied while opening, in order. */
  appliedMigrations: string[];
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL; absent → PGlite in dataDir/pglite. */
  databaseUrl?: string;
  dataDir: string;
  log?: Logger;
  /** PostgreSQL only: how long to wait for a connection and for a statement. */
  timeouts?: PostgresTimeouts;
}

export interface PostgresTimeouts {
  connectMs: number;
  statementMs: number;
}

/** A PostgreSQL that does not answer fails the request (503 at the API) instead of holding it. */
export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = { connectMs: 5_000, statementMs: 10_000 };
/** Past the statement timeout, for a server too far gone to cancel the statement itself. */
const READ_TIMEOUT_MARGIN_MS = 2_000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.timeouts ?? DEFAULT_POSTGRES_TIMEOUTS, options.log) : openPglite(options.dataDir, options.log);
}

/** The pool the Prisma client runs on, with its timeouts. */
export function postgresPool(connectionString: string, timeouts: PostgresTimeouts = DEFAULT_POSTGRES_TIMEOUTS): pg.Pool {
  return new pg.Pool({
    connectionString,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + READ_TIMEOUT_MARGIN_MS,
  });
}

async function openPostgres(connectionString: string, timeouts: PostgresTimeouts, log?: Logger): Promise<Database> {
  // A connection of its own, so the migration lock ends with it whatever happens; a migration
  // and the wait for that lock may take as long as they take.
  const migrator = new pg.Client({ connectionString, connectionTimeoutMillis: timeouts.connectMs });
  await migrator.connect();
  let appliedMigrations: string[];
  try {
    appliedMigrations = await applyMigrations(pgSession(migrator), { log });
  } finally {
    await migrator.end();
  }
  const pool = postgresPool(connectionString, timeouts);
  pool.on('error', (err) => log?.warn({ err }, 'idle PostgreSQL connection failed'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return database(prisma, 'postgres', appliedMigrations, () => pool.end());
}

/** One connection in one process needs no large buffer pool; PostgreSQL's default is 128 MB. */
const PGLITE_SETTINGS = ['shared_buffers=16MB'];

function initPgliteCluster(dir: string): void {
  const child = spawnSync(process.execPath, [path.join(__dirname, 'pglite-init.cjs'), dir], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`could not create the PGlite database in ${dir}: ${child.stderr.trim() || child.error?.message}`);
}

/** Held by the one process that has the PGlite folder open. */
export function pgliteLockFile(dataDir: string): string {
  return path.join(dataDir, 'pglite.lock');
}

async function openPglite(dataDir: string, log?: Logger): Promise<Database> {
  const dir = path.join(dataDir, 'pglite');
  ensureDataDir(dir);
  // PGlite does not lock its folder; a second process writing to it would corrupt it.
  const release = await acquireProcessLock(pgliteLockFile(dataDir), `The PGlite database in ${dir}`);
  let db: PGlite | undefined;
  try {
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) initPgliteCluster(dir);
    db = await PGlite.create(dir, { postgresqlconf: PGLITE_SETTINGS });
    const appliedMigrations = await applyMigrations(pgliteSession(db), { log });
    const pglite = db;
    return database(new PrismaClient({ adapter: new PrismaPGlite(db) }), 'pglite', appliedMigrations, async () => {
      await pglite.close();
      await release();
    });
  } catch (error) {
    await db?.close();
    await release();
    throw error;
  }
}

function database(prisma: PrismaClient, kind: Database['kind'], appliedMigrations: string[], closeDriver: () => Promise<void>): Database {
  return {
    prisma,
    kind,
    appliedMigrations,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}
