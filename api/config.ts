// What the API needs from the service's configuration; the start scripts map their Config onto it.
import type { StepDeadlines } from '../domain/types';
import type { Config, WebOidcConfig } from '../infra/config';

/** How bearer tokens are verified: a shared HS256 secret, or an OIDC issuer's published keys. */
export type TokenVerification = { kind: 'hs256'; secret: string } | { kind: 'oidc'; issuer: string; jwksUrl: string; audience: string };

/** Requests a minute before the answer is 429; 0 turns that limit off. */
export interface RateLimits {
  /** From one IP address, counted before sign-in. */
  perIpPerMinute: number;
  /** From one signed-in user. */
  perUserPerMinute: number;
}

export interface ApiConfig {
  auth: TokenVerification & {
    /** The token claim that holds the username (default `sub`). */
    usernameClaim?: string;
  };
  deadlines: StepDeadlines;
  /** Largest JSON body accepted, in express's notation (default "100kb"). */
  bodyLimit?: string;
  /** How long a request waits on Temporal (an Update, a Query, a start) before it answers 503. */
  temporalDeadlineMs?: number;
  /** Absent: no rate limit. */
  rateLimits?: RateLimits;
  /** Proxies in front of the API whose X-Forwarded-For names the client (default 0: none). */
  trustedProxies?: number;
  /** The web app signs in through this OIDC provider; absent: with passwords. */
  webOidc?: WebOidcConfig;
  /** The Temporal Web UI's address (no trailing slash): the web app links admins from each case to its workflow there. Absent: no link. */
  temporalUiUrl?: string;
}

export const DEFAULT_USERNAME_CLAIM = 'sub';
export const DEFAULT_TEMPORAL_DEADLINE_MS = 15_000;

/** The API's part of the service's configuration. */
export function apiConfigOf(config: Pick<Config, 'jwt' | 'deadlines' | 'requestLimits' | 'webOidc' | 'temporal'>): ApiConfig {
  return { auth: config.jwt, deadlines: config.deadlines, ...config.requestLimits, webOidc: config.webOidc, temporalUiUrl: config.temporal.uiUrl };
}
