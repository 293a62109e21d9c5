// `npm start`: the whole service in one process. Without TEMPORAL_ADDRESS it runs a Temporal dev
// server as a child, with its state in DATA_DIR; without DATABASE_URL it uses PGlite there too.
import { Client } from '@temporalio/client';
import { createNotificationChannels } from '../activities/notification-channels';
import { apiConfigOf } from '../api/config';
import { startProposalReconciler } from '../api/proposal-reconciler';
import { startApiServer } from '../api/server';
import { ensureAdminUser } from '../infra/bootstrap';
import type { Config } from '../infra/config';
import { openDatabase } from '../infra/db';
import { createLifecycle, type Lifecycle } from '../infra/lifecycle';
import type { Logger } from '../infra/logger';
import { prepareStart, wholeServiceParts } from '../infra/preflight';
import { removeServerInfo, writeServerInfo } from '../infra/server-info';
import { connectNative, type DevServer, installTemporalRuntime, needsDevServer, startDevServer, temporalTarget } from '../infra/temporal';
import { runRotationWorker } from '../worker/create-worker';

async function main(): Promise<void> {
  const { config, logger } = await prepareStart(wholeServiceParts);
  const lifecycle = createLifecycle(logger);
  lifecycle.exitOnSignals();
  installTemporalRuntime(logger);
  try {
    // Independent and each a few seconds: started together. Both settle before any failure is
    // handled, so that whatever did start is stopped.
    const [devServer, database] = await Promise.allSettled([
      needsDevServer(config) ? startTemporalDevServer(config, lifecycle, logger) : Promise.resolve(undefined),
      openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: logger }).then((db) => {
        lifecycle.onStop('database', db.close);
        return db;
      }),
    ]);
    if (devServer.status === 'rejected') throw devServer.reason;
    if (database.status === 'rejected') throw database.reason;
    const dev = devServer.value;
    const db = database.value;
    const temporal: Config['temporal'] = dev ? { ...config.temporal, address: dev.address, namespace: dev.namespace } : config.temporal;
    const uiUrl = dev?.uiUrl;
    if (await ensureAdminUser(db.prisma)) logger.info('created user admin (first start)');

    const { connection, namespace } = await connectNative({ temporal });
    lifecycle.onStop('Temporal connection', () => connection.close());
    await runRotationWorker({
      connection,
      namespace,
      prisma: db.prisma,
      notificationChannels: createNotificationChannels(config.notifications),
      workflowBundlePath: config.workflowBundlePath,
      logger,
      lifecycle,
    });

    const client = new Client({ connection, namespace });
    const apiConfig = apiConfigOf(config);
    const stopReconciler = await startProposalReconciler({ prisma: db.prisma, temporal: client, logger, config: apiConfig, exclusive: db.kind === 'pglite' });
    lifecycle.onStop('proposal reconciler', stopReconciler);

    const api = await startApiServer({
      prisma: db.prisma,
      temporal: client,
      config: apiConfig,
      logger,
      port: config.port,
    });
    lifecycle.onStop('API', api.close);

    const address = temporalTarget({ temporal }).connectionOptions.address ?? '';
    writeServerInfo(config.dataDir, { pid: process.pid, url: api.url, temporal: { address, namespace, uiUrl } });
    lifecycle.onStop('server.json', async () => removeServerInfo(config.dataDir));

    process.stdout.write(
      [
        '',
        'Cadre rotation service is running.',
        `  API:          ${api.url}`,
        `  Temporal UI:  ${uiUrl ?? `(Temporal at ${address}, namespace ${namespace})`}`,
        `  Data:         ${config.dataDir}${config.databaseUrl ? ' (database: PostgreSQL)' : ''}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    lifecycle.fail(error, 'start failed');
  }
}

async function startTemporalDevServer(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<DevServer> {
  const dev = await startDevServer({
    dataDir: config.dataDir,
    log: logger,
    namespace: config.temporal.namespace,
    uiPort: config.temporal.uiPort,
  });
  lifecycle.onStop('Temporal dev server', dev.stop);
  void dev.exited.then(() => {
    if (!lifecycle.stopping) lifecycle.fail(new Error('the Temporal dev server exited'), 'Temporal is gone');
  });
  return dev;
}

void main();
