import { z } from 'zod';
import { PARTIES, TASK_KINDS } from '../../domain/types';
import { visibleCases } from '../cases';
import { endpoint } from '../endpoint';
import { TASK_STATUSES, tasksFor } from '../tasks';

const taskSchema = z
  .object({
    rotationId: z.string(),
    kind: z.enum(TASK_KINDS),
    unitId: z.string(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    party: z.enum(PARTIES).optional().meta({ description: 'For a consultation: whose.' }),
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
      const cases = await visibleCases(prisma, user, { statuses: TASK_STATUSES });
      return { items: tasksFor(user, cases, new Date()) };
    },
  }),
];
