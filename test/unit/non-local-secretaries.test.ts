import { isNonLocalSecretary, nonLocalTally } from '../../domain/non-local-secretaries';
import { unitPath } from '../../domain/units';
import { unitTree } from '../support/domain-fixtures';

const { D1, C11, C12 } = unitTree;

describe('non-local secretaries', () => {
  it("is non-local when the secretary's home is elsewhere", () => {
    expect(isNonLocalSecretary('C11', C12)).toBe(true);
    expect(isNonLocalSecretary('C11', C11)).toBe(false);
    expect(isNonLocalSecretary('C11', unitPath(C11, 'hamlet'))).toBe(false);
    expect(isNonLocalSecretary('C11', D1)).toBe(true);
    expect(isNonLocalSecretary('C11', null)).toBe(false);
  });
  it('computes ratios from counts (Hai Duong city: 22 of 25)', () => {
    const t = nonLocalTally(25, 22);
    expect(t.ratio).toBeCloseTo(0.88, 10);
    expect(t).toMatchObject({ communes: 25, nonLocal: 22, target: 0.3, meetsTarget: true });
  });
  it('Kinh Mon town, 5 of 23, misses the 30 % target', () => {
    const t = nonLocalTally(23, 5);
    expect(t.ratio).toBeCloseTo(5 / 23, 10);
    expect(t.meetsTarget).toBe(false);
  });
  it('meets a target exactly reached, and a unit without communes has ratio 0 and does not meet it', () => {
    expect(nonLocalTally(10, 3).meetsTarget).toBe(true);
    expect(nonLocalTally(0, 0)).toMatchObject({ ratio: 0, meetsTarget: false });
    expect(nonLocalTally(4, 1, 0.2).meetsTarget).toBe(true);
  });
});
