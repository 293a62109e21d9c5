// Before anything starts: whether what the configuration names can be had (the database, Temporal,
// the ports, the embedded setup's data), each asked with a short timeout, so that a start that
// cannot work stops at once with one line naming the variable, before a dev server or a migration runs.
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { type Config, loadConfigOrExit } from './config';
import { secureDataDir } from './data-dir';
import { pgliteLockFile } from './db';
import { StartupError, exitWithStartupError } from './lifecycle';
import { type Logger, createLogger } from './logger';
import { lockOwner } from './process-lock';
import { canListen, devServerLockFile, needsDevServer, reachable, temporalTarget } from './temporal';

export const PROBE_TIMEOUT_MS = 3000;
/** Where the SDK connects when nothing names an address. */
const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';

/** What a process needs: its database, an existing Temporal service or the embedded dev server, and the API's port. */
export type StartupPart = 'database' | 'temporal' | 'devServer' | 'api';

/** What `npm start` needs, which runs everything. */
export function wholeServiceParts(config: Config): StartupPart[] {
  return ['database', needsDevServer(config) ? 'devServer' : 'temporal', 'api'];
}

/** Every problem found, in one line; resolves when there is none. */
export async function checkStartup(config: Config, parts: readonly StartupPart[]): Promise<void> {
  const checks: Promise<string | null>[] = [];
  if (parts.includes('database')) checks.push(config.databaseUrl ? databaseProblem(config.databaseUrl) : dataInUse(config, pgliteLockFile, 'PGlite database'));
  if (parts.includes('temporal')) checks.push(temporalProblem(config));
  if (parts.includes('devServer')) checks.push(dataInUse(config, devServerLockFile, 'Temporal dev server'), uiPortProblem(config));
  if (parts.includes('api')) checks.push(portProblem('PORT', config.port));
  const problems = (await Promise.all(checks)).filter((p): p is string => p !== null);
  if (problems.length) throw new StartupError(`Cannot start: ${problems.join('; ')}`);
}

/**
 * The first steps of every entrypoint: the configuration, the logger, the checks of the parts the
 * process needs, and DATA_DIR kept to its owner. Exits 1 with one line when the start cannot work.
 */
export async function prepareStart(partsNeeded: (config: Config) => readonly StartupPart[], name?: string): Promise<{ config: Config; logger: Logger }> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, name });
  try {
    await checkStartup(config, partsNeeded(config));
  } catch (error) {
    if (error instanceof StartupError) exitWithStartupError(error);
    throw error;
  }
  secureDataDir(config.dataDir, logger);
  return { config, logger };
}

async function databaseProblem(connectionString: string): Promise<string | null> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
  // An error after the answer (the server going away) is not this probe's business.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    // The URL holds a password: named, never echoed.
    return `DATABASE_URL: the database cannot be reached (${causeOf(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function temporalProblem(config: Config): Promise<string | null> {
  const { connectionOptions } = temporalTarget(config);
  const address = connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const named = config.temporal.address
    ? `TEMPORAL_ADDRESS=${address}`
    : config.temporal.profile
      ? `TEMPORAL_PROFILE=${config.temporal.profile} (address ${address})`
      : `TEMPORAL_ADDRESS (unset, so ${address})`;
  // A plain connection first: its refusal says more than gRPC's deadline does.
  const tcp = await reachable(address, PROBE_TIMEOUT_MS);
  if (tcp !== true) return `${named}: Temporal cannot be reached (${tcp})`;
  const { tls, apiKey, metadata } = connectionOptions;
  const connection = Connection.lazy({ address, tls, apiKey, metadata });
  try {
    // Asked outright: connect() takes any gRPC server that does not know the call (any HTTP/2 server at all) for an old Temporal.
    await connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}));
    return null;
  } catch (error) {
    return `${named}: Temporal cannot be reached (${causeOf(error)})`;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** A port named explicitly must be free; Temporal's default ones are replaced by free ones when taken. */
async function uiPortProblem(config: Config): Promise<string | null> {
  return config.temporal.uiPort === undefined ? null : portProblem('TEMPORAL_UI_PORT', config.temporal.uiPort, '127.0.0.1');
}

async function portProblem(variable: string, port: number, host?: string): Promise<string | null> {
  const free = await canListen(port, host);
  if (free === true) return null;
  return `${variable}=${port}: ${free === 'EADDRINUSE' ? 'the port is already in use' : `the port cannot be used (${free})`}`;
}

async function dataInUse(config: Config, lockFile: (dataDir: string) => string, what: string): Promise<string | null> {
  const owner = await lockOwner(lockFile(config.dataDir));
  if (!owner.live) return null;
  return `DATA_DIR=${config.dataDir}: its ${what} is in use by ${owner.pid === null ? 'another process' : `process ${owner.pid}`} (is the service already running?)`;
}

function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  // Aggregated connection errors (IPv4 and IPv6 both refused) carry their causes inside.
  const inner = error instanceof AggregateError ? error.errors.map((e: Error) => e.message).join(', ') : '';
  return (inner || message).split('\n')[0].trim();
}
