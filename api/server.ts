// Serving the app over HTTP, with a graceful stop: no new connections, in-flight requests finish.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { ADMIN_USERNAME, ensureAdminUser } from '../infra/bootstrap';
import type { Database } from '../infra/db';
import { writeFirstPassword } from '../infra/passwords';
import type { ServiceContext } from '../infra/service-process';
import { type AppDeps, buildApp } from './app';
import { apiConfigOf } from './config';
import { purgeIdempotencyRecordsPeriodically } from './idempotency';
import { startProposalReconciler } from './proposal-reconciler';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Requests still running this long after close() are cut off. */
const DRAIN_MS = 10_000;

export async function startApiServer(deps: AppDeps & { port: number; host?: string }): Promise<ApiServer> {
  const { port, host, ...appDeps } = deps;
  const server = http.createServer(buildApp(appDeps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const purge = purgeIdempotencyRecordsPeriodically(appDeps.prisma, appDeps.logger);
  const shownHost = host && host !== '0.0.0.0' && host !== '::' ? host : 'localhost';
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      const cutOff = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      server.close((err) => {
        clearTimeout(cutOff);
        void purge.stop().then(() => (err ? reject(err) : resolve()));
      });
      server.closeIdleConnections();
    }));
  return { url, close };
}

/**
 * The API as a part of a process: the first admin on a new database, the proposal reconciler and
 * the HTTP server, each stopped with the process. `temporalUiUrl`: the Web UI of a Temporal
 * started with the process, when TEMPORAL_UI_URL names none.
 */
export async function startApiService({ config, logger, lifecycle }: ServiceContext, db: Database, temporal: Client, temporalUiUrl?: string): Promise<ApiServer> {
  if (await ensureAdminUser(db.prisma)) {
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { username: ADMIN_USERNAME } });
    const file = await writeFirstPassword(db.prisma, admin.id, config.dataDir);
    logger.info({ file }, `created user admin (first start); its web sign-in password is in ${file}`);
  }
  const apiConfig = { ...apiConfigOf(config), temporalUiUrl: config.temporal.uiUrl ?? temporalUiUrl };
  const stopReconciler = await startProposalReconciler({ prisma: db.prisma, temporal, logger, config: apiConfig, exclusive: db.kind === 'pglite' });
  lifecycle.onStop('proposal reconciler', stopReconciler);
  const api = await startApiServer({ prisma: db.prisma, temporal, config: apiConfig, logger, port: config.port });
  lifecycle.onStop('API', api.close);
  return api;
}
