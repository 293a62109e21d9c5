import { z } from 'zod';
import { EVALUATION_KINDS, PARTIES, ROLES, TASK_ATTENTION_REASONS, TASK_KINDS } from '../../domain/types';
import { endpoint } from '../endpoint';
import { openTasks } from '../open-tasks';

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
    onBehalfOf: z
      .object({ userId: z.string(), username: z.string() })
      .optional()
      .meta({ description: 'The task is the delegator’s, reaching you by a delegation: you take it on their behalf.' }),
  })
  .meta({ id: 'Task' });

export const taskEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/tasks',
    summary: 'Your open work: steps of cases waiting on you',
    description: 'For any signed-in user. Lists the steps of cases waiting on them, by their roles or by the delegations they hold, each with its due date.',
    tag: 'work lists',
    request: z.object({}),
    success: { status: 200, description: 'Your tasks', schema: z.object({ items: z.array(taskSchema) }) },
    problems: [],
    async handle(_input, { user, deps: { prisma } }) {
      return { items: await openTasks(prisma, user, new Date()) };
    },
  }),
];
