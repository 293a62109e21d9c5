import {
  caseEvaluations,
  earlyRaiseEarned,
  entitlements,
  extendedEntitlements,
  officialHousingGranted,
  oneTimeAmount,
  oneTimeEntry,
  paymentSchedule,
  policyInForce,
  supportPlan,
  type EntitlementFacts,
} from '../../domain/support';
import type { Entitlement, OneTimeByDirection, RatedEvaluation, ScheduledPayment, SupportRoute } from '../../domain/types';
import { QUANG_NGAI_POLICY_BODY, supportPolicyTerms } from '../support/support-policies';
import { caseAt, organizer } from '../support/domain-fixtures';

// Deliberately out of order: tiers are taken by distance, not by position.
const policy = supportPolicyTerms(3, '2026-01-01', {
  transportTiers: [
    { maxKm: 50, monthlyVnd: 1_500_000 },
    { maxKm: 20, monthlyVnd: 800_000 },
    { maxKm: 100, monthlyVnd: 2_500_000 },
  ],
});

const facts: EntitlementFacts = { effectiveDate: '2026-03-15', termMonths: 24, distanceKm: 35, officialHousing: false, nextSalaryRaiseDate: null };

const componentsOf = (list: readonly Entitlement[]) => list.map((e) => e.component);
const amountOf = (list: readonly Entitlement[], component: string) => list.find((e) => e.component === component)?.amountVnd;
const datesOf = (payments: readonly ScheduledPayment[], component: string) => payments.filter((p) => p.component === component).map((p) => p.dueDate);

describe('the policy version in force', () => {
  const v1 = { ...policy, version: 1, effectiveFrom: '2025-01-01' };
  const v2 = { ...policy, version: 2, effectiveFrom: '2026-07-01' };
  const v3 = { ...policy, version: 3, effectiveFrom: '2026-07-01', oneTimeVnd: 60_000_000 };

  it('is the one with the latest effectiveFrom on or before the signing date', () => {
    expect(policyInForce([v2, v1], '2026-06-30')?.version).toBe(1);
    expect(policyInForce([v1, v2], '2026-07-01')?.version).toBe(2);
  });

  it('is the highest version when two take effect the same day', () => {
    expect(policyInForce([v3, v1, v2], '2026-08-01')?.version).toBe(3);
  });

  it('is none before the first version takes effect', () => {
    expect(policyInForce([v1, v2], '2024-12-31')).toBeNull();
    expect(policyInForce([], '2026-01-01')).toBeNull();
  });

  it('stays the one of the signing date when a newer version appears after the decision', () => {
    const signedOn = '2026-05-20';
    const planned = supportPlan([v1], { signedAt: signedOn, effectiveDate: '2026-06-01', termMonths: 12, distanceKm: null, officialHousing: false, nextSalaryRaiseDate: null });
    // v2 and v3 are saved later and take effect later: the signing date still picks v1.
    const again = supportPlan([v1, v2, v3], {
      signedAt: signedOn,
      effectiveDate: '2026-06-01',
      termMonths: 12,
      distanceKm: null,
      officialHousing: false,
      nextSalaryRaiseDate: null,
    });
    expect([planned.policyVersion, again.policyVersion]).toEqual([1, 1]);
    expect(again.entitlements.every((e) => e.policyVersion === 1)).toBe(true);
  });

  it('is chosen by the signing day in Vietnam, not in UTC', () => {
    // 18:00 UTC on 30 June is 01:00 on 1 July in Hà Nội.
    const plan = supportPlan([v1, v2], {
      signedAt: '2026-06-30T18:00:00Z',
      effectiveDate: '2026-07-15',
      termMonths: 12,
      distanceKm: null,
      officialHousing: false,
      nextSalaryRaiseDate: null,
    });
    expect(plan.policyVersion).toBe(2);
  });
});

