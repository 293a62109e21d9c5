// Non-local secretaries: communes whose Party secretary comes from elsewhere, and the target ratio.
import { isAtOrBelow } from './units';

export const DEFAULT_NON_LOCAL_TARGET = 0.3;

/** A commune's secretary is non-local when their home unit is neither that commune nor inside it. */
export function isNonLocalSecretary(communeId: string, secretaryHomePath: string | null): boolean {
  return secretaryHomePath !== null && !isAtOrBelow(secretaryHomePath, communeId);
}

export interface NonLocalTally {
  communes: number;
  nonLocal: number;
  ratio: number;
  target: number;
  meetsTarget: boolean;
}

/** Ratios come from counts, never from typed percentages. A unit with no commune has ratio 0. */
export function nonLocalTally(communes: number, nonLocal: number, target = DEFAULT_NON_LOCAL_TARGET): NonLocalTally {
  const ratio = communes === 0 ? 0 : nonLocal / communes;
  return { communes, nonLocal, ratio, target, meetsTarget: communes > 0 && ratio >= target };
}
