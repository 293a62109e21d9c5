import { z } from 'zod';
import { PARTIES, TASK_KINDS } from '../../domain/types';
import { visibleCases } from '../cases';
import { endpoint } from '../endpoint';
import { caseIdsWithSupportWork, loadSupportViews } from '../support';
import { TASK_STATUSES, supportTasksFor, tasksFor } from '../tasks';

const taskSchema = z
  .object({
    rotationId: z.string(),
    kind: z.enum(TASK_KINDS),
    unitId: z.string(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    party: z.enum(PARTIES).optional().meta({ description: 'For a consultation: whose.' }),
    paymentId: z.string().optional().meta({ description: 'For a payment: which.' }),
    seq: z.number().int().optional().meta({ description: 'For a review: which (reviews[].seq).' }),
    followUpId: z.string().optional().meta({ description: 'For a follow-up: which (followUps[].id).' }),
  })
  .meta({ id: 'Task' });

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
      const [cases, supported] = await Promise.all([
        visibleCases(prisma, user, { statuses: TASK_STATUSES }),
        caseIdsWithSupportWork(prisma).then((ids) => visibleCases(prisma, user, { ids })),
      ]);
      const supports = await loadSupportViews(prisma, supported.map((c) => c.row.id), ['due']);
      return { items: [...tasksFor(user, cases, now), ...supportTasksFor(user, supported, supports, now)] };
    },
  }),
];
