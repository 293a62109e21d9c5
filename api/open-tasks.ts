// The signed-in user's open work, as GET /v1/tasks and the web app's inbox show it.
import { coversKind } from '../domain/delegation';
import { actsOnOwnCase } from '../domain/duties';
import { ancestorIds } from '../domain/units';
import type { PrismaClient } from '../generated/prisma/client';
import { caseIdsWithSupportWork } from '../store/support';
import { type CaseRecord, visibleCases } from './cases';
import { activeCommitteeMembers } from './lookups';
import { delegatorsOf } from './on-behalf';
import type { Principal } from './scope';
import { loadSupportViews } from './support';
import { STAFFED_ROLES, type Staffing, type Task, TASK_STATUSES, attentionTasksFor, staffingTasksFor, supportTasksFor, tasksFor } from './tasks';

/** Who could take the waiting steps, for an organizer (null for anyone else: they are not asked to find someone). */
async function staffingOf(prisma: PrismaClient, user: Principal, cases: readonly CaseRecord[]): Promise<Staffing | null> {
  if (!user.roles.some((g) => g.role === 'organizer')) return null;
  const inAppraisal = cases.filter((c) => c.state.status === 'appraisal');
  const [grants, seats] = await Promise.all([
    prisma.roleAssignment.findMany({
      where: { role: { in: [...STAFFED_ROLES] }, user: { active: true } },
      select: { role: true, unitId: true, user: { select: { cadreId: true } } },
    }),
    inAppraisal.length ? activeCommitteeMembers(prisma, [...new Set(inAppraisal.flatMap((c) => ancestorIds(c.fromPath)))]) : [],
  ]);
  return { holders: grants.map((g) => ({ role: g.role, unitId: g.unitId, cadreId: g.user.cadreId })), seats };
}

/**
 * Every task waiting on `user` at `now`: their own, then those of the users who delegated them
 * tasks of those kinds (marked onBehalfOf), but none on a case about the user.
 */
export async function openTasks(prisma: PrismaClient, user: Principal, now: Date): Promise<Task[]> {
  const [own, delegators] = await Promise.all([ownTasks(prisma, user, now), delegatorsOf(prisma, user)]);
  const delegated = await Promise.all(
    delegators.map(async ({ delegator, delegation }) =>
      (await ownTasks(prisma, delegator, now))
        .filter((t) => coversKind(delegation, t.kind))
        .map((t) => ({ ...t, onBehalfOf: { userId: delegator.id, username: delegator.username } })),
    ),
  );
  // Two delegations from one user may cover the same task.
  const others = [...new Map(delegated.flat().map((t) => [JSON.stringify(t), t])).values()];
  if (others.length === 0) return own;
  const cadreOf = new Map(
    (await prisma.rotationCase.findMany({ where: { id: { in: [...new Set(others.map((t) => t.rotationId))] } }, select: { id: true, cadreId: true } })).map((r) => [
      r.id,
      r.cadreId,
    ]),
  );
  return [...own, ...others.filter((t) => !actsOnOwnCase(user.cadreId, cadreOf.get(t.rotationId) ?? ''))];
}

/** The tasks waiting on `user` by their own roles. */
async function ownTasks(prisma: PrismaClient, user: Principal, now: Date): Promise<Task[]> {
  const [cases, supported, needingAttention] = await Promise.all([
    visibleCases(prisma, user, { statuses: TASK_STATUSES }),
    caseIdsWithSupportWork(prisma).then((ids) => visibleCases(prisma, user, { ids })),
    visibleCases(prisma, user, { needingAttention: true }),
  ]);
  const supports = await loadSupportViews(
    prisma,
    supported.map((c) => c.row.id),
    ['due'],
  );
  const staffing = await staffingOf(prisma, user, cases);
  const waiting = [...new Map([...cases, ...supported].map((c) => [c.row.id, c])).values()];
  return [
    ...tasksFor(user, cases, now),
    ...supportTasksFor(user, supported, supports, now),
    ...attentionTasksFor(user, needingAttention, now),
    ...(staffing ? staffingTasksFor(user, waiting, supports, staffing, now) : []),
  ];
}
