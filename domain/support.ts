// Relocation support from the province's policy: which version a case keeps, what it entitles
// the rotated cadre to, and the day each payment falls due. Pure functions, safe in the
// workflow sandbox. Amounts are whole VND.
import { addMonths, calendarDay } from './calendar';
import {
  type CaseState,
  type Entitlement,
  type OfficialHousingMinKm,
  type OneTimeByDirection,
  PAYMENT_COMPONENTS,
  type PaymentComponent,
  type RatedEvaluation,
  type ScheduledPayment,
  type SupportPlan,
  type SupportPolicyTerms,
  type SupportRoute,
} from './types';

/** QĐ 45/2025/QĐ-TTg: official housing when the home lies at least 10 km away in mountain or remote areas, 30 km elsewhere. */
export const DEFAULT_OFFICIAL_HOUSING_MIN_KM: OfficialHousingMinKm = { mountain_remote: 10, other: 30 };

/** The version in force on `date` (YYYY-MM-DD): the latest effectiveFrom not after it, the highest version on a tie. */
export function policyInForce(policies: readonly SupportPolicyTerms[], date: string): SupportPolicyTerms | null {
  let found: SupportPolicyTerms | null = null;
  for (const p of policies) {
    if (p.effectiveFrom > date) continue;
    if (!found || p.effectiveFrom > found.effectiveFrom || (p.effectiveFrom === found.effectiveFrom && p.version > found.version)) found = p;
  }
  return found;
}

export interface EntitlementFacts {
  /** YYYY-MM-DD */
  effectiveDate: string;
  termMonths: number;
  distanceKm: number | null;
  officialHousing: boolean;
  /** YYYY-MM-DD, from the cadre's record. */
  nextSalaryRaiseDate: string | null;
  /** The kinds of the sending and receiving units and the receiving unit's area; absent (units not on record): no direction entry applies, the area counts as `other`. */
  route?: SupportRoute;
}

/**
 * The entry of `oneTimeByDirection` that applies to a move: same sending and receiving kind, the
 * home within its distance band (`minKm` ≤ d < `maxKm`; an entry with a band never applies to an
 * unknown distance) and the receiving unit in its area, if it names one. The most specific wins:
 * one naming an area before one that does not, then the highest `minKm`, then the lowest `maxKm`,
 * then the first listed. Null: none applies, and `oneTimeVnd` is paid.
 */
export function oneTimeEntry(entries: readonly OneTimeByDirection[], route: SupportRoute, distanceKm: number | null): OneTimeByDirection | null {
  const inBand = (e: OneTimeByDirection) =>
    (e.minKm === undefined && e.maxKm === undefined) ||
    (distanceKm !== null && (e.minKm === undefined || distanceKm >= e.minKm) && (e.maxKm === undefined || distanceKm < e.maxKm));
  const applies = entries.filter((e) => e.from === route.fromKind && e.to === route.toKind && (e.area === undefined || e.area === route.toArea) && inBand(e));
  const moreSpecific = (a: OneTimeByDirection, b: OneTimeByDirection) =>
    Number(b.area !== undefined) - Number(a.area !== undefined) || (b.minKm ?? -1) - (a.minKm ?? -1) || (a.maxKm ?? Infinity) - (b.maxKm ?? Infinity);
  return applies.reduce<OneTimeByDirection | null>((best, e) => (best === null || moreSpecific(e, best) < 0 ? e : best), null);
}

/** The one-time amount of a move: the entry that applies for its direction, else `oneTimeVnd`. */
export function oneTimeAmount(policy: SupportPolicyTerms, route: SupportRoute | undefined, distanceKm: number | null): number {
  const entry = route ? oneTimeEntry(policy.oneTimeByDirection ?? [], route, distanceKm) : null;
  return entry ? entry.amountVnd : policy.oneTimeVnd;
}

/**
 * Official housing is granted only to a cadre whose home lies at least the policy's threshold for
 * the receiving unit's area away (10 km mountain/remote, 30 km elsewhere, by default); an unknown
 * distance grants none. A cadre asking for it and not eligible gets the housing allowance instead.
 */
export function officialHousingGranted(policy: SupportPolicyTerms, facts: Pick<EntitlementFacts, 'officialHousing' | 'distanceKm' | 'route'>): boolean {
  if (!facts.officialHousing || facts.distanceKm === null) return false;
  const minKm = (policy.officialHousingMinKm ?? DEFAULT_OFFICIAL_HOUSING_MIN_KM)[facts.route?.toArea ?? 'other'];
  return facts.distanceKm >= minKm;
}

/**
 * The early salary raise may be recorded: the support grants it, and, when its terms ask for one
 * (`requiresExcellent`), an evaluation of the cadre is rated excellent.
 */
export function earlyRaiseEarned(raise: Pick<Entitlement, 'requiresExcellent'>, evaluations: readonly RatedEvaluation[]): boolean {
  return !raise.requiresExcellent || evaluations.some((e) => e.rating === 'excellent');
}

/** The evaluations of a case, as the early raise reads them. */
export function caseEvaluations(state: Pick<CaseState, 'evaluations'>): RatedEvaluation[] {
  return state.evaluations.map(({ kind, rating }) => ({ kind, rating }));
}

