// `npm start`: the whole service in one process. Without TEMPORAL_ADDRESS it runs a Temporal dev
// server as a child, with its state in DATA_DIR; without DATABASE_URL it uses PGlite there too.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { startApiService } from '../api/server';
import type { Config } from '../infra/config';
import type { Lifecycle } from '../infra/lifecycle';
import type { Logger } from '../infra/logger';
import { ADMIN_PASSWORD_FILE } from '../infra/passwords';
import { wholeServiceParts } from '../infra/preflight';
import { openServiceDatabase, runServiceProcess } from '../infra/service-process';
import { removeServerInfo, writeServerInfo } from '../infra/server-info';
import { connectNative, type DevServer, needsDevServer, startDevServer, temporalTarget } from '../infra/temporal';
import { runConfiguredWorker } from '../worker/create-worker';

void runServiceProcess({ parts: wholeServiceParts, failure: 'start failed' }, async (context) => {
  const { config, logger, lifecycle } = context;
  // Independent and each a few seconds: started together. Both settle before any failure is
  // handled, so that whatever did start is stopped.
  const [devServer, database] = await Promise.allSettled([
    needsDevServer(config) ? startTemporalDevServer(config, lifecycle, logger) : Promise.resolve(undefined),
    openServiceDatabase(context),
  ]);
  if (devServer.status === 'rejected') throw devServer.reason;
  if (database.status === 'rejected') throw database.reason;
  const dev = devServer.value;
  const db = database.value;
  const temporal: Config['temporal'] = dev ? { ...config.temporal, address: dev.address, namespace: dev.namespace } : config.temporal;
  const uiUrl = dev?.uiUrl;

  const { connection, namespace } = await connectNative({ temporal });
  lifecycle.onStop('Temporal connection', () => connection.close());
  await runConfiguredWorker(context, { connection, namespace, prisma: db.prisma });
  const api = await startApiService(context, db, new Client({ connection, namespace }), uiUrl);

  const address = temporalTarget({ temporal }).connectionOptions.address ?? '';
  writeServerInfo(config.dataDir, { pid: process.pid, url: api.url, temporal: { address, namespace, uiUrl } });
  lifecycle.onStop('server.json', async () => removeServerInfo(config.dataDir));

  process.stdout.write(
    [
      '',
      'Cadre rotation service is running.',
      `  Web app:      ${api.url}/`,
      `  API:          ${api.url}`,
      ...firstSignIn(config.dataDir),
      `  Temporal UI:  ${uiUrl ?? `(Temporal at ${address}, namespace ${namespace})`}`,
      `  Data:         ${config.dataDir}${config.databaseUrl ? ' (database: PostgreSQL)' : ''}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
});

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

/** While the first admin's password file is there, where to find it (never the password itself). */
function firstSignIn(dataDir: string): string[] {
  const file = path.join(dataDir, ADMIN_PASSWORD_FILE);
  return fs.existsSync(file) ? [`  First sign-in: user admin, the password is in ${file} (delete the file once you have set your own)`] : [];
}
