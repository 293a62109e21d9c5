// The worker of the rotation case workflow and its activities.
import { type NativeConnection, Worker } from '@temporalio/worker';
import { createWorkerActivities } from '../activities';
import { createNotificationChannels, type NotificationChannels } from '../activities/notification-channels';
import { TASK_QUEUE } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import type { Lifecycle } from '../infra/lifecycle';
import type { ServiceContext } from '../infra/service-process';
import type { Logger } from '../infra/logger';
import { cachedWorkflowBundle } from '../infra/workflow-bundle';
import { activityFailureInterceptors } from './activity-failures';

export interface RotationWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  prisma: PrismaClient;
  /** Where notifications are delivered besides the in-app list; absent → nowhere. */
  notificationChannels?: NotificationChannels;
  /** A bundle from scripts/build-workflow-bundle.ts; absent → the cached bundle of the current sources. */
  workflowBundlePath?: string;
  logger?: Logger;
}

export async function createRotationWorker(options: RotationWorkerOptions): Promise<Worker> {
  const { connection, namespace, prisma, logger } = options;
  const workflowBundlePath = options.workflowBundlePath ?? (await cachedWorkflowBundle(logger));
  logger?.info({ taskQueue: TASK_QUEUE, namespace, workflowBundlePath }, 'creating worker');
  return Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: require.resolve('../workflows') }),
    activities: createWorkerActivities({ prisma, notificationChannels: options.notificationChannels }),
    interceptors: { activity: activityFailureInterceptors() },
    // Lets a step that is writing to the database finish before the process stops.
    shutdownGraceTime: '10s',
  });
}

/**
 * Creates the worker and runs it as a part of the process: stopped with it, and failing the
 * process when it dies on its own. `stopped` settles when the worker has stopped.
 */
export async function runRotationWorker(options: RotationWorkerOptions & { lifecycle: Lifecycle }): Promise<{ stopped: Promise<void> }> {
  const { lifecycle } = options;
  const worker = await createRotationWorker(options);
  const running = worker.run();
  lifecycle.onStop('worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  const stopped = running.catch((error) => {
    if (!lifecycle.stopping) lifecycle.fail(error, 'the worker failed');
  });
  return { stopped };
}

/** The worker as configured (notification channels, workflow bundle), run as a part of the process. */
export function runConfiguredWorker(
  { config, logger, lifecycle }: ServiceContext,
  target: Pick<RotationWorkerOptions, 'connection' | 'namespace' | 'prisma'>,
): Promise<{ stopped: Promise<void> }> {
  return runRotationWorker({
    ...target,
    notificationChannels: createNotificationChannels(config.notifications),
    workflowBundlePath: config.workflowBundlePath,
    logger,
    lifecycle,
  });
}
