// How values the domain speaks of are stored in, and read from, the database's columns.
import type { SupportPolicy } from '../generated/prisma/client';
import type { OneTimeByDirection, SupportPolicyTerms, TransportTier } from '../domain/types';

/** A DATE column's value as YYYY-MM-DD. */
export function dateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** YYYY-MM-DD as the Date a DATE column stores. */
export function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** A stored version of the support policy, as the domain computes with it. */
export function policyTerms(p: SupportPolicy): SupportPolicyTerms {
  return {
    version: p.version,
    effectiveFrom: dateOnly(p.effectiveFrom),
    oneTimeVnd: Number(p.oneTimeVnd),
    monthlySupplementVnd: Number(p.monthlySupplementVnd),
    housingAllowanceVnd: Number(p.housingAllowanceVnd),
    transportTiers: p.transportTiers as unknown as TransportTier[],
    earlySalaryRaise: p.earlySalaryRaise,
    oneTimeByDirection: p.oneTimeByDirection as unknown as OneTimeByDirection[],
    earlyRaiseRequiresExcellent: p.earlyRaiseRequiresExcellent,
    officialHousingMinKm: { mountain_remote: p.officialHousingMinKmMountainRemote, other: p.officialHousingMinKmOther },
  };
}
