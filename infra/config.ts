// The environment, validated once at start. Entrypoints call loadConfigOrExit: a wrong value
// stops the start with a one-line reason.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import type { StepDeadlines } from '../domain/types';
import { SECRET_FILE_MODE, ensureDataDir } from './data-dir';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type JwtConfig = { kind: 'hs256'; secret: string; usernameClaim: string } | { kind: 'oidc'; issuer: string; jwksUrl: string; audience: string; usernameClaim: string };

export interface TemporalConfig {
  /** host:port of an existing Temporal service; absent (and no profile address) → the embedded dev server. */
  address?: string;
  /** Absent: the profile's namespace, else 'default'. */
  namespace?: string;
  apiKey?: string;
  tls?: boolean;
  /** @temporalio/envconfig profile name. */
  profile?: string;
  /** Web UI port of the embedded dev server. */
  uiPort?: number;
  /** The Temporal Web UI's address, without a trailing slash; admins get a link from each case to its workflow there. */
  uiUrl?: string;
}

export interface Config {
  port: number;
  /** Absolute. */
  dataDir: string;
  /** PostgreSQL; absent → PGlite under dataDir/pglite. */
  databaseUrl?: string;
  temporal: TemporalConfig;
  jwt: JwtConfig;
  /** Working days each step has and its reminder before; review and follow-up reminder and escalation days. */
  deadlines: StepDeadlines;
  logLevel: LogLevel;
  /** Absent: pretty on a terminal, else JSON. */
  logFormat?: LogFormat;
  /** A workflow bundle built by scripts/build-workflow-bundle.ts; absent → bundled from source at start. */
  workflowBundlePath?: string;
  notifications: NotificationConfig;
  requestLimits: RequestLimits;
  /** The web app's sign-in through an OpenID Connect provider; absent: sign-in with the service's own passwords. */
  webOidc?: WebOidcConfig;
}

/** An OIDC provider the web app signs in through (authorization code flow with PKCE). */
export interface WebOidcConfig {
  /** The issuer; its discovery document is at <issuer>/.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  /** Absent: a public client, with PKCE alone. */
  clientSecret?: string;
  /** Where the provider sends the browser back: <public URL of the service>/dang-nhap/oidc/callback. */
  redirectUrl: string;
  /** The ID token claim holding the username of a user of the service. */
  usernameClaim: string;
}

/** What keeps one client or one slow dependency from holding up the API. */
export interface RequestLimits {
  /** How long a request waits on Temporal before it answers 503. */
  temporalDeadlineMs: number;
  /** Requests a minute from one IP address (signed in or not), and from one signed-in user; 0: no limit. */
  rateLimits: { perIpPerMinute: number; perUserPerMinute: number };
  /** Proxies in front of the API whose X-Forwarded-For names the client (express's `trust proxy` hop count). */
  trustedProxies: number;
}

