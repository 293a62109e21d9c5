// HS256 sign-in: the token's lifetime rules, and a database that does not answer while the
// caller is looked up (503 with Retry-After, within the connect or the statement timeout).
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { SignJWT, decodeJwt } from 'jose';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { HS256_MAX_LIFETIME_SECONDS, signToken } from '../../api/auth';
import type { ApiServer } from '../../api/server';
import { PrismaClient } from '../../generated/prisma/client';
import { openDatabase, postgresPool } from '../../infra/db';
import { ApiClient, type ApiResponse, type Json } from '../support/api-client';
import { type ApiAloneOnPglite, startApiAlone, startApiAloneOnPglite } from '../support/api-alone';
import { createTestPostgresDatabase } from '../support/databases';
import { expectProblem } from '../support/world';

jest.setTimeout(60_000);

const secret = randomBytes(32).toString('base64url');
const USERNAME = 'pham.van.duc';

async function withUser(prisma: PrismaClient): Promise<void> {
  await prisma.user.create({ data: { id: randomUUID(), username: USERNAME, fullName: 'Phạm Văn Đức' } });
}

function me(api: ApiServer, token: string): Promise<ApiResponse<Json>> {
  return new ApiClient(api.url).call('GET', '/v1/me', undefined, { token });
}

function expectUnavailable(res: ApiResponse<Json>): void {
  expectProblem(res, 503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(res.body.detail).toContain('database');
}

describe('HS256 tokens', () => {
  let service: ApiAloneOnPglite;

  beforeAll(async () => {
    service = await startApiAloneOnPglite();
    await withUser(service.db.prisma);
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const token = (claims: { iat?: number; exp?: number }) =>
    new SignJWT({ sub: USERNAME, ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(service.secret));

  it('accepts a token of 12 hours, as the token tool signs them', async () => {
    expect((await me(service.api, await signToken(service.secret, USERNAME))).status).toBe(200);
    expect((await me(service.api, await token({ exp: now() + 11 * 3600 }))).status).toBe(200);
  });

  it('refuses a token without an expiry', async () => {
    const res = await me(service.api, await token({ iat: now() }));
    expectProblem(res, 401);
    expect(res.body.detail).toBe('the token has no expiry (exp)');
  });

  it('refuses a token that lives longer than 12 hours, from its iat or, without one, from now', async () => {
    const issued = now() - 60;
    for (const claims of [{ iat: issued, exp: issued + HS256_MAX_LIFETIME_SECONDS + 1 }, { exp: now() + 13 * 3600 }]) {
      const res = await me(service.api, await token(claims));
      expectProblem(res, 401);
      expect(res.body.detail).toBe('the token lives longer than 12 hours');
    }
  });

  it('signs tokens that live exactly the longest lifetime allowed, from one reading of the clock', async () => {
    for (let i = 0; i < 20; i++) {
      const { iat, exp } = decodeJwt(await signToken(service.secret, USERNAME));
      expect(exp! - iat!).toBe(HS256_MAX_LIFETIME_SECONDS);
    }
    await expect(me(service.api, await signToken(service.secret, USERNAME)).then((r) => r.status)).resolves.toBe(200);
  });
});

describe('a database that does not answer at sign-in', () => {
  it('answers 503 when no connection can be made in time', async () => {
    // Takes the connection and never says a word, as a server behind a dropped route would.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const pool = postgresPool(`postgresql://root@127.0.0.1:${port}/cadre`, { connectMs: 500, statementMs: 500 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const api = await startApiAlone(prisma, { auth: { kind: 'hs256', secret } });
    try {
      const started = Date.now();
      expectUnavailable(await me(api, await signToken(secret, USERNAME)));
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await api.close();
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('answers 503 when the lookup outlasts the statement timeout', async () => {
    const created = await createTestPostgresDatabase();
    const db = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir(), timeouts: { connectMs: 2_000, statementMs: 500 } });
    const locker = new pg.Client({ connectionString: created.url });
    let api: ApiServer | undefined;
    try {
      await withUser(db.prisma);
      api = await startApiAlone(db.prisma, { auth: { kind: 'hs256', secret } });
      const signIn = await signToken(secret, USERNAME);
      expect((await me(api, signIn)).status).toBe(200);

      // A migration or a stuck transaction holding the users' table.
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "User" IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      expectUnavailable(await me(api, signIn));
      expect(Date.now() - started).toBeLessThan(5_000);

      await locker.query('ROLLBACK');
      expect((await me(api, signIn)).status).toBe(200);
    } finally {
      await locker.end().catch(() => undefined);
      await api?.close();
      await db.close();
      await created.drop();
    }
  });
});
