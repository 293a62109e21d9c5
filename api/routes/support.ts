// Relocation support of a case, handled by finance: approving it, recording each payment as it is
// made, and the early salary raise. Each is an Update of the case's support workflow, whose
// validator refuses what the support's state does not allow, before anything is recorded.
import { type UpdateDefinition, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { startOfLocalDay } from '../../domain/calendar';
import { requireNotOwnCase } from '../../domain/duties';
import { caseEvaluations } from '../../domain/support';
import { type SupportState, supportWorkflowIdFor } from '../../domain/types';
import type { PrismaClient } from '../../generated/prisma/client';
import { approveSupport, markPaymentPaid, recordSalaryRaise } from '../../workflows/definitions';
import { mayHandleSupport } from '../case-roles';
import { caseViewSchema, loadCaseView } from '../case-view';
import { type CaseRecord, caseOr404 } from '../cases';
import { type Context, type Endpoint, endpoint } from '../endpoint';
import { conflict, forbidden, notFound } from '../problem';
import { ID_SHAPES, caseDateOrInstant, idOf, idParams, line, optionalText } from '../schemas';
import { hasPayment, supportStatusOf } from '../../store/support';
import { actorOf } from '../scope';
import { sendStep } from '../steps';
import { refusalText } from '../../domain/refusal-texts';

interface SupportAction<P extends z.ZodObject, B extends z.ZodObject, I> {
  /** Below /v1/rotations/:id/support/ */
  step: string;
  summary: string;
  /** Who may take the step and what it does, for the document. */
  description: string;
  params: P;
  body: B;
  update: UpdateDefinition<SupportState, [I]>;
  /** What the request names beyond the case, checked before the update is sent (404). */
  lookup?(prisma: PrismaClient, c: CaseRecord, params: z.output<P>): Promise<void>;
  input(body: z.output<B>, params: z.output<P>, ctx: Context, c: CaseRecord): I;
}

function supportAction<P extends z.ZodObject, B extends z.ZodObject, I>(action: SupportAction<P, B, I>): Endpoint {
  return endpoint({
    method: 'post',
    path: `/v1/rotations/:id/support/${action.step}`,
    summary: action.summary,
    description: action.description,
    tag: 'relocation support',
    request: z.object({ params: action.params, body: action.body }),
    success: { status: 200, description: 'The case after the step', schema: caseViewSchema },
    problems: [403, 404, 409, 422, 503],
    async handle(request, ctx) {
      // TypeScript cannot resolve the parsed types through the generic schemas; the schemas above guarantee them.
      const { params, body } = request as { params: z.output<P> & { id: string }; body: z.output<B> };
      const { prisma, temporal } = ctx.deps;
      const c = await caseOr404(prisma, params.id);
      requireNotOwnCase(ctx.user.cadreId, c.row.cadreId, `the support step ${action.step}`);
      if (!mayHandleSupport(ctx.user, c)) throw forbidden(refusalText('support_handler'));
      const status = await supportStatusOf(prisma, c.row.id);
      if (!status) throw conflict(refusalText('support_not_planned'));
      if (status === 'no_policy') throw conflict(refusalText('support_no_policy'));
      if (status === 'stopped') throw conflict(refusalText('support_stopped'));
      await action.lookup?.(prisma, c, params);
      const input = action.input(body, params, ctx, c);
      await sendStep(ctx, (updateId) => temporal.workflow.getHandle(supportWorkflowIdFor(c.row.id)).executeUpdate(action.update, { args: [input], updateId })).catch(
        (err: unknown) => {
          // The support's row exists, so its workflow ran: one the server no longer finds has ended.
          if (err instanceof WorkflowNotFoundError) throw conflict(refusalText('support_ended'));
          throw err;
        },
      );
      return loadCaseView(prisma, c.state);
    },
  });
}

const caseParams = idParams('rotation case');

export const supportEndpoints = [
  supportAction({
    step: 'approve',
    summary: 'Approve the relocation support (finance); payments whose day has come fall due at once',
    description:
      "For finance over the receiving unit who is not the rotated cadre. Approves the case's relocation support under the policy in force when the decision was signed; payments whose day has come fall due at once.",
    params: caseParams,
    body: z.object({ note: optionalText('note') }),
    update: approveSupport,
    input: (body, _params, { user }) => ({ note: body.note, actor: actorOf(user) }),
  }),
  supportAction({
    step: 'payments/:paymentId/paid',
    summary: 'Record a due payment as paid (finance)',
    description: 'For finance over the receiving unit who is not the rotated cadre. Records a due payment of the support as paid on its day.',
    params: caseParams.extend({ paymentId: idOf('payment', { shape: ID_SHAPES.payment }) }),
    body: z.object({ paidAt: caseDateOrInstant, reference: line('reference') }),
    update: markPaymentPaid,
    async lookup(prisma, c, params) {
      if (!(await hasPayment(prisma, c.row.id, params.paymentId))) throw notFound('payment');
    },
    input: (body, params, { user }) => ({ paymentId: params.paymentId, paidAt: startOfLocalDay(body.paidAt), reference: body.reference, actor: actorOf(user) }),
  }),
  supportAction({
    step: 'salary-raise',
    summary: 'Record the early salary raise (finance), on or after the day it is due and, when the policy asks, after an evaluation rated excellent',
    description:
      'For finance over the receiving unit who is not the rotated cadre. Records the early salary raise the support grants, on or after its due day and, when the policy asks, after an evaluation of the cadre rated excellent.',
    params: caseParams,
    body: z.object({ raisedAt: caseDateOrInstant, reference: line('reference') }),
    update: recordSalaryRaise,
    // The case's evaluations go with the step: the support's terms may ask for one rated excellent.
    input: (body, _params, { user }, c) => ({ raisedAt: startOfLocalDay(body.raisedAt), reference: body.reference, actor: actorOf(user), evaluations: caseEvaluations(c.state) }),
  }),
];
