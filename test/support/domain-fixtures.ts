// What the unit tests of the domain share: a proposal to start cases from, and the refusal a rule
// throws.
import { Refusal } from '../../domain/rules';
import type { Actor, CaseInput } from '../../domain/types';

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
