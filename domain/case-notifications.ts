// Whom a change of a case tells, and what: a new task for whoever must act next, the signed
// decision, the reminders and escalations of reviews and follow-ups. Derived from the state
// before and after the change, so every path to a step announces it the same way. Pure.
import type { NotifyInput } from './notifications';
import type { CaseState, TaskKind } from './types';

/** The notifications a change from `before` (null: the case was just proposed) to `after` calls for. */
export function caseNotifications(before: CaseState | null, after: CaseState): NotifyInput[] {
  const out: NotifyInput[] = [];
  const subject = { cadreId: after.cadreId, unitId: after.toUnitId };
  const base = (key: string) => ({ key: `${after.id}:${key}`, rotationId: after.id });
  const organizers = { role: 'organizer' as const, unitIds: [after.fromUnitId, after.toUnitId] };
  const task = (key: string, taskKind: TaskKind, audience: NotifyInput['audience'], dueAt: string | null = after.stepDueAt): void => {
    out.push({ ...base(`task:${key}`), kind: 'task_assigned', params: { ...subject, taskKind, dueAt }, audience });
  };

  const stepChanged = before === null || before.status !== after.status || before.round !== after.round;
  if (stepChanged) {
    switch (after.status) {
      case 'consultation':
        task(`consultation:${after.round}`, 'consultation', { roles: [organizers], cadreIds: [after.cadreId] });
        break;
      case 'appraisal':
        task(`appraisal:${after.round}`, 'appraisal', { roles: [organizers] });
        break;
      case 'committee_vote':
        task('vote', 'vote', { userIds: after.votes?.memberUserIds ?? [] });
        break;
      case 'decision_pending':
        task('decision', 'decision', { roles: [{ role: 'secretary', unitIds: [after.decidingUnitId ?? after.toUnitId] }] });
        break;
      case 'decided':
        if (after.decision) {
          const { decisionNumber, signedAt, effectiveDate } = after.decision;
          out.push({
            ...base('decision'),
            kind: 'decision_signed',
            params: { ...subject, decisionNumber, signedAt, effectiveDate },
            audience: { roles: [organizers, { role: 'finance', unitIds: [after.fromUnitId, after.toUnitId] }], cadreIds: [after.cadreId] },
          });
        }
        break;
    }
  }
  if (before === null) return out;

  // ---- The term ----
  const reviewers = { role: 'reviewer' as const, unitIds: [after.toUnitId] };
  for (const review of after.reviews) {
    const earlier = before.reviews.find((r) => r.seq === review.seq);
    if (review.remindedAt && !earlier?.remindedAt) {
      out.push({
        ...base(`review-reminder:${review.seq}`),
        kind: 'review_reminder',
        params: { ...subject, seq: review.seq, dueAt: review.dueAt },
        audience: { roles: [reviewers, organizers] },
      });
    }
    if (review.escalatedAt && !earlier?.escalatedAt) {
      out.push({
        ...base(`review-escalation:${review.seq}`),
        kind: 'review_escalation',
        params: { ...subject, seq: review.seq, dueAt: review.dueAt, daysOverdue: wholeDaysBetween(review.dueAt, review.escalatedAt) },
        audience: { roles: [{ role: 'secretary', unitIds: [after.decidingUnitId ?? after.toUnitId] }] },
      });
    }
  }
  const earlierFollowUps = new Map((before.followUps ?? []).map((f) => [f.id, f]));
  for (const followUp of after.followUps ?? []) {
    const earlier = earlierFollowUps.get(followUp.id);
    if (!earlier) task(`follow-up:${followUp.id}`, 'follow_up', { userIds: [followUp.ownerUserId] }, followUp.dueDate);
    if (followUp.remindedAt && !earlier?.remindedAt) {
      out.push({
        ...base(`follow-up-reminder:${followUp.id}`),
        kind: 'follow_up_reminder',
        params: { ...subject, action: followUp.action, dueDate: followUp.dueDate },
        audience: { userIds: [followUp.ownerUserId] },
      });
    }
  }
  if (after.continuation && after.continuation.reviewSeq !== before.continuation?.reviewSeq) {
    task(`continuation:${after.continuation.reviewSeq}`, 'continuation', { roles: [organizers] }, null);
  }
  if (after.termEndReachedAt && !before.termEndReachedAt) {
    task(`term-end:${(after.extensions ?? []).length}`, 'term_end', { roles: [organizers] });
  }
  return out;
}

function wholeDaysBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000));
}
