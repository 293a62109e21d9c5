// Whom a change of a case tells, and what: a new task for whoever must act next, the signed
// decision, the reminders and escalations of reviews and follow-ups. Derived from the state
// before and after the change, so every path to a step announces it the same way. Pure.
import { wholeDaysBetween } from './calendar';
import type { NotificationAudience, NotifyInput } from './notifications';
import type { CaseState, StepDeadline, TaskKind } from './types';
import { membersYetToVote } from './vote';

/** The notifications a change from `before` (null: the case was just proposed) to `after` calls for. */
export function caseNotifications(before: CaseState | null, after: CaseState): NotifyInput[] {
  const out: NotifyInput[] = [];
  const subject = { cadreId: after.cadreId, unitId: after.toUnitId };
  const base = (key: string) => ({ key: `${after.id}:${key}`, rotationId: after.id });
  const organizers = organizersOf(after);
  const task = (key: string, taskKind: TaskKind, audience: NotifyInput['audience'], dueAt: string | null = after.stepDueAt): void => {
    out.push({ ...base(`task:${key}`), kind: 'task_assigned', params: { ...subject, taskKind, dueAt }, audience });
  };

  const stepChanged = before === null || before.status !== after.status || before.round !== after.round;
  if (stepChanged) {
    switch (after.status) {
      case 'consultation':
        task(`consultation:${after.round}`, 'consultation', ownersOf(after, 'consultation'));
        break;
      case 'appraisal':
        task(`appraisal:${after.round}`, 'appraisal', ownersOf(after, 'appraisal'));
        break;
      case 'committee_vote':
        task('vote', 'vote', ownersOf(after, 'vote'));
        break;
      case 'decision_pending':
        task('decision', 'decision', ownersOf(after, 'decision'));
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

  const votes = after.votes;
  if (votes && votes.outcome !== 'pending' && before.votes?.outcome === 'pending') {
    const yetToVote = membersYetToVote(votes);
    if (yetToVote.length > 0) {
      const { for: inFavour, against, abstain, members, outcome } = votes;
      out.push({ ...base('vote-closed'), kind: 'vote_closed', params: { ...subject, outcome, for: inFavour, against, abstain, members }, audience: { userIds: yetToVote } });
    }
  }

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
  const earlierFollowUps = new Map(before.followUps.map((f) => [f.id, f]));
  for (const followUp of after.followUps) {
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
    const deadline = after.stepDeadlines.find((d) => d.key === `continuation:${after.continuation!.reviewSeq}`);
    task(`continuation:${after.continuation.reviewSeq}`, 'continuation', ownersOf(after, 'continuation'), deadline?.dueAt ?? null);
  }
  for (const evaluation of after.evaluations.slice(before.evaluations.length)) {
    if (evaluation.kind !== 'yearly' || evaluation.year === undefined) continue;
    out.push({
      ...base(`evaluation:yearly:${evaluation.year}`),
      kind: 'evaluation_recorded',
      params: { ...subject, year: evaluation.year, rating: evaluation.rating },
      audience: { roles: [{ role: 'organizer', unitIds: [after.fromUnitId] }] },
    });
  }
  if (after.termEndReachedAt && !before.termEndReachedAt) {
    task(`term-end:${after.extensions.length}`, 'term_end', ownersOf(after, 'term_end'));
  }
  out.push(
    ...deadlineNotices(before.stepDeadlines, after.stepDeadlines, { caseId: after.id, cadreId: after.cadreId, unitId: after.toUnitId, owners: (task) => ownersOf(after, task) }),
  );
  return out;
}

/** What the deadline notices of a case or of its support name, and who takes its steps. */
export interface DeadlineSubject {
  caseId: string;
  cadreId: string;
  unitId: string;
  owners: (task: TaskKind) => NotificationAudience;
}

/** The reminder of a step's deadline to its owners; once it passes, the owners told again and the step escalated one level. */
export function deadlineNotices(before: readonly StepDeadline[] | undefined, after: readonly StepDeadline[] | undefined, subject: DeadlineSubject): NotifyInput[] {
  const out: NotifyInput[] = [];
  const earlier = new Map((before ?? []).map((d) => [d.key, d]));
  for (const deadline of after ?? []) {
    const was = earlier.get(deadline.key);
    const params = { cadreId: subject.cadreId, unitId: subject.unitId, taskKind: deadline.task, dueAt: deadline.dueAt };
    const base = (key: string) => ({ key: `${subject.caseId}:${key}:${deadline.key}`, rotationId: subject.caseId, params });
    if (deadline.remindedAt && !was?.remindedAt) out.push({ ...base('deadline-reminder'), kind: 'deadline_reminder', audience: subject.owners(deadline.task) });
    if (deadline.overdueAt && !was?.overdueAt) {
      out.push({ ...base('deadline-overdue'), kind: 'deadline_overdue', audience: subject.owners(deadline.task) });
      if (deadline.escalatedTo) {
        const { role, unitId, above } = deadline.escalatedTo;
        out.push({ ...base('deadline-escalation'), kind: 'deadline_escalation', audience: { roles: [{ role, unitIds: [unitId], ...(above ? { above } : {}) }] } });
      }
    }
  }
  return out;
}

/** Who takes a step of the case: whoever its task goes to (a vote: the members yet to vote). */
function ownersOf(state: CaseState, task: TaskKind): NotificationAudience {
  const organizers = organizersOf(state);
  switch (task) {
    case 'consultation':
      return { roles: [organizers], cadreIds: [state.cadreId] };
    case 'vote': {
      const voted = new Set((state.votes?.ballots ?? []).map((b) => b.userId));
      return { userIds: (state.votes?.memberUserIds ?? []).filter((id) => !voted.has(id)) };
    }
    case 'decision':
      return { roles: [{ role: 'secretary', unitIds: [state.decidingUnitId ?? state.toUnitId] }] };
    default:
      return { roles: [organizers] };
  }
}

/** The organizers over the case are told that it waits for them, and why; null when it does not. */
export function attentionNotice(state: CaseState): NotifyInput | null {
  if (!state.attention) return null;
  return {
    key: `${state.id}:attention:${state.version}`,
    rotationId: state.id,
    kind: 'case_attention',
    params: { cadreId: state.cadreId, unitId: state.toUnitId, reason: state.attention.reason },
    audience: { roles: [organizersOf(state)] },
  };
}

function organizersOf(state: CaseState) {
  return { role: 'organizer' as const, unitIds: [state.fromUnitId, state.toUnitId] };
}
