// What the unit tests of the domain share: a unit tree, a proposal to start cases from, and the
// refusal a rule throws.
import { Refusal } from '../../domain/refusal';
import type { Actor, CaseInput } from '../../domain/types';
import { unitPath } from '../../domain/units';

/** Province P > districts D1, D2 > communes C11, C12 (in D1), C21 (in D2): their paths. */
const P = unitPath(null, 'P');
const D1 = unitPath(P, 'D1');
const D2 = unitPath(P, 'D2');
export const unitTree = { P, D1, D2, C11: unitPath(D1, 'C11'), C12: unitPath(D1, 'C12'), C21: unitPath(D2, 'C21') } as const;

export const organizer: Actor = { userId: 'u-org', username: 'tochuc' };

/** District D1 proposes one of its cadres as the non-local party secretary of commune C11. */
export const proposal: CaseInput = {
  id: 'case-1',
  cadreId: 'cadre-1',
  fromUnitId: 'D1',
  toUnitId: 'C11',
  position: 'party_secretary',
  termMonths: 24,
  reviewIntervalMonths: 6,
  nonLocalSecretary: true,
  reason: 'Luân chuyển làm Bí thư Đảng ủy xã',
  effectiveDate: null,
  retainedPosition: { unitId: 'D1', position: 'Phó Trưởng ban Tổ chức' },
  proposedBy: organizer,
  proposedAt: '2026-03-01T00:00:00.000Z',
  deadlines: { consultationDays: 14, voteDays: 7 },
};

/** The Refusal `fn` throws; anything else it throws, or nothing, fails the test. */
export function refusalOf(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
