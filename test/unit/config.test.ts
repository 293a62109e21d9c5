import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../infra/config';

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-config-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const errorOf = (env: Record<string, string>): ConfigError => {
    try {
      loadConfig({ DATA_DIR: dataDir, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  test('defaults: embedded setup, HS256 with a secret kept in DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      dataDir,
      databaseUrl: undefined,
      temporal: { address: undefined, namespace: undefined },
      jwt: { kind: 'hs256', usernameClaim: 'sub' },
      deadlines: { consultationDays: 14, voteDays: 7, reviewReminderDays: 7, reviewEscalationDays: 7, followUpReminderDays: 3 },
      logLevel: 'info',
      notifications: { smtpUrl: undefined, smtpFrom: 'Cadre rotation <no-reply@localhost>', webhook: undefined },
      requestLimits: { temporalDeadlineMs: 15_000, rateLimits: { perIpPerMinute: 600, perUserPerMinute: 300 }, trustedProxies: 0 },
    });
    const secretFile = path.join(dataDir, 'jwt-secret');
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(config.jwt.kind === 'hs256' && config.jwt.secret).toBe(fs.readFileSync(secretFile, 'utf8'));
    expect(loadConfig({ DATA_DIR: dataDir }).jwt).toEqual(config.jwt);
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgresql://svc@db.example/cadre',
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_NAMESPACE: 'cadre',
      TEMPORAL_API_KEY: 'key',
      TEMPORAL_TLS: 'true',
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_UI_PORT: '9000',
      TEMPORAL_UI_URL: 'https://temporal-ui.example/',
      JWT_ISSUER: 'https://id.example',
      JWT_JWKS_URL: 'https://id.example/jwks',
      JWT_AUDIENCE: 'cadre-rotation',
      JWT_USERNAME_CLAIM: 'preferred_username',
      CONSULTATION_DAYS: '10',
      APPRAISAL_DAYS: '4',
      VOTE_DAYS: '5',
      DECISION_DAYS: '3',
      TERM_END_DAYS: '15',
      CONTINUATION_DAYS: '6',
      SUPPORT_APPROVAL_DAYS: '8',
      PAYMENT_DAYS: '9',
      DEADLINE_REMINDER_DAYS: '1',
      REVIEW_REMINDER_DAYS: '10',
      REVIEW_ESCALATION_DAYS: '14',
      FOLLOW_UP_REMINDER_DAYS: '2',
      LOG_LEVEL: 'debug',
      SMTP_URL: 'smtps://mailer:pw@smtp.example:465',
      SMTP_FROM: 'Ban Tổ chức <to-chuc@example.gov.vn>',
      WEBHOOK_URL: 'https://hooks.example/cadre',
      WEBHOOK_SECRET: 'a-webhook-secret-of-some-length',
      REQUEST_DEADLINE_SECONDS: '5',
      RATE_LIMIT_PER_IP: '1200',
      RATE_LIMIT_PER_USER: '0',
      TRUST_PROXY: '1',
    });
    expect(config).toEqual({
      port: 8080,
      dataDir,
      databaseUrl: 'postgresql://svc@db.example/cadre',
      temporal: { address: 'temporal.example:7233', namespace: 'cadre', apiKey: 'key', tls: true, profile: 'prod', uiPort: 9000, uiUrl: 'https://temporal-ui.example' },
      jwt: { kind: 'oidc', issuer: 'https://id.example', jwksUrl: 'https://id.example/jwks', audience: 'cadre-rotation', usernameClaim: 'preferred_username' },
      deadlines: {
        unit: 'working_days',
        consultationDays: 10,
        appraisalDays: 4,
        voteDays: 5,
        decisionDays: 3,
        termEndDays: 15,
        continuationDays: 6,
        supportApprovalDays: 8,
        paymentDays: 9,
        reminderDays: 1,
        reviewReminderDays: 10,
        reviewEscalationDays: 14,
        followUpReminderDays: 2,
      },
      logLevel: 'debug',
      workflowBundlePath: undefined,
      notifications: {
        smtpUrl: 'smtps://mailer:pw@smtp.example:465',
        smtpFrom: 'Ban Tổ chức <to-chuc@example.gov.vn>',
        webhook: { url: 'https://hooks.example/cadre', secret: 'a-webhook-secret-of-some-length' },
      },
      requestLimits: { temporalDeadlineMs: 5_000, rateLimits: { perIpPerMinute: 1200, perUserPerMinute: 0 }, trustedProxies: 1 },
    });
    expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false);
  });

  test('review and follow-up timings and the step reminder may be 0 days (on the day itself; no reminder); steps count working days by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir, REVIEW_REMINDER_DAYS: '0', REVIEW_ESCALATION_DAYS: '0', FOLLOW_UP_REMINDER_DAYS: '0', DEADLINE_REMINDER_DAYS: '0' }).deadlines).toEqual({
      unit: 'working_days',
      consultationDays: 14,
      appraisalDays: 7,
      voteDays: 7,
      decisionDays: 7,
      termEndDays: 10,
      continuationDays: 10,
      supportApprovalDays: 7,
      paymentDays: 5,
      reminderDays: 0,
      reviewReminderDays: 0,
      reviewEscalationDays: 0,
      followUpReminderDays: 0,
    });
  });

  test.each(['-1', '1.5', 'NaN'])('review timings of %s days are refused when the configuration is read', (n) => {
    for (const name of ['REVIEW_REMINDER_DAYS', 'REVIEW_ESCALATION_DAYS']) {
      expect(errorOf({ [name]: n }).message).toContain(`${name}="${n}": expected a whole number of days (0-365)`);
    }
  });

  test('OIDC keys may come over plain http from this machine only', () => {
    for (const jwksUrl of ['http://localhost:8080/jwks', 'http://127.0.0.1:8080/jwks', 'http://[::1]:8080/jwks']) {
      expect(loadConfig({ DATA_DIR: dataDir, JWT_ISSUER: 'http://localhost:8080', JWT_JWKS_URL: jwksUrl, JWT_AUDIENCE: 'cadre' }).jwt).toMatchObject({ kind: 'oidc', jwksUrl });
    }
  });

  test('LOG_FORMAT is json or pretty; unset, the logger chooses by whether stdout is a terminal', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).logFormat).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(errorOf({ LOG_FORMAT: 'xml' }).message).toContain('LOG_FORMAT="xml"');
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '', TEMPORAL_ADDRESS: '' })).toMatchObject({ port: 3000, temporal: { address: undefined } });
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT="abc": expected a port number'],
    [{ PORT: '70000' }, 'PORT="70000": expected a port number'],
    [{ VOTE_DAYS: '0' }, 'VOTE_DAYS="0": expected a whole number of days'],
    [{ APPRAISAL_DAYS: '0' }, 'APPRAISAL_DAYS="0": expected a whole number of days (1-365)'],
    [{ DECISION_DAYS: '1.5' }, 'DECISION_DAYS="1.5": expected a whole number of days (1-365)'],
    [{ DEADLINE_REMINDER_DAYS: '-2' }, 'DEADLINE_REMINDER_DAYS="-2": expected a whole number of days (0-365)'],
    [{ REVIEW_REMINDER_DAYS: '-1' }, 'REVIEW_REMINDER_DAYS="-1": expected a whole number of days (0-365)'],
    [{ REVIEW_ESCALATION_DAYS: '2.5' }, 'REVIEW_ESCALATION_DAYS="2.5": expected a whole number of days (0-365)'],
    [{ FOLLOW_UP_REMINDER_DAYS: 'soon' }, 'FOLLOW_UP_REMINDER_DAYS="soon": expected a whole number of days (0-365)'],
    [{ REVIEW_REMINDER_DAYS: '400' }, 'REVIEW_REMINDER_DAYS="400": expected a whole number of days (0-365)'],
    [{ TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS="yes": expected true or false'],
    [{ TEMPORAL_ADDRESS: 'temporal.example' }, 'TEMPORAL_ADDRESS="temporal.example": expected host:port'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud"'],
    [{ JWT_ISSUER: 'https://id.example' }, 'JWT_JWKS_URL: required when JWT_ISSUER is set'],
    [{ JWT_ISSUER: 'https://id.example', JWT_JWKS_URL: 'https://id.example/jwks' }, 'JWT_AUDIENCE: required with JWT_ISSUER'],
    [{ JWT_ISSUER: 'https://id.example', JWT_JWKS_URL: 'http://id.example/jwks', JWT_AUDIENCE: 'cadre' }, 'JWT_JWKS_URL: expected an https:// URL'],
    [{ JWT_ISSUER: 'https://id.example', JWT_JWKS_URL: 'http://10.0.0.5/jwks', JWT_AUDIENCE: 'cadre' }, 'JWT_JWKS_URL: expected an https:// URL'],
    [{ JWT_JWKS_URL: 'not a url' }, 'JWT_JWKS_URL="not a url": expected a URL'],
    [{ SMTP_URL: 'http://smtp.example' }, 'SMTP_URL: expected an smtp:// or smtps:// URL'],
    [{ WEBHOOK_URL: 'ftp://hooks.example', WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' }, 'WEBHOOK_URL: expected an http:// or https:// URL'],
    [{ WEBHOOK_URL: 'https://hooks.example' }, 'WEBHOOK_SECRET: required when WEBHOOK_URL is set'],
    [{ WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' }, 'WEBHOOK_URL: required when WEBHOOK_SECRET is set'],
    [{ REQUEST_DEADLINE_SECONDS: '0' }, 'REQUEST_DEADLINE_SECONDS="0": expected a whole number of seconds (1-300)'],
    [{ RATE_LIMIT_PER_IP: '-5' }, 'RATE_LIMIT_PER_IP="-5": expected a whole number of requests a minute (0: no limit)'],
    [{ RATE_LIMIT_PER_USER: 'lots' }, 'RATE_LIMIT_PER_USER="lots": expected a whole number of requests a minute'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY="true": expected the number of proxies in front of the API (0-10)'],
  ])('%j is refused in one line naming the variable', (env, reason) => {
    const error = errorOf(env);
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain('\n');
  });

  test('secrets are named but never echoed', () => {
    const error = errorOf({
      JWT_SECRET: 'too-short-secret',
      DATABASE_URL: 'mysql://user:hunter2@db/x',
      SMTP_URL: 'imap://mailer:swordfish@mail/x',
      WEBHOOK_SECRET: 'short-hook',
    });
    expect(error.message).toContain('JWT_SECRET: expected at least 32 characters');
    expect(error.message).toContain('DATABASE_URL: expected a postgresql:// URL');
    expect(error.message).toContain('SMTP_URL: expected an smtp:// or smtps:// URL');
    expect(error.message).toContain('WEBHOOK_SECRET: expected at least 16 characters');
    expect(error.message).not.toMatch(/too-short-secret|hunter2|swordfish|short-hook/);
    expect(error.message).not.toContain('\n');
  });
});

describe('loadConfig: the web app signing in through an OIDC provider', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-config-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const complete = {
    OIDC_ISSUER: 'https://id.example.gov.vn/realms/cadre',
    OIDC_CLIENT_ID: 'cadre-rotation-web',
    OIDC_REDIRECT_URL: 'https://cadre.example.gov.vn/dang-nhap/oidc/callback',
  };
  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });
  const errorOf = (env: Record<string, string>): ConfigError => {
    try {
      load(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  test('unset: the web app signs in with passwords', () => {
    expect(load({}).webOidc).toBeUndefined();
  });

  test('a public client (no secret) takes the username from the JWT username claim', () => {
    expect(load({ ...complete, JWT_USERNAME_CLAIM: 'preferred_username' }).webOidc).toEqual({
      issuer: complete.OIDC_ISSUER,
      clientId: 'cadre-rotation-web',
      clientSecret: undefined,
      redirectUrl: complete.OIDC_REDIRECT_URL,
      usernameClaim: 'preferred_username',
    });
  });

  test('a confidential client, with a username claim of its own', () => {
    const config = load({ ...complete, OIDC_CLIENT_SECRET: 'client-secret-value', OIDC_USERNAME_CLAIM: 'email', JWT_USERNAME_CLAIM: 'preferred_username' });
    expect(config.webOidc).toMatchObject({ clientSecret: 'client-secret-value', usernameClaim: 'email' });
    expect(config.jwt.usernameClaim).toBe('preferred_username');
  });

  test('a provider on this machine may be reached over plain http', () => {
    const env = { ...complete, OIDC_ISSUER: 'http://127.0.0.1:8080', OIDC_REDIRECT_URL: 'http://localhost:3000/dang-nhap/oidc/callback' };
    expect(load(env).webOidc).toMatchObject({ issuer: 'http://127.0.0.1:8080' });
  });

  test.each([
    [{ OIDC_CLIENT_ID: 'web' }, 'OIDC_ISSUER: required when OIDC_CLIENT_ID is set'],
    [{ OIDC_CLIENT_SECRET: 'secret' }, 'OIDC_ISSUER: required when OIDC_CLIENT_SECRET is set'],
    [{ OIDC_REDIRECT_URL: complete.OIDC_REDIRECT_URL }, 'OIDC_ISSUER: required when OIDC_REDIRECT_URL is set'],
    [{ OIDC_USERNAME_CLAIM: 'email' }, 'OIDC_ISSUER: required when OIDC_USERNAME_CLAIM is set'],
    [{ ...complete, OIDC_CLIENT_ID: '' }, 'OIDC_CLIENT_ID: required when OIDC_ISSUER is set'],
    [{ ...complete, OIDC_REDIRECT_URL: '' }, "OIDC_REDIRECT_URL: required when OIDC_ISSUER is set (the service's public URL followed by /dang-nhap/oidc/callback)"],
    [{ ...complete, OIDC_ISSUER: 'http://id.example.gov.vn' }, 'OIDC_ISSUER: expected an https:// URL (http:// only for localhost)'],
    [{ ...complete, OIDC_ISSUER: 'id.example.gov.vn' }, 'OIDC_ISSUER="id.example.gov.vn": expected an http:// or https:// URL'],
    [
      { ...complete, OIDC_REDIRECT_URL: 'https://cadre.example.gov.vn/' },
      'OIDC_REDIRECT_URL="https://cadre.example.gov.vn/": expected the service\'s public URL followed by /dang-nhap/oidc/callback',
    ],
    [
      { ...complete, OIDC_REDIRECT_URL: 'ftp://cadre.example.gov.vn/dang-nhap/oidc/callback' },
      'OIDC_REDIRECT_URL="ftp://cadre.example.gov.vn/dang-nhap/oidc/callback": expected an http:// or https:// URL',
    ],
  ])('%j is refused in one line naming the variable', (env, reason) => {
    const error = errorOf(env);
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain('\n');
  });

  test('the client secret is never echoed', () => {
    const error = errorOf({ OIDC_CLIENT_SECRET: 'swordfish-client-secret' });
    expect(error.message).not.toContain('swordfish');
  });
});
