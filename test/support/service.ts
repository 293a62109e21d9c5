// The service as tests run it: API and worker in this process, against a given Temporal and a
// database that can be closed and opened again, to simulate a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import pino from 'pino';
import { createWorkerActivities } from '../../activities';
import { signToken } from '../../api/auth';
import type { ApiConfig, RateLimits } from '../../api/config';
import { DEFAULT_DEADLINES } from '../../domain/deadlines';
import { type ApiServer, startApiServer } from '../../api/server';
import { TASK_QUEUE } from '../../domain/types';
import { ensureAdminUser } from '../../infra/bootstrap';
import { type Database, openDatabase } from '../../infra/db';
import { activityFailureInterceptors } from '../../worker/activity-failures';
import { ApiClient } from './api-client';
import { bundleWorkflows, startLocalTemporal, startTimeSkippingTemporal } from './temporal-runtime';
import { type DatabaseKind, createTestPostgresDatabase } from './databases';

/** An empty migrated database that survives close() and open() again until disposed. */
export interface ReopenableDatabase {
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export async function reopenableDatabase(kind: DatabaseKind): Promise<ReopenableDatabase> {
  if (kind === 'postgres') {
    const created = await createTestPostgresDatabase();
    return { open: () => openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir() }), dispose: created.drop };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-e2e-'));
  return { open: () => openDatabase({ dataDir }), dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** Which database the end-to-end suites run on: PGlite, or PostgreSQL with E2E_DATABASE=postgres. */
export const E2E_DATABASE: DatabaseKind = process.env.E2E_DATABASE === 'postgres' ? 'postgres' : 'pglite';

/** What one end-to-end file runs against: a dev server and a fresh database of its own, and the service on them. */
export interface E2eStack {
  temporal: TestWorkflowEnvironment;
  service: TestService;
  /** Stops the service, drops the database and stops the dev server. */
  dispose(): Promise<void>;
}

export async function startE2eStack(
  options: Pick<TestServiceOptions, 'deadlines' | 'temporalDeadlineMs' | 'rateLimits' | 'withWorker' | 'temporalUiUrl'> & { timeSkipping?: boolean } = {},
): Promise<E2eStack> {
  const { timeSkipping, ...serviceOptions } = options;
  const [temporal, workflowBundle, database] = await Promise.all([
    timeSkipping ? startTimeSkippingTemporal() : startLocalTemporal(),
    bundleWorkflows(),
    reopenableDatabase(E2E_DATABASE),
  ]);
  let service: TestService | undefined;
  const dispose = async () => {
    await service?.stop();
    await database.dispose();
    await temporal.teardown();
  };
  try {
    service = await TestService.start({ database, temporal, workflowBundle, ...serviceOptions });
  } catch (err) {
    await dispose();
    throw err;
  }
  return { temporal, service, dispose };
}

export interface TestServiceOptions {
  database: ReopenableDatabase;
  temporal: { client: Client; nativeConnection: NativeConnection; namespace?: string; supportsTimeSkipping?: boolean };
  workflowBundle: WorkflowBundle;
  deadlines?: ApiConfig['deadlines'];
  /** How long a request waits on Temporal; absent: the API's default. */
  temporalDeadlineMs?: number;
  /** Absent: no rate limit, so the suites' bursts from one address are never refused. */
  rateLimits?: RateLimits;
  /** False: the service starts without its worker, until startWorker(). */
  withWorker?: boolean;
  /** The Temporal Web UI the web app links admins to; absent: no link. */
  temporalUiUrl?: string;
}

interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
}

export class TestService {
  readonly secret = randomBytes(32).toString('base64url');
  /** Kept across restarts, so clients made before one still reach the service after it. */
  private port = 0;
  private running: { db: Database; worker: RunningWorker | null; api: ApiServer } | null = null;

  private constructor(private options: TestServiceOptions) {}

  static async start(options: TestServiceOptions): Promise<TestService> {
    const service = new TestService(options);
    await service.up();
    return service;
  }

  get url(): string {
    return this.parts.api.url;
  }

  get prisma(): Database['prisma'] {
    return this.parts.db.prisma;
  }

  get client(): ApiClient {
    return new ApiClient(this.url);
  }

  token(username: string): Promise<string> {
    return signToken(this.secret, username);
  }

  /** Stops API, worker and database, and starts them again on the same data (with `changes` to the configuration). */
  async restart(changes: Pick<Partial<TestServiceOptions>, 'deadlines'> = {}): Promise<void> {
    await this.stop();
    this.options = { ...this.options, ...changes };
    await this.up();
  }

  async stop(): Promise<void> {
    const parts = this.running;
    if (!parts) return;
    this.running = null;
    await parts.api.close();
    await this.shutDown(parts.worker);
    await parts.db.close();
  }

  /** Starts the worker (stopped, or never started) and waits until the server has seen it poll. */
  async startWorker(): Promise<void> {
    const parts = this.parts;
    if (parts.worker) return;
    const { temporal, workflowBundle } = this.options;
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue: TASK_QUEUE,
      workflowBundle,
      activities: createWorkerActivities({ prisma: parts.db.prisma }),
      interceptors: { activity: activityFailureInterceptors() },
    });
    parts.worker = { worker, done: worker.run() };
    await this.untilPolling(worker.options.identity);
  }

  /** Stops the worker alone: Updates are then admitted by Temporal but no one runs them. */
  async stopWorker(): Promise<void> {
    const parts = this.parts;
    const running = parts.worker;
    parts.worker = null;
    await this.shutDown(running);
  }

  private async shutDown(running: RunningWorker | null): Promise<void> {
    if (!running) return;
    running.worker.shutdown();
    await running.done;
  }

  private async untilPolling(identity: string): Promise<void> {
    const { client, namespace, supportsTimeSkipping } = this.options.temporal;
    // The time-skipping test server describes no task queue; a worker it serves polls once running.
    if (supportsTimeSkipping) return;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const { pollers } = await client.workflowService.describeTaskQueue({ namespace: namespace ?? 'default', taskQueue: { name: TASK_QUEUE } });
      if (pollers.some((p) => p.identity === identity)) return;
    }
    throw new Error('the worker did not poll its task queue within 20 s');
  }

  private get parts() {
    if (!this.running) throw new Error('the test service is stopped');
    return this.running;
  }

  private async up(): Promise<void> {
    const { temporal, deadlines, temporalDeadlineMs, rateLimits, temporalUiUrl } = this.options;
    const db = await this.options.database.open();
    await ensureAdminUser(db.prisma);
    const api = await startApiServer({
      prisma: db.prisma,
      temporal: temporal.client,
      config: { auth: { kind: 'hs256', secret: this.secret }, deadlines: deadlines ?? DEFAULT_DEADLINES, temporalDeadlineMs, rateLimits, temporalUiUrl },
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      port: this.port,
      host: '127.0.0.1',
    });
    this.port = Number(new URL(api.url).port);
    this.running = { db, worker: null, api };
    if (this.options.withWorker !== false) await this.startWorker();
  }
}
