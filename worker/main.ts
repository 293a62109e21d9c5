// `npm run worker`: the worker alone, for deployments that run the API as a separate process.
import { openServiceDatabase, runServiceProcess } from '../infra/service-process';
import { connectNative, temporalTarget } from '../infra/temporal';
import { runConfiguredWorker } from './create-worker';

void runServiceProcess({ parts: () => ['database', 'temporal'], name: 'worker', failure: 'worker stopped' }, async (context) => {
  const { config, logger, lifecycle } = context;
  const db = await openServiceDatabase(context);
  logger.info({ address: temporalTarget(config).connectionOptions.address ?? 'localhost:7233' }, 'connecting to Temporal');
  const { connection, namespace } = await connectNative(config);
  lifecycle.onStop('Temporal connection', () => connection.close());
  const { stopped } = await runConfiguredWorker(context, { connection, namespace, prisma: db.prisma });
  logger.info('worker running');
  await stopped;
});
