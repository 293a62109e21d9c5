// Shared set-up of the notification workflow tests: one time-skipping test server and one bundle
// per file, a migrated PGlite database with two users (one without an e-mail address), real
// receivers for both channels on localhost, and a fresh worker with the real activities per case.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { emailChannel, webhookChannel } from '../../activities/notification-channels';
import { createNotificationActivities, type NotificationActivities } from '../../activities/notifications';
import type { NotifyInput } from '../../domain/notifications';
import type { Database } from '../../infra/db';
import { openTestDatabase } from '../support/databases';
import { SmtpReceiver, WebhookReceiver } from '../support/notification-receivers';
import { bundleWorkflows, startTimeSkippingTemporal } from '../support/temporal-runtime';

export const USERS = [
  { id: randomUUID(), username: 'nguyen.van.an', fullName: 'Nguyễn Văn An', email: 'an@nam-sach.example' },
  { id: randomUUID(), username: 'tran.thi.cuc', fullName: 'Trần Thị Cúc', email: null },
];

export class NotificationTestbed {
  readonly activities: NotificationActivities;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly workflowBundle: WorkflowBundleWithSourceMap,
    readonly db: Database,
    readonly smtp: SmtpReceiver,
    readonly webhook: WebhookReceiver,
  ) {
    this.activities = createNotificationActivities({
      prisma: db.prisma,
      channels: { email: emailChannel({ url: smtp.url, from: 'Cadre rotation <no-reply@localhost>' }), webhook: webhookChannel({ url: webhook.url, secret: webhook.secret }) },
    });
  }

  static async start(): Promise<NotificationTestbed> {
    const parts = await Promise.all([
      startTimeSkippingTemporal(),
      bundleWorkflows(require.resolve('./notifying-workflow')),
      openTestDatabase('pglite'),
      SmtpReceiver.start(),
      WebhookReceiver.start(),
    ]);
    await parts[2].prisma.user.createMany({ data: USERS });
    return new NotificationTestbed(...parts);
  }

  async teardown(): Promise<void> {
    await Promise.all([this.smtp.close(), this.webhook.close()]);
    await this.db.close();
    await this.env.teardown();
  }

  /**
   * Runs `scenario` while a fresh worker with the real activities serves a task queue of its own;
   * `channels: 'none'` gives it a worker configured with no delivery channel.
   */
  async withWorker<T>(scenario: (taskQueue: string) => Promise<T>, channels: 'configured' | 'none' = 'configured'): Promise<T> {
    const taskQueue = `notifications-${randomUUID()}`;
    const activities = channels === 'none' ? createNotificationActivities({ prisma: this.db.prisma, channels: {} }) : this.activities;
    const worker = await Worker.create({ connection: this.env.nativeConnection, taskQueue, workflowBundle: this.workflowBundle, activities });
    return worker.runUntil(() => scenario(taskQueue));
  }

  async notificationIdsOf(event: NotifyInput): Promise<string[]> {
    const rows = await this.db.prisma.notification.findMany({ where: { dedupeKey: { startsWith: `${event.key}:` } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  async deliveriesOf(event: NotifyInput) {
    const rows = await this.db.prisma.notificationDelivery.findMany({
      where: { notification: { dedupeKey: { startsWith: `${event.key}:` } } },
      include: { notification: { select: { userId: true } } },
    });
    return rows.map((d) => ({ userId: d.notification.userId, channel: d.channel, status: d.status, attempts: d.attempts, lastError: d.lastError }));
  }

  mailsAbout(notificationIds: string[]) {
    return this.smtp.mails.filter((m) => notificationIds.includes(m.parsed.headers.get('x-notification-id') as string));
  }

  webhookCallsAbout(notificationIds: string[]) {
    return this.webhook.requests.filter((r) => notificationIds.includes(r.json.id as string));
  }
}

/** The decision of a new case, told to both users. */
export function decisionSigned(): NotifyInput {
  const caseId = randomUUID();
  return {
    key: `${caseId}:decision-signed`,
    kind: 'decision_signed',
    rotationId: caseId,
    audience: { userIds: USERS.map((u) => u.id) },
    params: { cadreName: 'Đặng Văn Khoa', unitName: 'Xã Nam Hưng', decisionNumber: '125-QĐ/HU', signedAt: '2026-11-20', effectiveDate: '2027-01-01' },
  };
}
