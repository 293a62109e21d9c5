// Rate limits, kept in this process's memory: every request counts against its IP address before
// sign-in, and against its user after it. Past a limit the answer is 429 with Retry-After.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Authenticate } from './auth';
import type { RateLimits } from './config';
import { HttpProblem } from './problem';
import type { Principal } from './scope';
import { type Wording, refusalText } from '../domain/refusal-texts';

/** Who a request is from, with its user's limit counted; a function of the request alone passes too. */
export type SignIn = (req: Request, res: Response) => Promise<Principal>;

const WINDOW_MS = 60_000;

interface Counting {
  keyGenerator?: (req: Request, res: Response) => string;
  skip?: (req: Request) => boolean;
}

function limiter(name: string, limit: number, detail: Wording, counting: Counting = {}): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    identifier: name,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...counting,
    handler: (_req: Request, _res: Response, next: NextFunction) => next(new HttpProblem(429, detail)),
  });
}

/** The limit per IP address, for the app to run before anything else; null when off. */
export function perIpLimit(limits: RateLimits | undefined): RequestHandler | null {
  if (!limits || limits.perIpPerMinute <= 0) return null;
  return limiter('per-ip', limits.perIpPerMinute, refusalText('too_many_from_address', { limit: limits.perIpPerMinute }), {
    // A load balancer's readiness probes are never refused.
    skip: (req) => req.path === '/health',
  });
}

/** Signs the request in, then counts it against the user's limit: 429 past it. */
export function signInWithinLimit(authenticate: Authenticate, limits: RateLimits | undefined): SignIn {
  if (!limits || limits.perUserPerMinute <= 0) return (req) => authenticate(req);
  const perUser = limiter('per-user', limits.perUserPerMinute, refusalText('too_many_from_user', { limit: limits.perUserPerMinute }), {
    keyGenerator: (_req, res) => `user:${(res.locals.signedIn as Principal).id}`,
  });
  return async (req, res) => {
    const user = await authenticate(req);
    res.locals.signedIn = user;
    await new Promise<void>((resolve, reject) => {
      void perUser(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
    });
    return user;
  };
}

/** Password sign-in attempts a minute from one address for one username: a brake on guessing, always on. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

/** Counts password sign-in attempts (the form's `username`) from the request's address: 429 past the limit. */
export function signInAttemptLimit(): RequestHandler {
  return limiter('sign-in', SIGN_IN_ATTEMPTS_PER_MINUTE, refusalText('too_many_sign_ins', { limit: SIGN_IN_ATTEMPTS_PER_MINUTE }), {
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}:${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
  });
}
