// Bearer tokens (jose): who the caller is, with their role assignments read fresh from the
// database on every request, so a revoked role stops working at once.
import type { Request } from 'express';
import { type JWTPayload, type JWTVerifyGetKey, SignJWT, createRemoteJWKSet, jwtVerify } from 'jose';
import type { PrismaClient } from '../generated/prisma/client';
import { type ApiConfig, DEFAULT_USERNAME_CLAIM } from './config';
import { HttpProblem } from './problem';
import type { Principal } from './scope';

export type Authenticate = (req: Request) => Promise<Principal>;

/** The 401 detail for a valid token naming nobody (the token tool tells it apart from a bad token). */
export const UNKNOWN_USER_DETAIL = 'the token names no known user';

export function createAuthenticator(prisma: PrismaClient, auth: ApiConfig['auth']): Authenticate {
  const verify = verifier(auth);
  const claim = auth.usernameClaim ?? DEFAULT_USERNAME_CLAIM;
  return async (req) => {
    const token = bearerToken(req);
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch {
      throw unauthorized('the bearer token is not valid or has expired');
    }
    const username = payload[claim];
    if (typeof username !== 'string' || username === '') throw unauthorized(`the token has no ${claim} claim`);
    const user = await prisma.user.findUnique({ where: { username }, include: { roles: true } });
    if (!user) throw unauthorized(UNKNOWN_USER_DETAIL);
    return {
      id: user.id,
      username: user.username,
      cadreId: user.cadreId,
      roles: user.roles.map((r) => ({ role: r.role, unitId: r.unitId })),
    };
  };
}

function verifier(auth: ApiConfig['auth']): (token: string) => Promise<JWTPayload> {
  if (auth.kind === 'hs256') {
    const key = new TextEncoder().encode(auth.secret);
    return async (token) => (await jwtVerify(token, key, { algorithms: ['HS256'] })).payload;
  }
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(auth.jwksUrl));
  return async (token) => (await jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience })).payload;
}

function bearerToken(req: Request): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) throw unauthorized('an Authorization: Bearer token is required');
  return match[1];
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail);
}

/** A token for `username`, signed with the embedded setup's HS256 secret. */
export async function signToken(secret: string, username: string, options: { usernameClaim?: string; expiresIn?: string } = {}): Promise<string> {
  const claim = options.usernameClaim ?? DEFAULT_USERNAME_CLAIM;
  return new SignJWT({ [claim]: username })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
