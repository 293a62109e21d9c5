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
import { acquirePidLock } from './pid-lock';

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
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.log) : openPglite(options.dataDir, options.log);
}

async function openPostgres(connectionString: string, log?: Logger): Promise<Database> {
  // A connection of its own, so the migration lock ends with it whatever happens.
  const migrator = new pg.Client({ connectionString });
  await migrator.connect();
  let appliedMigrations: string[];
  try {
    appliedMigrations = await applyMigrations(pgSession(migrator), { log });
  } finally {
    await migrator.end();
  }
  const pool = new pg.Pool({ connectionString });
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

async function openPglite(dataDir: string, log?: Logger): Promise<Database> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  // PGlite does not lock its folder; a second process writing to it would corrupt it.
  const release = acquirePidLock(path.join(dataDir, 'pglite.lock'), `The PGlite database in ${dir}`);
  let db: PGlite | undefined;
  try {
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) initPgliteCluster(dir);
    db = await PGlite.create(dir, { postgresqlconf: PGLITE_SETTINGS });
    const appliedMigrations = await applyMigrations(pgliteSession(db), { log });
    const pglite = db;
    return database(new PrismaClient({ adapter: new PrismaPGlite(db) }), 'pglite', appliedMigrations, async () => {
      await pglite.close();
      release();
    });
  } catch (error) {
    await db?.close();
    release();
    throw error;
  }
}

function database(
  prisma: PrismaClient,
  kind: Database['kind'],
  appliedMigrations: string[],
  closeDriver: () => Promise<void>,
): Database {
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
