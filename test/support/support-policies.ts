// Support policies the suites save or compute with: one generic policy, as the body of
// PUT /v1/policies/support and as the domain's terms, and the amounts of Quảng Ngãi's resolution.
import type { SupportPolicyTerms } from '../../domain/types';

/**
 * The generic policy, without its effectiveFrom: 50 million once, 3 million a month, a housing
 * allowance of 2 million, transport 0.5 million up to 20 km and 1 million up to 50 km (listed out
 * of order: tiers are taken by distance), and the early salary raise.
 */
export const SUPPORT_POLICY_BODY = {
  oneTimeVnd: 50_000_000,
  monthlySupplementVnd: 3_000_000,
  housingAllowanceVnd: 2_000_000,
  transportTiers: [
    { maxKm: 50, monthlyVnd: 1_000_000 },
    { maxKm: 20, monthlyVnd: 500_000 },
  ],
  earlySalaryRaise: true,
};

/** The generic policy as the domain computes with it: version `version`, in force from `effectiveFrom`, with `changes`. */
export function supportPolicyTerms(version: number, effectiveFrom: string, changes: Partial<SupportPolicyTerms> = {}): SupportPolicyTerms {
  return { ...SUPPORT_POLICY_BODY, version, effectiveFrom, transportTiers: [...SUPPORT_POLICY_BODY.transportTiers], ...changes };
}

const MILLION = 1_000_000;

/**
 * Quảng Ngãi's amounts (DOMAIN.md, "Support"), without effectiveFrom. The resolution's three
 * one-time amounts for province → district moves are modelled as: 6 million into a district of
 * an `other` area, 7.5 million into a mountain or remote district, 10.5 million into one whose
 * home lies 60 km or more away (the island and farthest mountain districts). Moves the resolution
 * names no amount for get none (`oneTimeVnd` 0). Living support is the monthly supplement; travel
 * is the monthly transport allowance: nothing under 15 km, 1 million for 15–40 km, 1.5 million
 * from 40 km (tiers are inclusive upper bounds, so at 0.1 km resolution they end at 14.9 and 39.9).
 */
export const QUANG_NGAI_POLICY_BODY: Omit<SupportPolicyTerms, 'version' | 'effectiveFrom'> = {
  oneTimeVnd: 0,
  oneTimeByDirection: [
    { from: 'province', to: 'district', amountVnd: 6 * MILLION },
    { from: 'province', to: 'district', area: 'mountain_remote', amountVnd: 7.5 * MILLION },
    { from: 'province', to: 'district', area: 'mountain_remote', minKm: 60, amountVnd: 10.5 * MILLION },
    { from: 'district', to: 'commune', amountVnd: 3 * MILLION },
    { from: 'commune', to: 'district', amountVnd: 2 * MILLION },
    { from: 'commune', to: 'commune', amountVnd: 3 * MILLION },
  ],
  monthlySupplementVnd: 1.5 * MILLION,
  housingAllowanceVnd: 0,
  transportTiers: [
    { maxKm: 14.9, monthlyVnd: 0 },
    { maxKm: 39.9, monthlyVnd: 1 * MILLION },
    { maxKm: 2_000, monthlyVnd: 1.5 * MILLION },
  ],
  earlySalaryRaise: true,
  earlyRaiseRequiresExcellent: true,
};
