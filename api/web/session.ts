// Who is at the browser: the session cookie (HttpOnly, SameSite=Lax, Secure over https) names a
// server-side session; every form carries the session's CSRF token, checked on each POST. Before
// sign-in, the sign-in form's token is tied to a cookie of its own (double submit).
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { SESSION_TIMES, closeSession, findSession, randomToken } from '../../store/web-sessions';
import { principalOf } from '../auth';
import type { Principal } from '../scope';
import { LANGUAGES, type Language, type Translate, translator } from './messages';

export const SESSION_COOKIE = 'cr_session';
export const SIGN_IN_COOKIE = 'cr_signin';
export const LANGUAGE_COOKIE = 'cr_lang';
/** The hidden field every form carries. */
export const CSRF_FIELD = 'csrf';

export interface SignedIn {
  user: Principal;
  fullName: string;
  sessionId: string;
  csrfToken: string;
}

/** What each web handler knows of the request, in res.locals.web. */
export interface WebContext {
  lang: Language;
  t: Translate;
  signedIn: SignedIn | null;
  /** The token the page's forms carry: the session's, or before sign-in the sign-in cookie's. */
  csrfToken: string;
}

export function webOf(res: Response): WebContext {
  return res.locals.web as WebContext;
}

/** The request's cookies; the values this app sets are base64url or a language code, never encoded. */
export function cookiesOf(req: Request): Record<string, string | undefined> {
  const cookies: Record<string, string> = {};
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at).trim()] ??= pair.slice(at + 1).trim();
  }
  return cookies;
}

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeSeconds?: number, cookiePath = '/'): void {
  const attributes = [`${name}=${value}`, `Path=${cookiePath}`, 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeSeconds !== undefined) attributes.push(`Max-Age=${Math.floor(maxAgeSeconds)}`);
  // req.secure follows X-Forwarded-Proto only from the proxies the app trusts ('trust proxy').
  if (req.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  setCookie(req, res, SESSION_COOKIE, sessionId, SESSION_TIMES.absoluteMs / 1000);
}

export function clearSessionCookie(req: Request, res: Response): void {
  setCookie(req, res, SESSION_COOKIE, '', 0);
}

function languageOf(req: Request, res: Response): Language {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked && (LANGUAGES as readonly string[]).includes(asked)) {
    setCookie(req, res, LANGUAGE_COOKIE, asked, 365 * 24 * 3600);
    return asked as Language;
  }
  const kept = cookiesOf(req)[LANGUAGE_COOKIE];
  return kept && (LANGUAGES as readonly string[]).includes(kept) ? (kept as Language) : 'vi';
}

/** Loads the language and the session (if any, of an active user) into res.locals.web. */
export function loadSession(prisma: PrismaClient) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const lang = languageOf(req, res);
      const cookies = cookiesOf(req);
      const sessionId = cookies[SESSION_COOKIE];
      let signedIn: SignedIn | null = null;
      if (sessionId) {
        const session = await findSession(prisma, sessionId);
        const user = session && (await prisma.user.findUnique({ where: { id: session.userId }, include: { roles: true } }));
        if (session && user?.active) signedIn = { user: principalOf(user), fullName: user.fullName, sessionId, csrfToken: session.csrfToken };
        else if (session) await closeSession(prisma, sessionId);
      }
      let csrfToken = signedIn?.csrfToken ?? cookies[SIGN_IN_COOKIE];
      if (!csrfToken) {
        csrfToken = randomToken();
        setCookie(req, res, SIGN_IN_COOKIE, csrfToken);
      }
      const web: WebContext = { lang, t: translator(lang), signedIn, csrfToken };
      res.locals.web = web;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export class CsrfRefused extends Error {}

/** Every web POST carries the token of its session (or, for sign-in, of its sign-in cookie); otherwise a 403 page. */
export function checkCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  next(csrfHolds(req, res) ? undefined : new CsrfRefused('the form was sent without its CSRF token'));
}

/** Whether the form's fields, already parsed into `req.body`, carry the session's CSRF token. */
export function csrfHolds(req: Request, res: Response): boolean {
  const sent = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  const expected = webOf(res).signedIn?.csrfToken ?? cookiesOf(req)[SIGN_IN_COOKIE];
  return typeof sent === 'string' && !!expected && sameToken(sent, expected);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
