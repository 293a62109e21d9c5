// `npm run worker`: the worker alone, for deployments that run the API as a separate process.
import { createNotificationChannels } from '../activities/notification-channels';
import { createLifecycle } from '../infra/lifecycle';
import { openDatabase } from '../infra/db';
import { prepareStart } from '../infra/preflight';
import { connectNative, installTemporalRuntime, temporalTarget } from '../infra/temporal';
import { runRotationWorker } from './create-worker';

async function main(): Promise<void> {
  const { config, logger } = await prepareStart(() => ['database', 'temporal'], 'worker');
  const lifecycle = createLifecycle(logger);
  lifecycle.exitOnSignals();
  installTemporalRuntime(logger);
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: logger });
    lifecycle.onStop('database', db.close);

    logger.info({ address: temporalTarget(config).connectionOptions.address ?? 'localhost:7233' }, 'connecting to Temporal');
    const { connection, namespace } = await connectNative(config);
    lifecycle.onStop('Temporal connection', () => connection.close());

    const { stopped } = await runRotationWorker({
      connection,
      namespace,
      prisma: db.prisma,
      notificationChannels: createNotificationChannels(config.notifications),
      workflowBundlePath: config.workflowBundlePath,
      logger,
      lifecycle,
    });
    logger.info('worker running');
    await stopped;
  } catch (error) {
    lifecycle.fail(error, 'worker stopped');
  }
}

void main();
