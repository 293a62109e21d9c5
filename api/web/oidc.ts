// Signing in to the web app through an OpenID Connect provider: the authorization code flow with
// PKCE (S256), state and nonce. What the callback must check (the verifier, state and nonce) waits
// in a short-lived HttpOnly cookie of the flow's own path; the tokens stay in this process, never
// in an address, a cookie or a log line. The ID token's username claim names the user of the
// service, who gets the same server-side session as after a password sign-in.
import type { Request, Response } from 'express';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { textProblem } from '../../domain/input';
import type { PrismaClient } from '../../generated/prisma/client';
import { OIDC_CALLBACK_PATH, type WebOidcConfig } from '../../infra/config';
import { closeSession, openSession } from '../../store/web-sessions';
import { type Html, html } from './html';
import type { MessageKey } from './messages';
import { type WebContext, cookiesOf, setCookie, setSessionCookie, webOf } from './session';

export const OIDC_START_PATH = '/dang-nhap/oidc';
export { OIDC_CALLBACK_PATH };
const FLOW_COOKIE = 'cr_oidc';
/** Time from the click to the provider's answer. */
const FLOW_SECONDS = 10 * 60;
const SCOPE = 'openid profile';
/** A provider that does not answer in this time fails the sign-in with a message, rather than hold the browser. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** The sign-in page when the provider signs users in: one link to it, and why a sign-in failed. */
export function oidcSignInPage(web: WebContext, error?: string): Html {
  const { t } = web;
  return html`<div class="card narrow">
    ${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
    <p><a class="button primary" href="${OIDC_START_PATH}">${t('oidc.signIn')}</a></p>
    <p class="hint">${t('oidc.hint')}</p>
  </div>`;
}

type Get = (route: string, handler: (req: Request, res: Response) => Promise<void>) => void;
type ShowSignIn = (req: Request, res: Response, status: number, error: MessageKey, params?: Record<string, string>) => Promise<void>;

/** GET /dang-nhap/oidc (to the provider) and GET /dang-nhap/oidc/callback (back from it). */
export function oidcPages({ prisma, logger, config, get, showSignIn }: { prisma: PrismaClient; logger: Logger; config: WebOidcConfig; get: Get; showSignIn: ShowSignIn }): void {
  const provider = providerOf(config);
  const refuse = (req: Request, res: Response, status: number, key: MessageKey, reason: string, err?: unknown) => {
    // The error's name, code and message only: a token endpoint's answer (its cause) is never logged.
    const error = err instanceof Error ? { name: err.name, code: (err as { code?: unknown }).code, message: err.message } : undefined;
    logger.warn({ reason, error }, 'OIDC sign-in refused');
    return showSignIn(req, res, status, key);
  };

  get(OIDC_START_PATH, async (req, res) => {
    if (webOf(res).signedIn) return res.redirect(303, '/');
    let configuration: client.Configuration;
    try {
      configuration = await provider();
    } catch (err) {
      return refuse(req, res, 502, 'oidc.unavailable', 'the discovery document could not be fetched', err);
    }
    const flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const target = client.buildAuthorizationUrl(configuration, {
      redirect_uri: config.redirectUrl,
      scope: SCOPE,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    setCookie(req, res, FLOW_COOKIE, `${flow.state}.${flow.nonce}.${flow.verifier}`, FLOW_SECONDS, OIDC_START_PATH);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, target.href);
  });

  get(OIDC_CALLBACK_PATH, async (req, res) => {
    const web = webOf(res);
    const flow = flowOf(cookiesOf(req)[FLOW_COOKIE]);
    // One answer per flow: its checks go whatever the outcome.
    setCookie(req, res, FLOW_COOKIE, '', 0, OIDC_START_PATH);
    if (!flow) return refuse(req, res, 400, 'oidc.expired', 'no sign-in under way in this browser');
    if (req.query.state !== flow.state) return refuse(req, res, 400, 'oidc.expired', 'the state does not match the sign-in under way');
    if (req.query.error !== undefined) return refuse(req, res, 401, 'oidc.denied', `the provider answered ${String(req.query.error).slice(0, 64)}`);
    // The configured address, not the Host header, with the provider's parameters.
    const answered = new URL(config.redirectUrl);
    answered.search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(await provider(), answered, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      if (err instanceof client.AuthorizationResponseError) return refuse(req, res, 401, 'oidc.denied', 'the provider refused the sign-in', err);
      return refuse(req, res, 502, 'oidc.failed', 'the code could not be exchanged for a valid ID token', err);
    }
    const username = claims?.[config.usernameClaim];
    if (typeof username !== 'string' || username === '' || textProblem(username, { multiline: false })) {
      return refuse(req, res, 403, 'oidc.noUsername', `the ID token has no usable ${config.usernameClaim} claim`);
    }
    const user = await prisma.user.findUnique({ where: { username: username.normalize('NFC') } });
    if (!user?.active) {
      logger.warn({ reason: user ? 'the user is deactivated' : 'no user has this username', usernameClaim: config.usernameClaim }, 'OIDC sign-in refused');
      return showSignIn(req, res, 403, 'oidc.unknownUser', { username });
    }
    if (web.signedIn) await closeSession(prisma, web.signedIn.sessionId);
    const { id } = await openSession(prisma, user.id);
    setSessionCookie(req, res, id);
    res.redirect(303, '/');
  });
}

/** The provider's configuration, discovered on first use; a failed discovery is tried again on the next sign-in. */
function providerOf(config: WebOidcConfig): () => Promise<client.Configuration> {
  let discovered: Promise<client.Configuration> | null = null;
  const authentication = config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None();
  // The configuration allows plain http only for a provider on this machine.
  const insecure = new URL(config.issuer).protocol === 'http:';
  return () =>
    (discovered ??= client
      .discovery(new URL(config.issuer), config.clientId, undefined, authentication, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: insecure ? [client.allowInsecureRequests] : [],
      })
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      }));
}

function flowOf(cookie: string | undefined): { state: string; nonce: string; verifier: string } | null {
  const parts = cookie?.split('.') ?? [];
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]{16,128}$/.test(p))) return null;
  const [state, nonce, verifier] = parts;
  return { state, nonce, verifier };
}
