// Delivery channels of notifications: e-mail over SMTP and a signed webhook. `send` throws when
// the message did not get through; the delivery activity records the error and Temporal retries.
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { createTransport } from 'nodemailer';
import { isPermanentResponseCode } from 'nodemailer/lib/errors';
import type { DeliveryChannel } from '../domain/notifications';
import { ACTIVITY_FAILURE_TYPES } from '../domain/types';
import type { NotificationConfig } from '../infra/config';
import type { OutboxNotification } from '../store/notifications';

/** A notification as the outbox stored it. */
export type OutgoingNotification = Omit<OutboxNotification, 'dedupeKey'> & { createdAt: Date };

export interface Recipient {
  fullName: string;
  email: string | null;
}

export interface NotificationChannel {
  /** False: this channel has no way to the recipient, and the delivery is skipped rather than tried. */
  reaches(recipient: Recipient): boolean;
  send(notification: OutgoingNotification, recipient: Recipient): Promise<void>;
}

/** The configured channels; one absent gets no deliveries. */
export type NotificationChannels = Partial<Record<DeliveryChannel, NotificationChannel>>;

export function createNotificationChannels(config: NotificationConfig): NotificationChannels {
  return {
    ...(config.smtpUrl ? { email: emailChannel({ url: config.smtpUrl, from: config.smtpFrom }) } : {}),
    ...(config.webhook ? { webhook: webhookChannel(config.webhook) } : {}),
  };
}

export function emailChannel({ url, from }: { url: string; from: string }): NotificationChannel {
  // Well below the delivery activity's timeout, so a stuck server fails the attempt with its own error.
  const transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    reaches: (recipient) => recipient.email !== null,
    async send(notification, recipient) {
      if (!recipient.email) throw ApplicationFailure.nonRetryable('the user has no e-mail address', ACTIVITY_FAILURE_TYPES.noEmailAddress);
      try {
        await transport.sendMail({
          from,
          to: { name: recipient.fullName, address: recipient.email },
          subject: notification.title,
          text: notification.body,
          headers: { 'X-Notification-Id': notification.id },
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && isPermanentResponseCode(code)) {
          throw ApplicationFailure.nonRetryable(`the mail server refused the message: ${(err as Error).message}`, ACTIVITY_FAILURE_TYPES.emailRejected);
        }
        throw err;
      }
    },
  };
}

export const SIGNATURE_HEADER = 'X-Signature-256';
export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const NOTIFICATION_ID_HEADER = 'X-Notification-Id';
/** How far a receiver should let a delivery's timestamp be from its own clock; older is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/**
 * `sha256=<hex>`: HMAC-SHA256 of `${timestamp}.${body}` (Unix seconds, then the raw body), as the
 * receiver recomputes it; the timestamp inside the signature keeps a captured delivery from being replayed later.
 */
export function webhookSignature(body: string, secret: string, timestamp: number): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export function webhookChannel({ url, secret, timeoutMs = 10_000 }: { url: string; secret: string; timeoutMs?: number }): NotificationChannel {
  return {
    reaches: () => true,
    async send(n) {
      const body = JSON.stringify({ id: n.id, userId: n.userId, kind: n.kind, title: n.title, body: n.body, rotationId: n.rotationId, createdAt: n.createdAt.toISOString() });
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          [SIGNATURE_TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: webhookSignature(body, secret, timestamp),
          [NOTIFICATION_ID_HEADER]: n.id,
        },
        body,
        // A redirect is the receiver's misconfiguration; following it would re-send the signed body elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the webhook answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    },
  };
}
