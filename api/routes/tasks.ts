import { z } from 'zod';
import { ancestorIds } from '../../domain/units';
import { EVALUATION_KINDS, PARTIES, ROLES, TASK_ATTENTION_REASONS, TASK_KINDS } from '../../domain/types';
import type { PrismaClient } from '../../generated/prisma/client';
import { type CaseRecord, visibleCases } from '../cases';
import { endpoint } from '../endpoint';
import { caseIdsWithSupportWork } from '../../store/support';
import { loadSupportViews } from '../support';
import { activeCommitteeMembers } from '../lookups';
import type { Principal } from '../scope';
import { STAFFED_ROLES, type Staffing, TASK_STATUSES, attentionTasksFor, staffingTasksFor, supportTasksFor, tasksFor } from '../tasks';

const taskSchema = z
  .object({
    rotationId: z.string(),
    kind: z.enum(TASK_KINDS),
    unitId: z.string(),
    dueAt: z.string().nullable().meta({ description: 'By when the task is to be done; overdue once it has passed.' }),
    dueDate: z.string().nullable().meta({ description: 'The day of dueAt in Vietnam (YYYY-MM-DD).' }),
    overdue: z.boolean(),
    escalated: z.boolean().meta({ description: 'The task reached you by escalation: its deadline passed with its owners.' }),
    party: z.enum(PARTIES).optional().meta({ description: 'For a consultation: whose.' }),
    paymentId: z.string().optional().meta({ description: 'For a payment: which.' }),
    seq: z.number().int().optional().meta({ description: 'For a review: which (reviews[].seq).' }),
    followUpId: z.string().optional().meta({ description: 'For a follow-up: which (followUps[].id).' }),
    reason: z.enum(TASK_ATTENTION_REASONS).optional().meta({
      description: 'For attention: why the case waits (the case shows it as attention.reason), or missing_role: no active user holds `role` over `unitId` to take a waiting step.',
    }),
    role: z.enum(ROLES).optional().meta({ description: 'For attention of reason missing_role: the role someone must be given over unitId.' }),
    evaluationKind: z.enum(EVALUATION_KINDS).optional().meta({ description: 'For an evaluation: which one to write (POST /v1/rotations/:id/evaluations).' }),
    year: z.number().int().optional().meta({ description: 'For a yearly evaluation: the year of the term it covers.' }),
  })
  .meta({ id: 'Task' });

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

export const taskEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/tasks',
    summary: 'Your open work: steps of cases waiting on you',
    tag: 'work lists',
    request: z.object({}),
    success: { status: 200, description: 'Your tasks', schema: z.object({ items: z.array(taskSchema) }) },
    problems: [],
    async handle(_input, { user, deps: { prisma } }) {
      const now = new Date();
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
      return {
        items: [
          ...tasksFor(user, cases, now),
          ...supportTasksFor(user, supported, supports, now),
          ...attentionTasksFor(user, needingAttention, now),
          ...(staffing ? staffingTasksFor(user, waiting, supports, staffing, now) : []),
        ],
      };
    },
  }),
];
