// The support part of a case as the API shows it, read from the rows its support workflow writes
// (CaseSupport, SupportPayment). Before the decision there are none: the support is not started.
import { z } from 'zod';
import { byDueDate } from '../domain/support';
import {
  type Entitlement,
  PAYMENT_COMPONENTS,
  PAYMENT_STATUSES,
  type PaymentComponent,
  type PaymentStatus,
  SUPPORT_COMPONENTS,
  SUPPORT_STATUSES,
  type StepDeadline,
  type SupportStatus,
  TASK_KINDS,
} from '../domain/types';
import type { CaseSupport, PrismaClient, SupportPayment } from '../generated/prisma/client';
import { dateOnly } from '../store/columns';
import { readSupportRows } from '../store/support';

export interface PaymentView {
  id: string;
  component: PaymentComponent;
  period: number;
  dueDate: string;
  amountVnd: number;
  status: PaymentStatus;
  paidAt: string | null;
  reference: string | null;
  paidBy: string | null;
}

export interface SupportView {
  status: SupportStatus | 'not_started';
  policyVersion: number | null;
  entitlements: Entitlement[];
  payments: PaymentView[];
  approvedAt: string | null;
  approvedBy: string | null;
  salaryRaise: { dueDate: string; raisedAt: string | null; reference: string | null } | null;
  stoppedAt: string | null;
  /** The deadlines of the approval and of each payment due, in working days (none in older supports). */
  deadlines: StepDeadline[];
}

export const NOT_STARTED_SUPPORT: SupportView = {
  status: 'not_started',
  policyVersion: null,
  entitlements: [],
  payments: [],
  approvedAt: null,
  approvedBy: null,
  salaryRaise: null,
  stoppedAt: null,
  deadlines: [],
};

/** The support of each case that has one, with its payments (only those in `paymentStatuses`, when given); look cases up with `supportOf`. */
export async function loadSupportViews(prisma: PrismaClient, caseIds: readonly string[], paymentStatuses?: readonly PaymentStatus[]): Promise<Map<string, SupportView>> {
  if (caseIds.length === 0) return new Map();
  const { supports: rows, payments } = await readSupportRows(prisma, caseIds, paymentStatuses);
  const paymentsOf = new Map<string, SupportPayment[]>();
  for (const p of payments) {
    const same = paymentsOf.get(p.caseId);
    if (same) same.push(p);
    else paymentsOf.set(p.caseId, [p]);
  }
  return new Map(rows.map((row) => [row.caseId, supportView(row, paymentsOf.get(row.caseId) ?? [])]));
}

export async function loadSupportView(prisma: PrismaClient, caseId: string): Promise<SupportView> {
  return supportOf(await loadSupportViews(prisma, [caseId]), caseId);
}

export function supportOf(supports: ReadonlyMap<string, SupportView>, caseId: string): SupportView {
  return supports.get(caseId) ?? NOT_STARTED_SUPPORT;
}

function supportView(row: CaseSupport, payments: readonly SupportPayment[]): SupportView {
  return {
    status: row.status as SupportStatus,
    policyVersion: row.policyVersion,
    entitlements: row.entitlements as unknown as Entitlement[],
    payments: payments.map(paymentView).sort(byDueDate),
    approvedAt: instant(row.approvedAt),
    approvedBy: row.approvedBy,
    salaryRaise: row.salaryRaiseDueDate ? { dueDate: dateOnly(row.salaryRaiseDueDate), raisedAt: instant(row.salaryRaisedAt), reference: row.salaryRaiseReference } : null,
    stoppedAt: instant(row.stoppedAt),
    deadlines: (row.deadlines ?? []) as unknown as StepDeadline[],
  };
}

function paymentView(p: SupportPayment): PaymentView {
  return {
    id: p.id,
    component: p.component as PaymentComponent,
    period: p.period,
    dueDate: dateOnly(p.dueDate),
    amountVnd: Number(p.amountVnd),
    status: p.status as PaymentStatus,
    paidAt: instant(p.paidAt),
    reference: p.reference,
    paidBy: p.paidBy,
  };
}

function instant(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

// ---- Schema of the view, for the OpenAPI document ----

export const supportViewSchema = z
  .object({
    status: z.enum(['not_started', ...SUPPORT_STATUSES]),
    policyVersion: z.number().int().nullable().meta({ description: 'The policy version in force when the decision was signed, kept for life.' }),
    entitlements: z.array(
      z.object({
        component: z.enum(SUPPORT_COMPONENTS),
        amountVnd: z.number().int(),
        periods: z.number().int(),
        totalVnd: z.number().int(),
        policyVersion: z.number().int(),
        dueDate: z.string().optional(),
        requiresExcellent: z
          .boolean()
          .optional()
          .meta({ description: "The early salary raise waits for an evaluation of the cadre rated excellent (the policy's term when decided)." }),
      }),
    ),
    payments: z.array(
      z.object({
        id: z.string(),
        component: z.enum(PAYMENT_COMPONENTS),
        period: z.number().int().meta({ description: '0 for the one-time support, 1.. for the months of the term.' }),
        dueDate: z.string(),
        amountVnd: z.number().int(),
        status: z.enum(PAYMENT_STATUSES),
        paidAt: z.string().nullable(),
        reference: z.string().nullable(),
        paidBy: z.string().nullable().meta({ description: 'Id of the user who recorded the payment.' }),
      }),
    ),
    approvedAt: z.string().nullable(),
    approvedBy: z.string().nullable().meta({ description: 'Id of the finance user who approved the support.' }),
    salaryRaise: z
      .object({ dueDate: z.string(), raisedAt: z.string().nullable(), reference: z.string().nullable() })
      .nullable()
      .meta({ description: 'The early salary raise, when the policy grants it: due one year before the next scheduled raise.' }),
    stoppedAt: z.string().nullable().meta({ description: 'When the case ended early: no payment became due after it.' }),
    deadlines: z
      .array(
        z.object({
          key: z.string().meta({ description: 'support_approval, or payment:<paymentId>.' }),
          task: z.enum(TASK_KINDS),
          openedAt: z.string(),
          dueAt: z.string(),
          remindAt: z.string().nullable(),
          remindedAt: z.string().nullable(),
          overdueAt: z.string().nullable(),
          escalatedTo: z.object({ role: z.enum(['secretary', 'organizer']), unitId: z.string(), above: z.boolean() }).nullable(),
        }),
      )
      .meta({ description: 'The deadlines of the approval and of each payment due, in working days.' }),
  })
  .meta({ id: 'RotationSupport' });