/** What the policy grants for this rotation; a component the policy sets to 0 VND is left out. */
export function entitlements(policy: SupportPolicyTerms, facts: EntitlementFacts): Entitlement[] {
  const policyVersion = policy.version;
  const monthly = (component: PaymentComponent, amountVnd: number): Entitlement[] =>
    amountVnd > 0 ? [{ component, amountVnd, periods: facts.termMonths, totalVnd: amountVnd * facts.termMonths, policyVersion }] : [];
  const transport = facts.distanceKm === null ? undefined : transportTier(policy, facts.distanceKm);
  const oneTime = oneTimeAmount(policy, facts.route, facts.distanceKm);
  const raiseTerms = policy.earlyRaiseRequiresExcellent ? { requiresExcellent: true } : {};
  return [
    ...(oneTime > 0 ? [{ component: 'one_time' as const, amountVnd: oneTime, periods: 1, totalVnd: oneTime, policyVersion, dueDate: facts.effectiveDate }] : []),
    ...monthly('monthly_supplement', policy.monthlySupplementVnd),
    ...(officialHousingGranted(policy, facts) ? [] : monthly('housing_allowance', policy.housingAllowanceVnd)),
    ...(transport ? monthly('transport_allowance', transport.monthlyVnd) : []),
    ...(policy.earlySalaryRaise && facts.nextSalaryRaiseDate !== null
      ? [{ component: 'early_salary_raise' as const, amountVnd: 0, periods: 1, totalVnd: 0, policyVersion, dueDate: earlyRaiseDate(facts), ...raiseTerms }]
      : []),
  ];
}

/** The first tier, by distance, that covers `distanceKm`; none when the cadre lives farther than every tier. */
function transportTier(policy: SupportPolicyTerms, distanceKm: number) {
  return [...policy.transportTiers].sort((a, b) => a.maxKm - b.maxKm).find((tier) => tier.maxKm >= distanceKm);
}

/** A year ahead of schedule, but never before the cadre takes up the post. */
function earlyRaiseDate(facts: EntitlementFacts): string {
  const yearAhead = addMonths(facts.nextSalaryRaiseDate!, -12).slice(0, 10);
  return yearAhead < facts.effectiveDate ? facts.effectiveDate : yearAhead;
}

/**
 * The payments of `entitlements`: the one-time support (period 0) on the effective date, each
 * monthly component for periods `fromMonth`..`termMonths` on the effective date's day of each
 * month (clamped to the month's end: 31 Jan, 28/29 Feb, 31 Mar). In due-date order.
 */
export function paymentSchedule(entitlements: readonly Entitlement[], effectiveDate: string, termMonths: number, fromMonth = 1): ScheduledPayment[] {
  const payments: ScheduledPayment[] = [];
  for (const e of entitlements) {
    if (e.component === 'early_salary_raise') continue;
    if (e.component === 'one_time') {
      if (fromMonth === 1) payments.push({ component: e.component, period: 0, dueDate: effectiveDate, amountVnd: e.amountVnd });
      continue;
    }
    for (let period = fromMonth; period <= termMonths; period++) {
      payments.push({ component: e.component, period, dueDate: addMonths(effectiveDate, period - 1).slice(0, 10), amountVnd: e.amountVnd });
    }
  }
  return payments.sort(byDueDate);
}

/** Due date, then component, then period. */
export function byDueDate(a: ScheduledPayment, b: ScheduledPayment): number {
  const order = (p: ScheduledPayment) => PAYMENT_COMPONENTS.indexOf(p.component);
  return a.dueDate.localeCompare(b.dueDate) || order(a) - order(b) || a.period - b.period;
}

/** Monthly components go on for `months` more; the one-time support and the raise are not repeated. */
export function extendedEntitlements(entitlements: readonly Entitlement[], months: number): Entitlement[] {
  return entitlements.map((e) =>
    e.component === 'one_time' || e.component === 'early_salary_raise' ? e : { ...e, periods: e.periods + months, totalVnd: e.amountVnd * (e.periods + months) },
  );
}

export interface SupportFacts extends Omit<EntitlementFacts, 'effectiveDate'> {
  /** Date or instant the decision was signed. */
  signedAt: string;
  /** Date or instant the case takes effect. */
  effectiveDate: string;
}

/** The support of a case from the policy in force on its signing date; no_policy when none is. */
export function supportPlan(policies: readonly SupportPolicyTerms[], facts: SupportFacts): SupportPlan {
  const policy = policyInForce(policies, calendarDay(facts.signedAt));
  if (!policy) return { status: 'no_policy', policyVersion: null, entitlements: [], payments: [] };
  const effectiveDate = calendarDay(facts.effectiveDate);
  const granted = entitlements(policy, { ...facts, effectiveDate });
  return { status: 'awaiting_approval', policyVersion: policy.version, entitlements: granted, payments: paymentSchedule(granted, effectiveDate, facts.termMonths) };
}

export { calendarDay };

export function paymentIdOf(caseId: string, payment: Pick<ScheduledPayment, 'component' | 'period'>): string {
  return `${caseId}:${payment.component}:${payment.period}`;
}
