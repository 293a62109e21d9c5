// Fresh databases for tests: a database of its own on the local PostgreSQL, or a PGlite.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../../infra/db';

export type DatabaseKind = Database['kind'];
export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'postgres'];

const TCP_BASE_URL = 'postgresql://root@127.0.0.1:5432/postgres';
// Where PostgreSQL is set up the Debian way, TCP asks for a password and the socket does not.
const SOCKET_BASE_URL = 'postgresql://root@/postgres?host=/var/run/postgresql';

export interface TestPostgresDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, uniquely named database on the local PostgreSQL (TEST_DATABASE_URL names another server). */
export async function createTestPostgresDatabase(): Promise<TestPostgresDatabase> {
  const baseUrl = await reachableBaseUrl();
  const name = `test_${Date.now()}_${crypto.randomBytes(4).toString('hex')}`;
  await onServer(baseUrl, `CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(baseUrl, name),
    drop: () => onServer(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

let baseUrlFound: Promise<string> | undefined;

function reachableBaseUrl(): Promise<string> {
  return (baseUrlFound ??= (async () => {
    const candidates = process.env.TEST_DATABASE_URL ? [process.env.TEST_DATABASE_URL] : [TCP_BASE_URL, SOCKET_BASE_URL];
    const failures: string[] = [];
    for (const url of candidates) {
      try {
        await onServer(url, 'SELECT 1');
        return url;
      } catch (error) {
        failures.push(`${url}: ${(error as Error).message}`);
      }
    }
    throw new Error(`No PostgreSQL for the database tests (start it, or set TEST_DATABASE_URL): ${failures.join('; ')}`);
  })());
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server URL naming another database; works for the socket form, which URL() rejects. */
function withDatabase(url: string, database: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!match) throw new Error(`Not a PostgreSQL URL: ${url}`);
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

export interface TestPglite {
  pglite: PGlite;
  close(): Promise<void>;
}

/** An empty in-memory PGlite. */
export async function createTestPglite(): Promise<TestPglite> {
  const pglite = await PGlite.create();
  return { pglite, close: () => pglite.close() };
}

/** An empty, migrated database of that kind with its Prisma client; close() deletes it as well. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'postgres') {
    const created = await createTestPostgresDatabase();
    const db = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir() });
    return { ...db, close: () => db.close().finally(created.drop) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-test-'));
  const db = await openDatabase({ dataDir });
  return { ...db, close: () => db.close().finally(() => fs.rmSync(dataDir, { recursive: true, force: true })) };
}
