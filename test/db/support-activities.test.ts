// The support workflow's activities on each database: a plan and every change written however
// often they run (retries, an attempt still running after its timeout), with exact row counts.
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { type SupportActivities, createSupportActivities } from '../../activities/support';
import { approveSupport, extendSupport, initialSupportState, markDue, markPaymentPaid, stopSupport } from '../../domain/support-case';
import type { SupportChange, SupportInput, SupportPlan, SupportState } from '../../domain/types';
import type { Database } from '../../infra/db';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';

jest.setTimeout(60_000);

const finance = { userId: 'u-finance', username: 'ke.toan' };
const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

describe.each(DATABASE_KINDS)('support activities on %s', (kind) => {
  let db: Database;
  let activities: SupportActivities;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    activities = createSupportActivities({ prisma: db.prisma });
    await savePolicy(1, '2026-01-01', 50_000_000);
  });
  afterAll(() => db?.close());

  function savePolicy(version: number, effectiveFrom: string, oneTimeVnd: number) {
    return db.prisma.supportPolicy.create({
      data: {
        version,
        effectiveFrom: new Date(`${effectiveFrom}T00:00:00Z`),
        oneTimeVnd: BigInt(oneTimeVnd),
        monthlySupplementVnd: 3_000_000n,
        housingAllowanceVnd: 2_000_000n,
        transportTiers: [{ maxKm: 50, monthlyVnd: 1_000_000 }],
        earlySalaryRaise: true,
        createdBy: 'admin',
      },
    });
  }

  async function newCase(overrides: Partial<SupportInput> = {}): Promise<SupportInput> {
    const cadreId = randomUUID();
    await db.prisma.cadre.create({
      data: {
        id: cadreId,
        fullName: 'Đặng Văn Khoa',
        sex: 'male',
        birthDate: new Date('1982-04-12T00:00:00Z'),
        homeUnitId: 'u-an-lam',
        currentUnitId: 'u-nam-sach',
        currentPosition: 'deputy_head_organization',
        nextSalaryRaiseDate: new Date('2028-07-01T00:00:00Z'),
      },
    });
    return {
      caseId: randomUUID(),
      cadreId,
      signedAt: '2026-03-01T09:00:00+07:00',
      effectiveDate: '2026-03-15',
      termMonths: 24,
      distanceKm: 30,
      officialHousing: false,
      ...overrides,
    };
  }

  const plan = (input: SupportInput): Promise<SupportPlan> => activityEnv.run(activities.planSupport, input);
  const write = (state: SupportState, change: SupportChange) => activityEnv.run(activities.recordSupportChange, { caseId: state.caseId, change });
  const payments = (caseId: string) => db.prisma.supportPayment.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  const countBy = async (caseId: string) =>
    Object.fromEntries((await db.prisma.supportPayment.groupBy({ by: ['status'], where: { caseId }, _count: true })).map((g) => [g.status, g._count]));

  test('planning twice, or twice at once, stores one plan: 73 payments for 24 months with a distance', async () => {
    const input = await newCase();
    const [first, concurrent] = await Promise.all([plan(input), plan(input)]);
    const again = await plan(input);
    expect(concurrent).toEqual(first);
    expect(again).toEqual(first);
    expect(await db.prisma.caseSupport.count({ where: { caseId: input.caseId } })).toBe(1);
    expect(await countBy(input.caseId)).toEqual({ scheduled: 73 });
    const row = await db.prisma.caseSupport.findUniqueOrThrow({ where: { caseId: input.caseId } });
    expect(row).toMatchObject({ status: 'awaiting_approval', policyVersion: 1, approvedAt: null, stoppedAt: null });
    expect(row.salaryRaiseDueDate?.toISOString().slice(0, 10)).toBe('2027-07-01');
    const one = (await payments(input.caseId)).find((p) => p.component === 'one_time')!;
    expect(one).toMatchObject({ id: `${input.caseId}:one_time:0`, period: 0, amountVnd: 50_000_000n, status: 'scheduled' });
    expect(one.dueDate.toISOString().slice(0, 10)).toBe('2026-03-15');
  });

  test('a policy version saved between two attempts does not change the stored plan', async () => {
    const input = await newCase({ signedAt: '2026-05-20' });
    const first = await plan(input);
    // Effective before the signing date: it would be the version in force if the plan were made again.
    await savePolicy(2, '2026-05-01', 80_000_000);
    const retried = await plan(input);
    expect(retried).toEqual(first);
    expect(retried.policyVersion).toBe(1);
    expect(await db.prisma.supportPayment.count({ where: { caseId: input.caseId } })).toBe(73);
    await db.prisma.supportPolicy.delete({ where: { version: 2 } });
  });

  test('without a policy in force the support is no_policy, with no payment', async () => {
    const input = await newCase({ signedAt: '2025-12-31' });
    expect(await plan(input)).toEqual({ status: 'no_policy', policyVersion: null, entitlements: [], payments: [] });
    expect(await db.prisma.caseSupport.findUniqueOrThrow({ where: { caseId: input.caseId } })).toMatchObject({ status: 'no_policy', policyVersion: null });
    expect(await db.prisma.supportPayment.count({ where: { caseId: input.caseId } })).toBe(0);
  });

  test('every change written twice counts once, and an older change never undoes a newer one', async () => {
    const input = await newCase();
    let state = initialSupportState(input, await plan(input));

    const approval = approveSupport(state, { note: 'Đồng ý', actor: finance }, '2026-04-20T02:00:00.000Z');
    state = approval.state;
    await write(state, approval.change);
    await write(state, approval.change);
    expect(await countBy(input.caseId)).toEqual({ due: 1 + 2 * 3, scheduled: 73 - 7 });
    expect(await db.prisma.caseSupport.findUniqueOrThrow({ where: { caseId: input.caseId } })).toMatchObject({
      status: 'approved',
      approvedBy: finance.userId,
      approvalNote: 'Đồng ý',
    });

    const due = markDue(state, '2026-05-15T00:00:00.000Z')!;
    state = due.state;
    await write(state, due.change);
    await write(state, due.change);
    expect(await countBy(input.caseId)).toEqual({ due: 10, scheduled: 63 });

    const paid = markPaymentPaid(
      state,
      { paymentId: `${input.caseId}:one_time:0`, paidAt: '2026-05-16T03:00:00.000Z', reference: 'UNC-001', actor: finance },
      '2026-05-16T03:00:00.000Z',
    );
    state = paid.state;
    await write(state, paid.change);
    await write(state, { ...paid.change, paidAt: '2026-05-17T03:00:00.000Z', reference: 'UNC-002' } as SupportChange);
    // A late retry of the earlier due write must not make the paid payment due again.
    await write(state, due.change);
    const one = (await payments(input.caseId)).find((p) => p.period === 0)!;
    expect(one).toMatchObject({ status: 'paid', reference: 'UNC-001', paidBy: finance.userId, paidAt: new Date('2026-05-16T03:00:00.000Z') });

    const extension = extendSupport(state, { months: 6 });
    state = extension.state;
    await write(state, extension.change);
    await write(state, extension.change);
    expect(await db.prisma.supportPayment.count({ where: { caseId: input.caseId } })).toBe(73 + 18);

    const stop = stopSupport(state, { at: '2026-06-01T00:00:00.000Z', reason: 'terminated' })!;
    await write(stop.state, stop.change);
    await write(stop.state, stop.change);
    expect(await countBy(input.caseId)).toEqual({ paid: 1, due: 9, cancelled: 91 - 10 });
    const row = await db.prisma.caseSupport.findUniqueOrThrow({ where: { caseId: input.caseId } });
    expect(row).toMatchObject({ status: 'stopped', stoppedAt: new Date('2026-06-01T00:00:00.000Z') });
    expect((row.entitlements as { component: string; periods: number }[]).find((e) => e.component === 'housing_allowance')?.periods).toBe(30);
  });
});