/** Delivery channels of notifications; each one absent is not used. */
export interface NotificationConfig {
  /** smtp:// or smtps:// URL of the mail server. */
  smtpUrl?: string;
  /** The From of every e-mail. */
  smtpFrom: string;
  webhook?: { url: string; secret: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();
const integer = (min: number, max: number, error: string) => z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
const port = integer(1, 65535, 'expected a port number (1-65535)');
const days = integer(1, 365, 'expected a whole number of days (1-365)');
/** Offsets of reminders and escalations, where 0 means on the day itself. */
const dayOffset = integer(0, 365, 'expected a whole number of days (0-365)');
const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1')
  .optional();
const url = z.url({ error: 'expected a URL' }).optional();
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional();
const perMinute = integer(0, 1_000_000, 'expected a whole number of requests a minute (0: no limit)');

const EnvSchema = z.object({
  PORT: port.default(3000),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, { error: 'expected a postgresql:// URL' })
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .regex(/^\S+:\d+$/, { error: 'expected host:port' })
    .optional(),
  TEMPORAL_NAMESPACE: optionalText,
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: bool,
  TEMPORAL_PROFILE: optionalText,
  TEMPORAL_UI_PORT: port.optional(),
  TEMPORAL_UI_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  JWT_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
  JWT_ISSUER: optionalText,
  JWT_JWKS_URL: url,
  JWT_AUDIENCE: optionalText,
  JWT_USERNAME_CLAIM: z.string().trim().min(1).default('sub'),
  OIDC_ISSUER: httpUrl,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_REDIRECT_URL: httpUrl,
  OIDC_USERNAME_CLAIM: optionalText,
  CONSULTATION_DAYS: days.default(DEFAULT_DEADLINES.consultationDays),
  APPRAISAL_DAYS: days.default(DEFAULT_DEADLINES.appraisalDays),
  VOTE_DAYS: days.default(DEFAULT_DEADLINES.voteDays),
  DECISION_DAYS: days.default(DEFAULT_DEADLINES.decisionDays),
  TERM_END_DAYS: days.default(DEFAULT_DEADLINES.termEndDays),
  CONTINUATION_DAYS: days.default(DEFAULT_DEADLINES.continuationDays),
  SUPPORT_APPROVAL_DAYS: days.default(DEFAULT_DEADLINES.supportApprovalDays),
  PAYMENT_DAYS: days.default(DEFAULT_DEADLINES.paymentDays),
  DEADLINE_REMINDER_DAYS: dayOffset.default(DEFAULT_DEADLINES.reminderDays),
  REVIEW_REMINDER_DAYS: dayOffset.default(DEFAULT_DEADLINES.reviewReminderDays),
  REVIEW_ESCALATION_DAYS: dayOffset.default(DEFAULT_DEADLINES.reviewEscalationDays),
  FOLLOW_UP_REMINDER_DAYS: dayOffset.default(DEFAULT_DEADLINES.followUpReminderDays),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  WORKFLOW_BUNDLE_PATH: optionalText,
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' }).optional(),
  SMTP_FROM: z.string().trim().min(1).default('Cadre rotation <no-reply@localhost>'),
  WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  WEBHOOK_SECRET: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
  REQUEST_DEADLINE_SECONDS: integer(1, 300, 'expected a whole number of seconds (1-300)').default(15),
  RATE_LIMIT_PER_IP: perMinute.default(600),
  RATE_LIMIT_PER_USER: perMinute.default(300),
  TRUST_PROXY: integer(0, 10, 'expected the number of proxies in front of the API (0-10)').default(0),
});
type Env = z.infer<typeof EnvSchema>;

/** Never echoed in an error message. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'TEMPORAL_API_KEY', 'JWT_SECRET', 'OIDC_CLIENT_SECRET', 'SMTP_URL', 'WEBHOOK_URL', 'WEBHOOK_SECRET']);

/**
 * Validates the environment. In HS256 mode without JWT_SECRET, the signing secret is read from
 * DATA_DIR/jwt-secret, which is created (0600) on first use.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return SECRET_VARIABLES.has(name) ? `${name}: ${issue.message}` : `${name}=${JSON.stringify(present[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid environment: ${reasons.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  if (e.WORKFLOW_BUNDLE_PATH && !fs.existsSync(e.WORKFLOW_BUNDLE_PATH)) {
    throw new ConfigError(`Invalid environment: WORKFLOW_BUNDLE_PATH: no file at ${e.WORKFLOW_BUNDLE_PATH}`);
  }
  return {
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: e.TEMPORAL_TLS,
      profile: e.TEMPORAL_PROFILE,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL,
    },
    jwt: jwtConfig(e, dataDir),
    deadlines: {
      unit: 'working_days',
      consultationDays: e.CONSULTATION_DAYS,
      appraisalDays: e.APPRAISAL_DAYS,
      voteDays: e.VOTE_DAYS,
      decisionDays: e.DECISION_DAYS,
      termEndDays: e.TERM_END_DAYS,
      continuationDays: e.CONTINUATION_DAYS,
      supportApprovalDays: e.SUPPORT_APPROVAL_DAYS,
      paymentDays: e.PAYMENT_DAYS,
      reminderDays: e.DEADLINE_REMINDER_DAYS,
      reviewReminderDays: e.REVIEW_REMINDER_DAYS,
      reviewEscalationDays: e.REVIEW_ESCALATION_DAYS,
      followUpReminderDays: e.FOLLOW_UP_REMINDER_DAYS,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH && path.resolve(e.WORKFLOW_BUNDLE_PATH),
    notifications: notificationConfig(e),
    requestLimits: {
      temporalDeadlineMs: e.REQUEST_DEADLINE_SECONDS * 1000,
      rateLimits: { perIpPerMinute: e.RATE_LIMIT_PER_IP, perUserPerMinute: e.RATE_LIMIT_PER_USER },
      trustedProxies: e.TRUST_PROXY,
    },
    webOidc: webOidcConfig(e),
  };
}

/** For entrypoints: reads ./.env if present (set variables win), then the environment; exits 1 on a wrong value. */
export function loadConfigOrExit(): Config {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function jwtConfig(e: Env, dataDir: string): JwtConfig {
  const usernameClaim = e.JWT_USERNAME_CLAIM;
  if (e.JWT_ISSUER || e.JWT_JWKS_URL) {
    if (!e.JWT_ISSUER) throw new ConfigError('Invalid environment: JWT_ISSUER: required when JWT_JWKS_URL is set');
    if (!e.JWT_JWKS_URL) throw new ConfigError('Invalid environment: JWT_JWKS_URL: required when JWT_ISSUER is set');
    if (e.JWT_SECRET) throw new ConfigError('Invalid environment: JWT_SECRET: not used with JWT_ISSUER/JWT_JWKS_URL (OIDC); unset one of them');
    if (!e.JWT_AUDIENCE) throw new ConfigError('Invalid environment: JWT_AUDIENCE: required with JWT_ISSUER (OIDC), so that tokens issued for other services are refused');
    if (!keysFetchedSafely(new URL(e.JWT_JWKS_URL))) {
      throw new ConfigError('Invalid environment: JWT_JWKS_URL: expected an https:// URL (http:// only for localhost)');
    }
    return { kind: 'oidc', issuer: e.JWT_ISSUER, jwksUrl: e.JWT_JWKS_URL, audience: e.JWT_AUDIENCE, usernameClaim };
  }
  return { kind: 'hs256', secret: e.JWT_SECRET ?? storedSecret(path.join(dataDir, 'jwt-secret')), usernameClaim };
}

/** The path the web app takes the provider's answer at; OIDC_REDIRECT_URL must end in it. */
export const OIDC_CALLBACK_PATH = '/dang-nhap/oidc/callback';

function webOidcConfig(e: Env): WebOidcConfig | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_REDIRECT_URL: redirectUrl } = e;
  if (!issuer) {
    const stray = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_USERNAME_CLAIM'] as const).find((name) => e[name]);
    if (stray) throw new ConfigError(`Invalid environment: OIDC_ISSUER: required when ${stray} is set`);
    return undefined;
  }
  if (!clientId) throw new ConfigError('Invalid environment: OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  if (!redirectUrl) throw new ConfigError(`Invalid environment: OIDC_REDIRECT_URL: required when OIDC_ISSUER is set (the service's public URL followed by ${OIDC_CALLBACK_PATH})`);
  if (!keysFetchedSafely(new URL(issuer))) throw new ConfigError('Invalid environment: OIDC_ISSUER: expected an https:// URL (http:// only for localhost)');
  const redirect = new URL(redirectUrl);
  if (redirect.pathname !== OIDC_CALLBACK_PATH || redirect.search || redirect.hash) {
    throw new ConfigError(`Invalid environment: OIDC_REDIRECT_URL=${JSON.stringify(redirectUrl)}: expected the service's public URL followed by ${OIDC_CALLBACK_PATH}`);
  }
  return { issuer, clientId, clientSecret: e.OIDC_CLIENT_SECRET, redirectUrl, usernameClaim: e.OIDC_USERNAME_CLAIM ?? e.JWT_USERNAME_CLAIM };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Signing keys fetched over plain http could be swapped on the way; only a loopback address is exempt. */
function keysFetchedSafely(jwksUrl: URL): boolean {
  return jwksUrl.protocol === 'https:' || (jwksUrl.protocol === 'http:' && LOOPBACK_HOSTS.has(jwksUrl.hostname));
}

function notificationConfig(e: Env): NotificationConfig {
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) throw new ConfigError('Invalid environment: WEBHOOK_SECRET: required when WEBHOOK_URL is set');
  if (e.WEBHOOK_SECRET && !e.WEBHOOK_URL) throw new ConfigError('Invalid environment: WEBHOOK_URL: required when WEBHOOK_SECRET is set');
  return {
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
  };
}

function storedSecret(file: string): string {
  if (!fs.existsSync(file)) {
    ensureDataDir(path.dirname(file));
    // Written aside and hard-linked into place: concurrent first starts agree on one complete secret.
    const draft = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(draft, crypto.randomBytes(48).toString('base64url'), { mode: SECRET_FILE_MODE });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new ConfigError(`Invalid signing secret in ${file}: expected at least 32 characters`);
  return secret;
}
