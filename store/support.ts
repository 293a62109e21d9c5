// A case's support in CaseSupport and SupportPayment: what planning it reads, the plan and each
// change its workflow writes (every write keyed by payment id or guarded by the status it
// changes, so a retry can never create or change anything twice), the rows the API shows, and
// the supports that wait on a person or on a policy, found in SQL across the support rows and
// their cases.
import { totalTermMonths } from '../domain/review-schedule';
import { localDate } from '../domain/calendar';
import { type StoredCaseState, upgradeCaseState } from '../domain/case-upgrade';
import { byDueDate, paymentIdOf } from '../domain/support';
import {
  ENDED_STATUSES,
  type Entitlement,
  type PaymentComponent,
  type PaymentStatus,
  type ScheduledPayment,
  type SupportChange,
  type SupportInput,
  type SupportPlan,
  type SupportPolicyTerms,
  type SupportRoute,
} from '../domain/types';
import { type CaseSupport, Prisma, type PrismaClient, type SupportPayment } from '../generated/prisma/client';
import { dateColumn, dateOnly, policyTerms } from './columns';

/** What a support is planned from besides the case: every policy version, the cadre's next salary raise, the units' kinds and area. */
export interface SupportPlanning {
  policies: SupportPolicyTerms[];
  nextSalaryRaiseDate: string | null;
  /** Null for a case not on record. */
  route: SupportRoute | null;
}

export async function readSupportPlanning(prisma: PrismaClient, { caseId, cadreId }: Pick<SupportInput, 'caseId' | 'cadreId'>): Promise<SupportPlanning> {
  const [policies, cadre, route] = await Promise.all([
    prisma.supportPolicy.findMany(),
    prisma.cadre.findUnique({ where: { id: cadreId }, select: { nextSalaryRaiseDate: true } }),
    routeOf(prisma, caseId),
  ]);
  const raiseDate = cadre?.nextSalaryRaiseDate;
  return { policies: policies.map(policyTerms), nextSalaryRaiseDate: raiseDate ? dateOnly(raiseDate) : null, route };
}

/**
 * Stores the plan with every payment `scheduled` and answers the stored plan, so the first plan
 * stands even when a newer policy version appears before a retry. A support stored without a
 * policy takes a plan that has one (a policy saved later).
 */
export async function storeSupportPlan(prisma: PrismaClient, caseId: string, plan: SupportPlan): Promise<SupportPlan> {
  await prisma.$transaction(async (tx) => {
    // A concurrent attempt's uncommitted row makes this insert wait, then skip: one plan's payments only.
    const { count } = await tx.caseSupport.createMany({ data: [supportRow(caseId, plan)], skipDuplicates: true });
    const replanned =
      count === 0 && plan.status !== 'no_policy' ? (await tx.caseSupport.updateMany({ where: { caseId, status: 'no_policy' }, data: supportRow(caseId, plan) })).count : 0;
    if (count === 1 || replanned === 1) await tx.supportPayment.createMany({ data: plan.payments.map((p) => paymentRow(caseId, p)), skipDuplicates: true });
  });
  return storedPlan(prisma, caseId);
}

/** Records a change of the support, once however often it is sent. */
export async function recordSupportChange(prisma: PrismaClient, caseId: string, change: SupportChange): Promise<void> {
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
}

/** The status of the case's support; null before it is planned. */
export async function supportStatusOf(prisma: PrismaClient, caseId: string): Promise<string | null> {
  return (await prisma.caseSupport.findUnique({ where: { caseId }, select: { status: true } }))?.status ?? null;
}

/** Whether the payment is one of the case's. */
export async function hasPayment(prisma: PrismaClient, caseId: string, paymentId: string): Promise<boolean> {
  return (await prisma.supportPayment.findFirst({ where: { id: paymentId, caseId }, select: { id: true } })) !== null;
}

/** The support rows of the cases that have one, with their payments (only those in `paymentStatuses`, when given). */
export async function readSupportRows(
  prisma: PrismaClient,
  caseIds: readonly string[],
  paymentStatuses?: readonly PaymentStatus[],
): Promise<{ supports: CaseSupport[]; payments: SupportPayment[] }> {
  const where = { caseId: { in: [...caseIds] } };
  const [supports, payments] = await Promise.all([
    prisma.caseSupport.findMany({ where }),
    prisma.supportPayment.findMany({ where: { ...where, ...(paymentStatuses ? { status: { in: [...paymentStatuses] } } : {}) } }),
  ]);
  return { supports, payments };
}

/**
 * Cases whose support waits on someone: a policy to arrange (while the case runs), an approval,
 * a payment due (even after the case ended) or an early salary raise to record.
 */
export async function caseIdsWithSupportWork(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ caseId: string }[]>`
    SELECT s."caseId" FROM "CaseSupport" s JOIN "RotationCase" rc ON rc.id = s."caseId"
    WHERE (s.status = 'no_policy' AND rc.status NOT IN (${Prisma.join(ENDED_STATUSES)}))
       OR s.status = 'awaiting_approval'
       OR (s.status = 'approved' AND s."salaryRaiseDueDate" IS NOT NULL AND s."salaryRaisedAt" IS NULL)
    UNION
    SELECT p."caseId" FROM "SupportPayment" p WHERE p.status = 'due'`;
  return rows.map((r) => r.caseId);
}

/**
 * The supports planned without a policy that one in force from `effectiveFrom` covers: the case
 * still runs and its decision was signed on or after that date. Each with what its support
 * workflow is started with, should that workflow have ended (planned on earlier code).
 */
export async function supportsWaitingForPolicy(prisma: PrismaClient, effectiveFrom: string): Promise<SupportInput[]> {
  const rows = await prisma.$queryRaw<{ state: unknown }[]>`
    SELECT rc.state FROM "CaseSupport" s JOIN "RotationCase" rc ON rc.id = s."caseId"
    WHERE s.status = 'no_policy' AND rc.status NOT IN (${Prisma.join(ENDED_STATUSES)})`;
  return rows.flatMap(({ state }) => {
    const c = upgradeCaseState(state as StoredCaseState);
    if (!c.decision || !c.effectiveDate || localDate(c.decision.signedAt) < effectiveFrom) return [];
    return [
      {
        caseId: c.id,
        cadreId: c.cadreId,
        signedAt: c.decision.signedAt,
        effectiveDate: c.effectiveDate,
        termMonths: totalTermMonths(c.termMonths, c.extensions),
        distanceKm: c.distanceKm,
        officialHousing: c.officialHousing,
      },
    ];
  });
}

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

/** Saves a new version of the support policy, numbered after the last; a unique violation when another was saved meanwhile. */
export function addSupportPolicyVersion(prisma: PrismaClient, policy: Omit<Prisma.SupportPolicyCreateInput, 'version'>) {
  return prisma.$transaction(async (tx) => {
    const { _max } = await tx.supportPolicy.aggregate({ _max: { version: true } });
    return tx.supportPolicy.create({ data: { ...policy, version: (_max.version ?? 0) + 1 } });
  });
}
