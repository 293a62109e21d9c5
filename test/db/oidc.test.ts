// OIDC sign-in: the API verifies bearer tokens against an issuer's published keys (JWKS), here a
// local HTTP server with keys made for the test. No Temporal: /v1/me needs only the database.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { UNKNOWN_USER_DETAIL } from '../../api/auth';
import type { ApiServer } from '../../api/server';
import type { Database } from '../../infra/db';
import { ApiClient, type ApiResponse, type Json } from '../support/api-client';
import { startApiAlone } from '../support/api-alone';
import { openTestDatabase } from '../support/databases';

const AUDIENCE = 'cadre-rotation';
const USERNAME_CLAIM = 'preferred_username';

interface SigningKey {
  alg: 'ES256' | 'RS256';
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(alg: SigningKey['alg']): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const kid = `${alg.toLowerCase()}-${randomUUID()}`;
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

let db: Database;
let jwks: http.Server;
let jwksRequests = 0;
let api: ApiServer;
let client: ApiClient;
let issuer: string;
let es256: SigningKey;
let rs256: SigningKey;

beforeAll(async () => {
  [db, es256, rs256] = await Promise.all([openTestDatabase('pglite'), signingKey('ES256'), signingKey('RS256')]);
  await db.prisma.user.create({
    data: {
      id: randomUUID(),
      username: 'nguyen.thi.lan',
      fullName: 'Nguyễn Thị Lan',
      roles: { create: { id: randomUUID(), role: 'organizer', unitId: null } },
    },
  });

  // The identity provider: its key set, at a URL of its own.
  jwks = http.createServer((req, res) => {
    if (req.url !== '/realms/cadre/protocol/openid-connect/certs') {
      res.writeHead(404).end();
      return;
    }
    jwksRequests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [es256.jwk, rs256.jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  issuer = `${base}/realms/cadre`;

  api = await startApiAlone(db.prisma, {
    auth: { kind: 'oidc', issuer, jwksUrl: `${issuer}/protocol/openid-connect/certs`, audience: AUDIENCE, usernameClaim: USERNAME_CLAIM },
  });
  client = new ApiClient(api.url);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined)));
  await db?.close();
});

interface TokenOptions {
  key?: SigningKey;
  issuer?: string;
  audience?: string;
  claims?: Record<string, unknown>;
  /** Seconds from now (negative: in the past); null: no exp claim. */
  expiresIn?: number | null;
}

function idToken(options: TokenOptions = {}): Promise<string> {
  const key = options.key ?? es256;
  const now = Math.floor(Date.now() / 1000);
  const token = new SignJWT({ [USERNAME_CLAIM]: 'nguyen.thi.lan', ...options.claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject('5b1d7c4e-0f3a-4c8e-9a55-2f0c1b7d9e11')
    .setIssuer(options.issuer ?? issuer)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now - 60);
  if (options.expiresIn !== null) token.setExpirationTime(now + (options.expiresIn ?? 300));
  return token.sign(key.privateKey);
}

function me(token: string): Promise<ApiResponse<Json>> {
  return client.call('GET', '/v1/me', undefined, { token });
}

function expectUnauthorized(res: ApiResponse<Json>, detail?: string): void {
  expect({ status: res.status, type: res.headers.get('content-type'), challenge: res.headers.get('www-authenticate') }).toEqual({
    status: 401,
    type: expect.stringContaining('application/problem+json'),
    challenge: 'Bearer',
  });
  expect(res.body).toMatchObject({ type: expect.any(String), title: 'Unauthorized', status: 401, detail: detail ?? expect.any(String) });
}

describe('OIDC bearer tokens', () => {
  it('signs in a user named by the configured claim, with a token from the issuer for this audience', async () => {
    const res = await me(await idToken());
    expect([res.status, res.body]).toEqual([
      200,
      expect.objectContaining({ username: 'nguyen.thi.lan', fullName: 'Nguyễn Thị Lan', roles: [{ role: 'organizer', unitId: null }] }),
    ]);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('accepts every key the issuer publishes', async () => {
    expect((await me(await idToken({ key: rs256 }))).status).toBe(200);
  });

  it('refuses a token from another issuer', async () => {
    expectUnauthorized(await me(await idToken({ issuer: 'https://id.example.gov.vn/realms/other' })));
  });

  it('refuses a token for another audience', async () => {
    expectUnauthorized(await me(await idToken({ audience: 'another-service' })));
  });

  it('refuses an expired token', async () => {
    expectUnauthorized(await me(await idToken({ expiresIn: -30 })));
  });

  it('refuses a token without an expiry', async () => {
    expectUnauthorized(await me(await idToken({ expiresIn: null })), 'the token has no expiry (exp)');
  });

  it('refuses a valid token naming no user of the service', async () => {
    expectUnauthorized(await me(await idToken({ claims: { [USERNAME_CLAIM]: 'khong.co.ai' } })), UNKNOWN_USER_DETAIL);
  });

  it('takes the username from the configured claim only, not from sub', async () => {
    expectUnauthorized(await me(await idToken({ claims: { [USERNAME_CLAIM]: undefined }, key: es256 })));
    const bySub = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: es256.kid })
      .setSubject('nguyen.thi.lan')
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(es256.privateKey);
    expectUnauthorized(await me(bySub));
  });

  it('refuses an HS256 token, whatever its claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hs256 = await new SignJWT({ [USERNAME_CLAIM]: 'nguyen.thi.lan' })
      .setProtectedHeader({ alg: 'HS256', kid: es256.kid })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime(now + 300)
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-characters!'));
    expectUnauthorized(await me(hs256));
  });

  it('refuses a token signed by a key the issuer does not publish, even under a published key id', async () => {
    const impostor = await signingKey('ES256');
    expectUnauthorized(await me(await idToken({ key: { ...impostor, kid: es256.kid } })));
  });

  it('refuses a request with no token or a malformed one', async () => {
    expectUnauthorized(await client.call('GET', '/v1/me'));
    expectUnauthorized(await me('not-a-jwt'));
  });
});

describe('an identity provider whose keys cannot be fetched', () => {
  /** The API above, with its keys to be fetched from `jwksUrl`, answers the same token with 503. */
  async function expectUnavailable(jwksUrl: string): Promise<void> {
    const unreachable = await startApiAlone(db.prisma, { auth: { kind: 'oidc', issuer, jwksUrl, audience: AUDIENCE, usernameClaim: USERNAME_CLAIM } });
    try {
      const res = await new ApiClient(unreachable.url).call('GET', '/v1/me', undefined, { token: await idToken() });
      expect({ status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after') }).toEqual({
        status: 503,
        type: expect.stringContaining('application/problem+json'),
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      expect(res.body.detail).toContain('JWT_JWKS_URL');
    } finally {
      await unreachable.close();
    }
  }

  it('answers 503, not 401, when nothing listens at the JWKS URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expectUnavailable(`http://127.0.0.1:${port}/certs`);
  });

  it('answers 503 when the JWKS URL answers with an error', async () => {
    await expectUnavailable(`${issuer}/no-such-key-set`);
  });
});