describe('entitlements', () => {
  it('grant a one-time support and, for each month of a 24-month term, a supplement, housing and transport', () => {
    expect(entitlements(policy, facts)).toEqual([
      { component: 'one_time', amountVnd: 50_000_000, periods: 1, totalVnd: 50_000_000, policyVersion: 3, dueDate: '2026-03-15' },
      { component: 'monthly_supplement', amountVnd: 3_000_000, periods: 24, totalVnd: 72_000_000, policyVersion: 3 },
      { component: 'housing_allowance', amountVnd: 2_000_000, periods: 24, totalVnd: 48_000_000, policyVersion: 3 },
      { component: 'transport_allowance', amountVnd: 1_500_000, periods: 24, totalVnd: 36_000_000, policyVersion: 3 },
    ]);
  });

  it.each([
    [0, 800_000],
    [20, 800_000],
    [20.1, 1_500_000],
    [50, 1_500_000],
    [99.5, 2_500_000],
    [100, 2_500_000],
  ])('take the transport allowance from the first tier covering %s km', (distanceKm, monthlyVnd) => {
    expect(amountOf(entitlements(policy, { ...facts, distanceKm }), 'transport_allowance')).toBe(monthlyVnd);
  });

  it('grant no transport allowance beyond the last tier, nor without a distance', () => {
    expect(componentsOf(entitlements(policy, { ...facts, distanceKm: 140 }))).not.toContain('transport_allowance');
    expect(componentsOf(entitlements(policy, { ...facts, distanceKm: null }))).toEqual(['one_time', 'monthly_supplement', 'housing_allowance']);
    expect(componentsOf(entitlements({ ...policy, transportTiers: [] }, facts))).not.toContain('transport_allowance');
  });

  it('grant no housing allowance when official housing is provided', () => {
    expect(componentsOf(entitlements(policy, { ...facts, officialHousing: true }))).toEqual(['one_time', 'monthly_supplement', 'transport_allowance']);
  });

  it('leave out what the policy sets to 0 VND', () => {
    expect(componentsOf(entitlements({ ...policy, oneTimeVnd: 0, housingAllowanceVnd: 0 }, facts))).toEqual(['monthly_supplement', 'transport_allowance']);
  });

  it('grant the early salary raise one year ahead of the next scheduled one, as a raise and not money', () => {
    const raise = entitlements(policy, { ...facts, nextSalaryRaiseDate: '2028-02-29' }).find((e) => e.component === 'early_salary_raise');
    expect(raise).toEqual({ component: 'early_salary_raise', amountVnd: 0, periods: 1, totalVnd: 0, policyVersion: 3, dueDate: '2027-02-28' });
  });

  it('make an early raise that would fall before the effective date due on it', () => {
    const raise = entitlements(policy, { ...facts, nextSalaryRaiseDate: '2026-09-01' }).find((e) => e.component === 'early_salary_raise');
    expect(raise?.dueDate).toBe('2026-03-15');
  });

  it('grant no early raise without a next raise date, or when the policy does not', () => {
    expect(componentsOf(entitlements(policy, facts))).not.toContain('early_salary_raise');
    expect(componentsOf(entitlements({ ...policy, earlySalaryRaise: false }, { ...facts, nextSalaryRaiseDate: '2028-01-01' }))).not.toContain('early_salary_raise');
  });

  it('go on for the months of an extension, except the one-time support and the raise', () => {
    const granted = entitlements(policy, { ...facts, nextSalaryRaiseDate: '2028-01-01' });
    const extended = extendedEntitlements(granted, 6);
    expect(extended.map((e) => [e.component, e.periods, e.totalVnd])).toEqual([
      ['one_time', 1, 50_000_000],
      ['monthly_supplement', 30, 90_000_000],
      ['housing_allowance', 30, 60_000_000],
      ['transport_allowance', 30, 45_000_000],
      ['early_salary_raise', 1, 0],
    ]);
  });
});

