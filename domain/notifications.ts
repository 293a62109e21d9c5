// Notifications: what the workflows ask to tell whom, and how each message goes out. Types and
// constants only; imports nothing at run time, so workflows may use it.
import type { AttentionReason, EvaluationRating, Role, TaskKind } from './types';

export const NOTIFICATION_KINDS = [
  'task_assigned',
  'review_reminder',
  'review_escalation',
  'decision_signed',
  'follow_up_reminder',
  'case_attention',
  'deadline_reminder',
  'deadline_overdue',
  'deadline_escalation',
  'vote_closed',
  'evaluation_recorded',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** `skipped`: the channel cannot reach this user (an e-mail channel, a user without an address). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Who is told. A role on a unit reaches that unit and everything below it, so `roles` resolves
 * to the users holding `role` on one of `unitIds` or on any unit above one of them, or globally.
 */
export interface NotificationAudience {
  userIds?: string[];
  /** The users linked to these cadres (User.cadreId), e.g. the rotated cadre themselves. */
  cadreIds?: string[];
  /** `above`: only the holders on a unit strictly above one of `unitIds` (or globally): the level above. */
  roles?: { role: Role; unitIds: string[]; above?: boolean }[];
}

/** The cadre and the unit a message is about: the names are looked up from the ids unless given. */
export interface NotificationSubject {
  cadreId?: string;
  cadreName?: string;
  unitId?: string;
  unitName?: string;
}

/** Dates are calendar dates (YYYY-MM-DD) or ISO instants; texts show them as dd/mm/yyyy in Vietnam. */
export interface NotificationParamsByKind {
  task_assigned: NotificationSubject & { taskKind: TaskKind; dueAt?: string | null };
  review_reminder: NotificationSubject & { seq: number; dueAt: string };
  review_escalation: NotificationSubject & { seq: number; dueAt: string; daysOverdue?: number };
  decision_signed: NotificationSubject & { decisionNumber: string; signedAt: string; effectiveDate: string };
  follow_up_reminder: NotificationSubject & { action: string; dueDate: string };
  case_attention: NotificationSubject & { reason: AttentionReason };
  deadline_reminder: NotificationSubject & { taskKind: TaskKind; dueAt: string };
  deadline_overdue: NotificationSubject & { taskKind: TaskKind; dueAt: string };
  deadline_escalation: NotificationSubject & { taskKind: TaskKind; dueAt: string };
  /** The tally only: a secret ballot names no one's choice. */
  vote_closed: NotificationSubject & { outcome: 'passed' | 'failed'; for: number; against: number; abstain: number; members: number };
  /** A yearly evaluation, sent to the sending unit. */
  evaluation_recorded: NotificationSubject & { year: number; rating: EvaluationRating };
}

/** What a notification says: its kind and the parameters of that kind's text. */
export type NotificationContent = { [K in NotificationKind]: { kind: K; params: NotificationParamsByKind[K] } }[NotificationKind];

/** One event to tell its audience about, e.g. the reminder of review 2 of a case. */
export type NotifyInput = NotificationContent & {
  /**
   * Names the event, unique across cases and stable across retries and replays (e.g.
   * `${caseId}:review-reminder:${seq}`): each user gets one notification per key.
   */
  key: string;
  rotationId?: string;
  audience: NotificationAudience;
};

/** What notify wrote for an event: a notification per user, and how many deliveries wait to be sent. */
export interface NotifyResult {
  notificationIds: string[];
  pendingDeliveries: number;
}

/** One channel's delivery of one notification. */
export interface DeliveryRef {
  notificationId: string;
  channel: DeliveryChannel;
}

export interface DeliveryFailure extends DeliveryRef {
  error: string;
}

export interface NotificationDeliveryInput {
  notificationIds: string[];
}

export interface NotificationDeliveryResult {
  sent: number;
  failed: number;
}

/** The delivery workflow of one event: a repeated notify for the same key finds it already started. */
export function notificationDeliveryWorkflowIdFor(key: string): string {
  return `notify-${key}`;
}
