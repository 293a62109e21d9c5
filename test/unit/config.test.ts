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
      JWT_ISSUER: 'https://id.example',
      JWT_JWKS_URL: 'https://id.example/jwks',
      JWT_AUDIENCE: 'cadre-rotation',
      JWT_USERNAME_CLAIM: 'preferred_username',
      CONSULTATION_DAYS: '10',
      VOTE_DAYS: '5',
      REVIEW_REMINDER_DAYS: '10',
      REVIEW_ESCALATION_DAYS: '14',
      FOLLOW_UP_REMINDER_DAYS: '2',
      LOG_LEVEL: 'debug',
      SMTP_URL: 'smtps://mailer:pw@smtp.example:465',
      SMTP_FROM: 'Ban Tổ chức <to-chuc@example.gov.vn>',
      WEBHOOK_URL: 'https://hooks.example/cadre',
      WEBHOOK_SECRET: 'a-webhook-secret-of-some-length',
    });
    expect(config).toEqual({
      port: 8080,
      dataDir,
      databaseUrl: 'postgresql://svc@db.example/cadre',
      temporal: { address: 'temporal.example:7233', namespace: 'cadre', apiKey: 'key', tls: true, profile: 'prod', uiPort: 9000 },
      jwt: { kind: 'oidc', issuer: 'https://id.example', jwksUrl: 'https://id.example/jwks', audience: 'cadre-rotation', usernameClaim: 'preferred_username' },
      deadlines: { consultationDays: 10, voteDays: 5, reviewReminderDays: 10, reviewEscalationDays: 14, followUpReminderDays: 2 },
      logLevel: 'debug',
      workflowBundlePath: undefined,
      notifications: {
        smtpUrl: 'smtps://mailer:pw@smtp.example:465',
        smtpFrom: 'Ban Tổ chức <to-chuc@example.gov.vn>',
        webhook: { url: 'https://hooks.example/cadre', secret: 'a-webhook-secret-of-some-length' },
      },
    });
    expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false);
  });

  test('review and follow-up timings may be 0 days (on the day itself)', () => {
    expect(loadConfig({ DATA_DIR: dataDir, REVIEW_REMINDER_DAYS: '0', REVIEW_ESCALATION_DAYS: '0', FOLLOW_UP_REMINDER_DAYS: '0' }).deadlines).toEqual({
      consultationDays: 14,
      voteDays: 7,
      reviewReminderDays: 0,
      reviewEscalationDays: 0,
      followUpReminderDays: 0,
    });
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '', TEMPORAL_ADDRESS: '' })).toMatchObject({ port: 3000, temporal: { address: undefined } });
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT="abc": expected a port number'],
    [{ PORT: '70000' }, 'PORT="70000": expected a port number'],
    [{ VOTE_DAYS: '0' }, 'VOTE_DAYS="0": expected a whole number of days'],
    [{ REVIEW_REMINDER_DAYS: '-1' }, 'REVIEW_REMINDER_DAYS="-1": expected a whole number of days (0-365)'],
    [{ REVIEW_ESCALATION_DAYS: '2.5' }, 'REVIEW_ESCALATION_DAYS="2.5": expected a whole number of days (0-365)'],
    [{ FOLLOW_UP_REMINDER_DAYS: 'soon' }, 'FOLLOW_UP_REMINDER_DAYS="soon": expected a whole number of days (0-365)'],
    [{ REVIEW_REMINDER_DAYS: '400' }, 'REVIEW_REMINDER_DAYS="400": expected a whole number of days (0-365)'],
    [{ TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS="yes": expected true or false'],
    [{ TEMPORAL_ADDRESS: 'temporal.example' }, 'TEMPORAL_ADDRESS="temporal.example": expected host:port'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud"'],
    [{ JWT_ISSUER: 'https://id.example' }, 'JWT_JWKS_URL: required when JWT_ISSUER is set'],
    [{ JWT_JWKS_URL: 'not a url' }, 'JWT_JWKS_URL="not a url": expected a URL'],
    [{ SMTP_URL: 'http://smtp.example' }, 'SMTP_URL: expected an smtp:// or smtps:// URL'],
    [{ WEBHOOK_URL: 'ftp://hooks.example', WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' }, 'WEBHOOK_URL: expected an http:// or https:// URL'],
    [{ WEBHOOK_URL: 'https://hooks.example' }, 'WEBHOOK_SECRET: required when WEBHOOK_URL is set'],
    [{ WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' }, 'WEBHOOK_URL: required when WEBHOOK_SECRET is set'],
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
