// Delegations: a user hands their own tasks of some kinds to another user for a period.
import { z } from 'zod';
import { DELEGABLE_KINDS, DELEGATION_STATUSES, type Delegation, admitDelegation, delegationStatus } from '../../domain/delegation';
import { TASK_KINDS } from '../../domain/types';
import { createAdmittedDelegation, delegationsOf, findDelegation, revokeDelegation } from '../../store/delegations';
import { endpoint } from '../endpoint';
import { usersOr422 } from '../lookups';
import { forbidden, notFound } from '../problem';
import { calendarDate, idOf, idParams, today } from '../schemas';
import { holdsGlobally } from '../scope';
import { refusalText } from '../../domain/refusal-texts';

const delegationSchema = z
  .object({
    id: z.string(),
    fromUserId: z.string().meta({ description: 'The delegator, on whose behalf the delegate acts.' }),
    toUserId: z.string().meta({ description: 'The delegate.' }),
    from: z.string().meta({ description: 'First day (YYYY-MM-DD, Vietnam), inclusive.' }),
    to: z.string().meta({ description: 'Last day, inclusive.' }),
    kinds: z.array(z.enum(TASK_KINDS)).meta({ description: 'The task kinds delegated; empty: every kind that can be delegated.' }),
    status: z.enum(DELEGATION_STATUSES),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Delegation' });

const view = (d: Delegation, on: string) => ({ ...d, kinds: [...d.kinds], status: delegationStatus(d, on) });

export const delegationEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/delegations',
    summary:
      'Delegate your own tasks (of `kinds`, or every kind but the vote) to another user from `from` to `to`: they see and take them on your behalf. A delegate cannot re-delegate; a vote cannot be delegated (422)',
    description:
      "For any signed-in user, for their own tasks. Lets another user see and take the delegator's tasks of the given kinds over a period; a vote, a re-delegation or a period over the limit is refused (422).",
    tag: 'delegation',
    request: z.object({
      body: z.object({
        toUserId: idOf('user', { status: 422 }),
        from: calendarDate,
        to: calendarDate,
        kinds: z
          .array(z.enum(TASK_KINDS))
          .min(1)
          .max(DELEGABLE_KINDS.length + 1)
          .optional(),
      }),
    }),
    success: { status: 201, description: 'The delegation', schema: delegationSchema },
    problems: [422],
    async handle({ body }, { user, deps: { prisma } }) {
      await usersOr422(prisma, [body.toUserId], () => 'toUserId');
      const on = today();
      const request = { ...body, kinds: body.kinds ? [...new Set(body.kinds)] : undefined, fromUserId: user.id };
      return view(await createAdmittedDelegation(prisma, request, (existing) => admitDelegation(request, on, existing)), on);
    },
  }),
  endpoint({
    method: 'get',
    path: '/v1/delegations',
    summary: 'The delegations you gave and those you received, newest first',
    description: 'For any signed-in user, their own. Lists the delegations they gave and those they received, each with its status today.',
    tag: 'delegation',
    request: z.object({}),
    success: {
      status: 200,
      description: 'Your delegations',
      schema: z.object({ given: z.array(delegationSchema), received: z.array(delegationSchema) }),
    },
    problems: [],
    async handle(_input, { user, deps: { prisma } }) {
      const on = today();
      const all = await delegationsOf(prisma, [user.id]);
      return {
        given: all.filter((d) => d.fromUserId === user.id).map((d) => view(d, on)),
        received: all.filter((d) => d.toUserId === user.id).map((d) => view(d, on)),
      };
    },
  }),
  endpoint({
    method: 'post',
    path: '/v1/delegations/:id/revoke',
    summary: 'Revoke a delegation (its delegator or a global admin): the delegate acts on it no more',
    description: "For the delegation's delegator or a global admin. Ends the delegation at once: the delegate no longer sees or takes the delegator's tasks.",
    tag: 'delegation',
    request: z.object({ params: idParams('delegation') }),
    success: { status: 200, description: 'The delegation, revoked', schema: delegationSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const found = await findDelegation(prisma, params.id);
      if (!found) throw notFound('delegation');
      if (found.fromUserId !== user.id && !holdsGlobally(user, ['admin'])) throw forbidden(refusalText('delegation_revoker'));
      return view(await revokeDelegation(prisma, found.id, user.id, new Date()), today());
    },
  }),
];
