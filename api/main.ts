// `npm run api`: the HTTP API alone, for deployments that run the worker as a separate process.
import { openServiceDatabase, runServiceProcess } from '../infra/service-process';
import { connectClient, temporalTarget } from '../infra/temporal';
import { startApiService } from './server';

void runServiceProcess({ parts: () => ['database', 'temporal', 'api'], name: 'api', failure: 'API stopped' }, async (context) => {
  const { config, logger, lifecycle } = context;
  const db = await openServiceDatabase(context);
  logger.info({ address: temporalTarget(config).connectionOptions.address ?? 'localhost:7233' }, 'connecting to Temporal');
  const temporal = await connectClient(config);
  lifecycle.onStop('Temporal connection', () => temporal.connection.close());
  const api = await startApiService(context, db, temporal);
  logger.info({ url: api.url }, 'API listening');
});