describe('the payment schedule', () => {
  it('of a 24-month term: the one-time support on the effective date, each monthly component on the same day of each month', () => {
    const payments = paymentSchedule(entitlements(policy, facts), '2026-03-15', 24);
    expect(payments).toHaveLength(1 + 24 * 3);
    expect(payments[0]).toEqual({ component: 'one_time', period: 0, dueDate: '2026-03-15', amountVnd: 50_000_000 });
    for (const component of ['monthly_supplement', 'housing_allowance', 'transport_allowance']) {
      const mine = payments.filter((p) => p.component === component);
      expect(mine.map((p) => p.period)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      expect(mine[0].dueDate).toBe('2026-03-15');
      expect(mine[9].dueDate).toBe('2026-12-15');
      expect(mine[10].dueDate).toBe('2027-01-15');
      expect(mine[23].dueDate).toBe('2028-02-15');
    }
    expect(payments.reduce((sum, p) => sum + p.amountVnd, 0)).toBe(50_000_000 + 24 * (3_000_000 + 2_000_000 + 1_500_000));
    expect(payments.map((p) => p.dueDate)).toEqual([...payments.map((p) => p.dueDate)].sort());
  });

  it('keeps a month-end effective date at each month’s end: 31 Jan + 1 month is 29 Feb in a leap year, 28 Feb otherwise', () => {
    const monthly = entitlements({ ...policy, oneTimeVnd: 0, housingAllowanceVnd: 0 }, { ...facts, distanceKm: null });
    expect(datesOf(paymentSchedule(monthly, '2028-01-31', 4), 'monthly_supplement')).toEqual(['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30']);
    expect(datesOf(paymentSchedule(monthly, '2027-01-31', 3), 'monthly_supplement')).toEqual(['2027-01-31', '2027-02-28', '2027-03-31']);
    expect(datesOf(paymentSchedule(monthly, '2027-12-30', 3), 'monthly_supplement')).toEqual(['2027-12-30', '2028-01-30', '2028-02-29']);
    expect(datesOf(paymentSchedule(monthly, '2028-02-29', 13), 'monthly_supplement').slice(-2)).toEqual(['2029-01-29', '2029-02-28']);
  });

  it('of an extension: only the monthly components, for the months after the term', () => {
    const granted = entitlements(policy, facts);
    const added = paymentSchedule(extendedEntitlements(granted, 6), '2026-03-15', 30, 25);
    expect(added).toHaveLength(6 * 3);
    expect(added.map((p) => p.component)).not.toContain('one_time');
    expect(datesOf(added, 'monthly_supplement')).toEqual(['2028-03-15', '2028-04-15', '2028-05-15', '2028-06-15', '2028-07-15', '2028-08-15']);
    expect(added.find((p) => p.component === 'housing_allowance')?.period).toBe(25);
  });

  it('has no payment for the early salary raise', () => {
    const payments = paymentSchedule(entitlements(policy, { ...facts, nextSalaryRaiseDate: '2028-01-01' }), '2026-03-15', 24);
    expect(payments).toHaveLength(73);
  });
});

describe('the plan of a case’s support', () => {
  it('is no_policy, with nothing to pay, when no version is in force on the signing date', () => {
    expect(
      supportPlan([policy], { signedAt: '2025-12-31', effectiveDate: '2026-01-05', termMonths: 24, distanceKm: 10, officialHousing: false, nextSalaryRaiseDate: null }),
    ).toEqual({
      status: 'no_policy',
      policyVersion: null,
      entitlements: [],
      payments: [],
    });
  });

  it('awaits approval with the entitlements and the schedule of the policy in force', () => {
    const plan = supportPlan([policy], {
      signedAt: '2026-03-01T09:00:00+07:00',
      effectiveDate: '2026-03-15',
      termMonths: 24,
      distanceKm: 35,
      officialHousing: false,
      nextSalaryRaiseDate: null,
    });
    expect(plan).toMatchObject({ status: 'awaiting_approval', policyVersion: 3 });
    expect(plan.entitlements).toEqual(entitlements(policy, facts));
    expect(plan.payments).toEqual(paymentSchedule(plan.entitlements, '2026-03-15', 24));
  });
});

describe('the one-time amount by direction', () => {
  const route = (fromKind: SupportRoute['fromKind'], toKind: SupportRoute['toKind'], toArea: SupportRoute['toArea'] = 'other'): SupportRoute => ({ fromKind, toKind, toArea });
  const entries: OneTimeByDirection[] = [
    { from: 'district', to: 'commune', amountVnd: 3_000_000 },
    { from: 'district', to: 'commune', minKm: 40, amountVnd: 4_000_000 },
    { from: 'district', to: 'commune', minKm: 40, maxKm: 80, amountVnd: 4_500_000 },
    { from: 'district', to: 'commune', area: 'mountain_remote', amountVnd: 5_000_000 },
    { from: 'district', to: 'commune', maxKm: 10, amountVnd: 1_000_000 },
  ];
  const amount = (r: SupportRoute, distanceKm: number | null) => oneTimeEntry(entries, r, distanceKm)?.amountVnd ?? null;

  it('applies only to its sending and receiving kinds', () => {
    expect(amount(route('commune', 'district'), 20)).toBeNull();
    expect(amount(route('district', 'commune'), 20)).toBe(3_000_000);
  });

  it.each([
    [5, 1_000_000],
    [10, 3_000_000],
    [39.9, 3_000_000],
    [40, 4_500_000],
    [79.9, 4_500_000],
    [80, 4_000_000],
    [200, 4_000_000],
  ])('at %s km takes the narrowest distance band that holds it (minKm ≤ d < maxKm)', (km, vnd) => {
    expect(amount(route('district', 'commune'), km)).toBe(vnd);
  });

  it('prefers an entry naming the receiving unit’s area over any distance band', () => {
    expect(amount(route('district', 'commune', 'mountain_remote'), 60)).toBe(5_000_000);
    expect(amount(route('district', 'commune', 'other'), 60)).toBe(4_500_000);
  });

  it('gives an unknown distance only the entries without a band', () => {
    expect(amount(route('district', 'commune'), null)).toBe(3_000_000);
    expect(oneTimeEntry([{ from: 'district', to: 'commune', minKm: 0, amountVnd: 1 }], route('district', 'commune'), null)).toBeNull();
  });

  it('takes the first listed of two equally specific entries', () => {
    const twins: OneTimeByDirection[] = [
      { from: 'commune', to: 'commune', amountVnd: 1 },
      { from: 'commune', to: 'commune', amountVnd: 2 },
    ];
    expect(oneTimeEntry(twins, route('commune', 'commune'), 5)?.amountVnd).toBe(1);
  });

  it('falls back to oneTimeVnd where no entry applies, the route is unknown or the policy has no entries', () => {
    const withEntries = { ...policy, oneTimeByDirection: entries };
    expect(oneTimeAmount(withEntries, route('province', 'district'), 20)).toBe(50_000_000);
    expect(oneTimeAmount(withEntries, undefined, 20)).toBe(50_000_000);
    expect(oneTimeAmount(policy, route('district', 'commune'), 20)).toBe(50_000_000);
    expect(oneTimeAmount(withEntries, route('district', 'commune'), 20)).toBe(3_000_000);
  });

  it.each([
    ['province', 'district', 'other', 30, 6_000_000],
    ['province', 'district', 'mountain_remote', 30, 7_500_000],
    ['province', 'district', 'mountain_remote', 60, 10_500_000],
    ['province', 'district', 'other', 90, 6_000_000],
    ['district', 'commune', 'mountain_remote', 20, 3_000_000],
    ['commune', 'district', 'other', 20, 2_000_000],
    ['commune', 'commune', 'other', 20, 3_000_000],
    ['province', 'commune', 'other', 20, 0],
  ] as const)('of Quảng Ngãi, %s → %s (%s, %s km): %s VND', (fromKind, toKind, toArea, km, vnd) => {
    const qn = { ...QUANG_NGAI_POLICY_BODY, version: 1, effectiveFrom: '2026-01-01' };
    expect(oneTimeAmount(qn, route(fromKind, toKind, toArea), km)).toBe(vnd);
    const granted = entitlements(qn, { ...facts, distanceKm: km, route: route(fromKind, toKind, toArea) });
    expect(amountOf(granted, 'one_time')).toBe(vnd === 0 ? undefined : vnd);
  });

  it('is what the plan keeps: a version saved later with other amounts does not change it', () => {
    const v1 = { ...policy, version: 1, oneTimeByDirection: entries };
    const v2 = { ...policy, version: 2, effectiveFrom: '2026-06-01', oneTimeByDirection: [{ from: 'district' as const, to: 'commune' as const, amountVnd: 9 }] };
    const plan = supportPlan([v1, v2], { ...facts, signedAt: '2026-03-01', route: route('district', 'commune') });
    expect(amountOf(plan.entitlements, 'one_time')).toBe(3_000_000);
  });
});

describe('official housing', () => {
  const into = (toArea: SupportRoute['toArea']) => ({ route: { fromKind: 'district' as const, toKind: 'commune' as const, toArea }, officialHousing: true });

  it.each([
    ['mountain_remote', 9.9, false],
    ['mountain_remote', 10, true],
    ['other', 29.9, false],
    ['other', 30, true],
  ] as const)('in an area %s, with the home %s km away, is granted: %s', (area, distanceKm, granted) => {
    expect(officialHousingGranted(policy, { ...into(area), distanceKm })).toBe(granted);
  });

  it('follows the thresholds of the policy, and is never granted to an unknown distance or one not asking', () => {
    const near = { ...policy, officialHousingMinKm: { mountain_remote: 5, other: 15 } };
    expect(officialHousingGranted(near, { ...into('other'), distanceKm: 15 })).toBe(true);
    expect(officialHousingGranted(policy, { ...into('other'), distanceKm: null })).toBe(false);
    expect(officialHousingGranted(policy, { ...into('other'), distanceKm: 100, officialHousing: false })).toBe(false);
  });

  it('replaces the housing allowance only where it is granted', () => {
    expect(componentsOf(entitlements(policy, { ...facts, ...into('other'), distanceKm: 20 }))).toContain('housing_allowance');
    expect(componentsOf(entitlements(policy, { ...facts, ...into('mountain_remote'), distanceKm: 20 }))).not.toContain('housing_allowance');
  });
});

describe('the early salary raise', () => {
  const excellent: RatedEvaluation[] = [{ kind: 'yearly', rating: 'excellent' }];
  const good: RatedEvaluation[] = [{ kind: 'yearly', rating: 'good' }];

  it('carries the policy’s requirement of an excellent evaluation into the entitlement', () => {
    const raise = (p = policy) => entitlements(p, { ...facts, nextSalaryRaiseDate: '2028-01-01' }).find((e) => e.component === 'early_salary_raise');
    expect(raise({ ...policy, earlyRaiseRequiresExcellent: true })?.requiresExcellent).toBe(true);
    expect(raise({ ...policy, earlyRaiseRequiresExcellent: false })).not.toHaveProperty('requiresExcellent');
    expect(raise()).not.toHaveProperty('requiresExcellent');
  });

  it('is earned by an evaluation rated excellent when its terms ask, whatever evaluations when they do not', () => {
    expect(earlyRaiseEarned({ requiresExcellent: true }, [])).toBe(false);
    expect(earlyRaiseEarned({ requiresExcellent: true }, good)).toBe(false);
    expect(earlyRaiseEarned({ requiresExcellent: true }, [...good, ...excellent])).toBe(true);
    expect(earlyRaiseEarned({}, [])).toBe(true);
  });

  it('reads the kind and rating of each evaluation of a case, none in a case that records none', () => {
    const state = caseAt('active');
    expect(caseEvaluations(state)).toEqual([]);
    const conclusion = { kind: 'conclusion' as const, rating: 'excellent' as const, text: 'Hoàn thành xuất sắc', recordedAt: '2029-03-01T03:00:00Z', recordedBy: organizer };
    expect(caseEvaluations({ ...state, evaluations: [conclusion] })).toEqual([{ kind: 'conclusion', rating: 'excellent' }]);
  });
});
