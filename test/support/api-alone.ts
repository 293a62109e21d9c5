// The API alone on a database, without Temporal: for what a request settles before any workflow
// is asked (sign-in, limits, validation).
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { signToken } from '../../api/auth';
import type { ApiConfig } from '../../api/config';
import { DEFAULT_DEADLINES } from '../../domain/deadlines';
import { type ApiServer, startApiServer } from '../../api/server';
import type { PrismaClient } from '../../generated/prisma/client';
import { ensureAdminUser } from '../../infra/bootstrap';
import type { Database } from '../../infra/db';
import { ApiClient, type SignedInClient } from './api-client';
import { openTestDatabase } from './databases';

/** Fails any use of Temporal: these requests must not need it. */
export const noTemporal = new Proxy(
  {},
  {
    get: (_target, property) => {
      throw new Error(`Temporal is not part of this test (touched ${String(property)})`);
    },
  },
) as Client;

export function startApiAlone(prisma: PrismaClient, config: Omit<ApiConfig, 'deadlines'>): Promise<ApiServer> {
  return startApiServer({
    prisma,
    temporal: noTemporal,
    config: { deadlines: DEFAULT_DEADLINES, ...config },
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    port: 0,
    host: '127.0.0.1',
  });
}

/** The API alone on a fresh PGlite holding the first admin, signing in HS256 tokens of its own secret. */
export interface ApiAloneOnPglite {
  db: Database;
  api: ApiServer;
  client: ApiClient;
  secret: string;
  signedIn(username: string): Promise<SignedInClient>;
  close(): Promise<void>;
}

export async function startApiAloneOnPglite(config: Omit<ApiConfig, 'deadlines' | 'auth'> = {}): Promise<ApiAloneOnPglite> {
  const secret = randomBytes(32).toString('base64url');
  const db = await openTestDatabase('pglite');
  await ensureAdminUser(db.prisma);
  const api = await startApiAlone(db.prisma, { auth: { kind: 'hs256', secret }, ...config });
  const client = new ApiClient(api.url);
  return {
    db,
    api,
    client,
    secret,
    signedIn: async (username) => client.as(await signToken(secret, username)),
    close: async () => {
      await api.close();
      await db.close();
    },
  };
}
