// `npm run -s token -- --user <username>`: prints a bearer token for an existing user, signed
// with the service's own secret. Only the token goes to stdout; a failure is one line on stderr.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UNKNOWN_USER_DETAIL, signToken } from '../api/auth';
import { loadConfigOrExit } from '../infra/config';
import { openDatabase } from '../infra/db';
import { readServerInfo } from '../infra/server-info';

type Config = ReturnType<typeof loadConfigOrExit>;

class TokenError extends Error {}

async function main(): Promise<void> {
  const username = usernameArgument();
  const config = loadConfigOrExit();
  if (config.jwt.kind !== 'hs256') {
    throw new TokenError('tokens come from the identity provider (JWT_ISSUER / JWT_JWKS_URL are set); this tool only signs with the service secret');
  }
  const token = await signToken(config.jwt.secret, username, { usernameClaim: config.jwt.usernameClaim });
  if (!(await userExists(config, username, token))) throw new TokenError(`no such user: ${username}`);
  process.stdout.write(`${token}\n`);
}

function usernameArgument(): string {
  try {
    const { values } = parseArgs({ options: { user: { type: 'string', short: 'u' } } });
    if (values.user?.trim()) return values.user.trim();
  } catch {
    // unknown option: fall through to the usage line
  }
  throw new TokenError('usage: npm run -s token -- --user <username>');
}

/**
 * PostgreSQL is asked directly. An embedded PGlite folder belongs to the running service when
 * there is one, so the service itself is asked who the token names.
 */
async function userExists(config: Config, username: string, token: string): Promise<boolean> {
  if (!config.databaseUrl) {
    const server = readServerInfo(config.dataDir);
    if (server) return askServer(server.url, token);
    if (!fs.existsSync(path.join(config.dataDir, 'pglite'))) {
      throw new TokenError(`no database in ${config.dataDir}: start the service once with npm start, or set DATA_DIR`);
    }
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return (await db.prisma.user.count({ where: { username } })) > 0;
  } finally {
    await db.close();
  }
}

async function askServer(url: string, token: string): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(new URL('/v1/me', url), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new TokenError(`the service at ${url} did not answer: ${(error as Error).message}`);
  }
  if (response.status === 401) {
    const { detail } = (await response.json().catch(() => ({}))) as { detail?: string };
    if (detail === UNKNOWN_USER_DETAIL) return false;
    throw new TokenError(`the service at ${url} refuses tokens signed with this secret (${detail ?? 'no detail'}); is JWT_SECRET the same?`);
  }
  if (!response.ok) throw new TokenError(`the service at ${url} answered ${response.status} to GET /v1/me`);
  return true;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof TokenError ? error.message : `token: ${(error as Error).message ?? String(error)}`}\n`);
  process.exit(1);
});
