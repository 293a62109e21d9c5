// `npm run api`: the HTTP API alone, for deployments that run the worker as a separate process.
import { ensureAdminUser } from '../infra/bootstrap';
import { openDatabase } from '../infra/db';
import { createLifecycle } from '../infra/lifecycle';
import { prepareStart } from '../infra/preflight';
import { connectClient, installTemporalRuntime, temporalTarget } from '../infra/temporal';
import { apiConfigOf } from './config';
import { startProposalReconciler } from './proposal-reconciler';
import { startApiServer } from './server';

async function main(): Promise<void> {
  const { config, logger } = await prepareStart(() => ['database', 'temporal', 'api'], 'api');
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

    const apiConfig = apiConfigOf(config);
    const stopReconciler = await startProposalReconciler({ prisma: db.prisma, temporal, logger, config: apiConfig, exclusive: db.kind === 'pglite' });
    lifecycle.onStop('proposal reconciler', stopReconciler);

    const api = await startApiServer({
      prisma: db.prisma,
      temporal,
      config: apiConfig,
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
