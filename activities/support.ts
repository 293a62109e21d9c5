// Activities of the support workflow: a case's support in CaseSupport and SupportPayment. Every
// write is keyed (payment ids) or guarded by the status it changes, so a retry, or an attempt
// still running after its timeout, can never create or change anything twice.
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { byDueDate, paymentIdOf, supportPlan } from '../domain/support';
import type { Entitlement, PaymentComponent, ScheduledPayment, SupportChange, SupportInput, SupportPlan, SupportRoute } from '../domain/types';
import { dateColumn, dateOnly, policyTerms } from '../store/columns';

export interface SupportChangeInput {
  caseId: string;
  change: SupportChange;
}

export function createSupportActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Plans the support from the policy in force on the signing date and stores it with every
     * payment `scheduled`; answers the stored plan, so the first plan stands even when a newer
     * policy version appears before a retry. A support stored without a policy is planned again
     * once one is in force on that date (a policy saved later).
     */
    async planSupport(input: SupportInput): Promise<SupportPlan> {
      const [policies, cadre, route] = await Promise.all([
        prisma.supportPolicy.findMany(),
        prisma.cadre.findUnique({ where: { id: input.cadreId }, select: { nextSalaryRaiseDate: true } }),
        routeOf(prisma, input.caseId),
      ]);
      const raiseDate = cadre?.nextSalaryRaiseDate;
      const plan = supportPlan(policies.map(policyTerms), { ...input, nextSalaryRaiseDate: raiseDate ? dateOnly(raiseDate) : null, ...(route ? { route } : {}) });
      await prisma.$transaction(async (tx) => {
        // A concurrent attempt's uncommitted row makes this insert wait, then skip: one plan's payments only.
        const { count } = await tx.caseSupport.createMany({ data: [supportRow(input.caseId, plan)], skipDuplicates: true });
        const replanned =
          count === 0 && plan.status !== 'no_policy'
            ? (await tx.caseSupport.updateMany({ where: { caseId: input.caseId, status: 'no_policy' }, data: supportRow(input.caseId, plan) })).count
            : 0;
        if (count === 1 || replanned === 1) await tx.supportPayment.createMany({ data: plan.payments.map((p) => paymentRow(input.caseId, p)), skipDuplicates: true });
      });
      return storedPlan(prisma, input.caseId);
    },

    async recordSupportChange({ caseId, change }: SupportChangeInput): Promise<void> {
      switch (change.kind) {
        case 'approved':
          await prisma.$transaction([
            prisma.caseSupport.updateMany({
              where: { caseId, status: 'awaiting_approval' },
              data: { status: 'approved', approvedAt: new Date(change.approvedAt), approvedBy: change.approvedBy, approvalNote: change.note || null },
            }),
            paymentsFallingDue(prisma, change.duePaymentIds),
          ]);
          return;
        case 'due':
          await paymentsFallingDue(prisma, change.paymentIds);
          return;
        case 'paid':
          await prisma.supportPayment.updateMany({
            where: { id: change.paymentId, status: 'due' },
            data: { status: 'paid', paidAt: new Date(change.paidAt), reference: change.reference, paidBy: change.paidBy },
          });
          return;
        case 'salary_raised':
          await prisma.caseSupport.updateMany({
            where: { caseId, salaryRaisedAt: null },
            data: { salaryRaisedAt: new Date(change.raisedAt), salaryRaiseReference: change.reference, salaryRaisedBy: change.raisedBy },
          });
          return;
        case 'stopped':
          await prisma.$transaction([
            prisma.caseSupport.updateMany({ where: { caseId, stoppedAt: null }, data: { status: 'stopped', stoppedAt: new Date(change.stoppedAt) } }),
            paymentsFallingDue(prisma, change.duePaymentIds),
            prisma.supportPayment.updateMany({ where: { id: { in: change.cancelledPaymentIds }, status: 'scheduled' }, data: { status: 'cancelled' } }),
          ]);
          return;
        case 'deadlines':
          await prisma.caseSupport.updateMany({ where: { caseId }, data: { deadlines: change.deadlines as unknown as Prisma.InputJsonArray } });
          return;
        case 'extended':
          await prisma.$transaction([
            prisma.caseSupport.update({ where: { caseId }, data: { entitlements: change.entitlements as unknown as Prisma.InputJsonArray } }),
            prisma.supportPayment.createMany({ data: change.payments.map((p) => paymentRow(caseId, p)), skipDuplicates: true }),
          ]);
          return;
      }
    },
  };
}

export type SupportActivities = ReturnType<typeof createSupportActivities>;

function paymentsFallingDue(prisma: PrismaClient, ids: readonly string[]) {
  return prisma.supportPayment.updateMany({ where: { id: { in: [...ids] }, status: 'scheduled' }, data: { status: 'due' } });
}

/** The kinds of the case's sending and receiving units and the receiving unit's area; null for a case not on record. */
async function routeOf(prisma: PrismaClient, caseId: string): Promise<SupportRoute | null> {
  const c = await prisma.rotationCase.findUnique({ where: { id: caseId }, select: { fromUnitId: true, toUnitId: true } });
  if (!c) return null;
  const units = await prisma.unit.findMany({ where: { id: { in: [c.fromUnitId, c.toUnitId] } }, select: { id: true, kind: true, area: true } });
  const from = units.find((u) => u.id === c.fromUnitId);
  const to = units.find((u) => u.id === c.toUnitId);
  return from && to ? { fromKind: from.kind, toKind: to.kind, toArea: to.area } : null;
}

async function storedPlan(prisma: PrismaClient, caseId: string): Promise<SupportPlan> {
  const [row, payments] = await Promise.all([prisma.caseSupport.findUniqueOrThrow({ where: { caseId } }), prisma.supportPayment.findMany({ where: { caseId } })]);
  return {
    status: row.status as SupportPlan['status'],
    policyVersion: row.policyVersion,
    entitlements: row.entitlements as unknown as Entitlement[],
    payments: payments.map((p) => ({ component: p.component as PaymentComponent, period: p.period, dueDate: dateOnly(p.dueDate), amountVnd: Number(p.amountVnd) })).sort(byDueDate),
  };
}

function supportRow(caseId: string, plan: SupportPlan): Prisma.CaseSupportCreateManyInput {
  const raise = plan.entitlements.find((e) => e.component === 'early_salary_raise');
  return {
    caseId,
    status: plan.status,
    policyVersion: plan.policyVersion,
    entitlements: plan.entitlements as unknown as Prisma.InputJsonArray,
    salaryRaiseDueDate: raise?.dueDate ? dateColumn(raise.dueDate) : null,
  };
}

function paymentRow(caseId: string, p: ScheduledPayment): Prisma.SupportPaymentCreateManyInput {
  return {
    id: paymentIdOf(caseId, p),
    caseId,
    component: p.component,
    period: p.period,
    amountVnd: BigInt(p.amountVnd),
    dueDate: dateColumn(p.dueDate),
    status: 'scheduled',
  };
}
