// Bearer tokens (jose): who the caller is, with their role assignments read fresh from the
// database on every request, so a revoked role or a deactivated user stops working at once.
import type { Request } from 'express';
import { type JWTPayload, type JWTVerifyGetKey, SignJWT, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { textProblem } from '../domain/input';
import type { PrismaClient, RoleAssignment, User } from '../generated/prisma/client';
import { type ApiConfig, DEFAULT_USERNAME_CLAIM } from './config';
import { HttpProblem } from './problem';
import type { Principal } from './scope';
import { type Wording, refusalText } from '../domain/refusal-texts';

export type Authenticate = (req: Request) => Promise<Principal>;

/** The 401 detail for a valid token naming nobody (the token tool tells it apart from a bad token). */
export const UNKNOWN_USER_DETAIL = refusalText('token_unknown_user').en;

/** The 401 detail for a token naming a user an admin has deactivated. */
export const DEACTIVATED_USER_DETAIL = refusalText('token_user_deactivated').en;

/** The longest an HS256 token may live, from its `iat` (or from now, without one) to its `exp`. */
export const HS256_MAX_LIFETIME_SECONDS = 12 * 60 * 60;

export function createAuthenticator(prisma: PrismaClient, auth: ApiConfig['auth']): Authenticate {
  const verify = verifier(auth);
  const claim = auth.usernameClaim ?? DEFAULT_USERNAME_CLAIM;
  return async (req) => {
    const token = bearerToken(req);
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (err) {
      if (err instanceof HttpProblem) throw err;
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'exp' && err.reason === 'missing') throw unauthorized(refusalText('token_no_expiry'));
      throw unauthorized(refusalText('token_invalid'));
    }
    const username = payload[claim];
    if (typeof username !== 'string' || username === '') throw unauthorized(refusalText('token_no_claim', { claim }));
    // An issuer's claim may hold what no username can (U+0000, which the database refuses).
    if (textProblem(username, { multiline: false })) throw unauthorized(refusalText('token_unknown_user'));
    const user = await prisma.user.findUnique({ where: { username }, include: { roles: true } });
    if (!user) throw unauthorized(refusalText('token_unknown_user'));
    if (!user.active) throw unauthorized(refusalText('token_user_deactivated'));
    return principalOf(user);
  };
}

/** The signed-in user as handlers see it, from the user row with its roles. */
export function principalOf(user: User & { roles: RoleAssignment[] }): Principal {
  return { id: user.id, username: user.username, cadreId: user.cadreId, roles: user.roles.map((r) => ({ role: r.role, unitId: r.unitId })) };
}

function verifier(auth: ApiConfig['auth']): (token: string) => Promise<JWTPayload> {
  if (auth.kind === 'hs256') {
    const key = new TextEncoder().encode(auth.secret);
    return async (token) => {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      const from = payload.iat ?? Math.floor(Date.now() / 1000);
      if (payload.exp! - from > HS256_MAX_LIFETIME_SECONDS) throw unauthorized(refusalText('token_too_long'));
      return payload;
    };
  }
  const keys = keysOrUnavailable(createRemoteJWKSet(new URL(auth.jwksUrl)));
  return async (token) => (await jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience, requiredClaims: ['exp'] })).payload;
}

/** The issuer's key set; when it cannot be fetched the caller is not at fault, so the answer is 503, not 401. */
function keysOrUnavailable(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (err) {
      if (keySetUnreachable(err)) throw new HttpProblem(503, refusalText('identity_keys_unreachable'));
      throw err;
    }
  };
}

/** A network failure, a timeout, an answer other than 200 or not a key set; a token naming no published key is the token's fault. */
function keySetUnreachable(err: unknown): boolean {
  if (!(err instanceof errors.JOSEError)) return true;
  return err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err.code === errors.JOSEError.code;
}

function bearerToken(req: Request): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) throw unauthorized(refusalText('token_required'));
  return match[1];
}

function unauthorized(detail: Wording): HttpProblem {
  return new HttpProblem(401, detail);
}

/** A token for `username`, signed with the embedded setup's HS256 secret. */
export async function signToken(secret: string, username: string, options: { usernameClaim?: string; lifetimeSeconds?: number } = {}): Promise<string> {
  const claim = options.usernameClaim ?? DEFAULT_USERNAME_CLAIM;
  // Both claims from one reading of the clock: read twice, a second may pass between them and
  // the token would live a second longer than the verifier allows.
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ [claim]: username })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? HS256_MAX_LIFETIME_SECONDS))
    .sign(new TextEncoder().encode(secret));
}
