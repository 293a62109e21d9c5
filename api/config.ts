// What the API needs from the service's configuration; the start scripts map their Config onto it.
import type { StepDeadlines } from '../domain/types';

/** How bearer tokens are verified: a shared HS256 secret, or an OIDC issuer's published keys. */
export type TokenVerification =
  | { kind: 'hs256'; secret: string }
  | { kind: 'oidc'; issuer: string; jwksUrl: string; audience?: string };

export interface ApiConfig {
  auth: TokenVerification & {
    /** The token claim that holds the username (default `sub`). */
    usernameClaim?: string;
  };
  deadlines: StepDeadlines;
  /** Largest JSON body accepted, in express's notation (default "100kb"). */
  bodyLimit?: string;
}

export const DEFAULT_USERNAME_CLAIM = 'sub';
export const DEFAULT_DEADLINES: StepDeadlines = { consultationDays: 14, voteDays: 7, reviewReminderDays: 7, reviewEscalationDays: 7, followUpReminderDays: 3 };
