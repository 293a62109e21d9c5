import { decidingUnit, lowestCommonUnit, scopeReaches, unitPath } from '../../domain/units';
import { unitTree } from '../support/domain-fixtures';

const { D1, C11, C12, C21 } = unitTree;

describe('unit tree', () => {
  it('builds materialised paths', () => {
    expect(C11).toBe('/P/D1/C11/');
  });
  it('finds the lowest unit containing both', () => {
    expect(lowestCommonUnit(C11, C12)).toBe('D1');
    expect(lowestCommonUnit(C11, C21)).toBe('P');
    expect(lowestCommonUnit(D1, C11)).toBe('D1');
    expect(lowestCommonUnit(C11, unitPath(null, 'Q'))).toBeNull();
  });
  it('lets a role reach its unit and everything below it, and a global role everything', () => {
    expect(scopeReaches('D1', C11)).toBe(true);
    expect(scopeReaches('D1', D1)).toBe(true);
    expect(scopeReaches('D1', C21)).toBe(false);
    expect(scopeReaches('C11', D1)).toBe(false);
    expect(scopeReaches(null, C21)).toBe(true);
  });
});

describe('deciding committee', () => {
  it('is the committee of the lowest unit containing both when it has one', () => {
    expect(decidingUnit(C11, C12, new Set(['D1', 'P']))).toBe('D1');
  });
  it('climbs to the nearest committee above when the lowest unit has none', () => {
    expect(decidingUnit(C11, C12, new Set(['P']))).toBe('P');
  });
  it('never picks a committee below the lowest common unit', () => {
    expect(decidingUnit(C11, C21, new Set(['D1', 'D2']))).toBeNull();
    expect(decidingUnit(C11, C21, new Set(['D1', 'D2', 'P']))).toBe('P');
  });
  it('covers a district-to-commune move inside that district', () => {
    expect(decidingUnit(D1, C11, new Set(['D1', 'C11']))).toBe('D1');
  });
});
