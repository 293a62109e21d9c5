// The frame every entrypoint shares: configuration and checks, the lifecycle that stops what
// started on a signal or a failure, Temporal's runtime logging through ours, and the database.
import type { Config } from './config';
import { type Database, openDatabase } from './db';
import { createLifecycle, type Lifecycle } from './lifecycle';
import type { Logger } from './logger';
import { prepareStart, type StartupPart } from './preflight';
import { installTemporalRuntime } from './temporal';

export interface ServiceContext {
  config: Config;
  logger: Logger;
  lifecycle: Lifecycle;
}

/**
 * Runs `body` as the process: stopped in order on SIGTERM/SIGINT, and exiting with `failure`
 * logged when the start throws.
 */
export async function runServiceProcess(
  options: { parts: (config: Config) => readonly StartupPart[]; name?: string; failure: string },
  body: (context: ServiceContext) => Promise<void>,
): Promise<void> {
  const { config, logger } = await prepareStart(options.parts, options.name);
  const lifecycle = createLifecycle(logger);
  lifecycle.exitOnSignals();
  installTemporalRuntime(logger);
  try {
    await body({ config, logger, lifecycle });
  } catch (error) {
    lifecycle.fail(error, options.failure);
  }
}

/** The configured database (PostgreSQL, or PGlite in DATA_DIR), closed when the process stops. */
export async function openServiceDatabase({ config, logger, lifecycle }: ServiceContext): Promise<Database> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: logger });
  lifecycle.onStop('database', db.close);
  return db;
}
