// `npm run api`: the HTTP API alone, for deployments that run the worker as a separate process.
import { ensureAdminUser } from '../infra/bootstrap';
import { loadConfigOrExit } from '../infra/config';
import { openDatabase } from '../infra/db';
import { createLifecycle } from '../infra/lifecycle';
import { createLogger } from '../infra/logger';
import { connectClient, installTemporalRuntime, temporalTarget } from '../infra/temporal';
import { startApiServer } from './server';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const lifecycle = createLifecycle(logger);
  lifecycle.exitOnSignals();
  installTemporalRuntime(logger);
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: logger });
    lifecycle.onStop('database', db.close);
    if (await ensureAdminUser(db.prisma)) logger.info('created user admin (first start)');

    logger.info({ address: temporalTarget(config).connectionOptions.address ?? 'localhost:7233' }, 'connecting to Temporal');
    const temporal = await connectClient(config);
    lifecycle.onStop('Temporal connection', () => temporal.connection.close());

    const api = await startApiServer({
      prisma: db.prisma,
      temporal,
      config: { auth: config.jwt, deadlines: config.deadlines },
      logger,
      port: config.port,
    });
    lifecycle.onStop('API', api.close);
    logger.info({ url: api.url }, 'API listening');
  } catch (error) {
    lifecycle.fail(error, 'API stopped');
  }
}

void main();
