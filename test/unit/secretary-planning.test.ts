import { DEFAULT_NATIONAL_RULES } from '../../domain/national-rules';
import { type PlanningCadre, candidateScore, nonLocalNeeded, secretaryCandidates, secretaryPlanning } from '../../domain/secretary-planning';
import { unitTree } from '../support/domain-fixtures';

const { P, D1, D2, C11, C12, C21 } = unitTree;
const TODAY = '2026-12-06';
const planned = [{ title: 'party_secretary', from: '2025-01-01', to: '2030-12-31' }];

function cadre(id: string, overrides: Partial<PlanningCadre> = {}): PlanningCadre {
  return {
    id,
    fullName: id,
    homePath: C12,
    currentPath: D1,
    sex: 'male',
    birthDate: '1980-01-01',
    politicalTheory: 'intermediate',
    recordedOn: '2020-01-01',
    hasOpenCase: false,
    planning: planned,
    ...overrides,
  };
}

describe('nonLocalNeeded', () => {
  it('is the smallest n reaching the target', () => {
    expect(nonLocalNeeded(23, 5)).toBe(2); // 7/23 = 30.4 %
    expect(nonLocalNeeded(10, 2)).toBe(1); // 3/10 exactly
    expect(nonLocalNeeded(10, 3)).toBe(0);
    expect(nonLocalNeeded(2, 0)).toBe(1);
    expect(nonLocalNeeded(0, 0)).toBe(0);
    expect(nonLocalNeeded(4, 0, 1)).toBe(4);
  });
});

describe('candidateScore', () => {
  it('counts theory × 10 and whole years since the record, at most 10', () => {
    expect(candidateScore({ politicalTheory: 'advanced', recordedOn: '2021-12-07' }, TODAY)).toEqual({
      score: 34,
      reasons: ['Lý luận chính trị cao cấp', '4 năm công tác kể từ khi có hồ sơ'],
    });
    expect(candidateScore({ politicalTheory: null, recordedOn: '2001-01-01' }, TODAY)).toEqual({
      score: 10,
      reasons: ['Chưa có lý luận chính trị', '10 năm công tác kể từ khi có hồ sơ'],
    });
  });
});

describe('secretaryCandidates', () => {
  const unit = { id: 'D1', name: 'D1', path: D1 };
  const commune = { id: 'C11', name: 'C11', path: C11 };
  it('keeps eligible cadres of the tree, not local to the commune, ranked, at most five', () => {
    const cadres = [
      cadre('low', { politicalTheory: 'basic' }),
      cadre('high', { politicalTheory: 'advanced' }),
      cadre('open', { politicalTheory: 'advanced', hasOpenCase: true }),
      cadre('local', { politicalTheory: 'advanced', homePath: C11 }),
      cadre('outside', { politicalTheory: 'advanced', currentPath: D2 }),
      cadre('unplanned', { politicalTheory: 'advanced', planning: [] }),
      cadre('expired', { politicalTheory: 'advanced', planning: [{ title: 'party_secretary', from: '2020-01-01', to: '2025-12-31' }] }),
      cadre('retiring', { politicalTheory: 'advanced', birthDate: '1966-01-01' }),
      cadre('elsewhere', { homePath: C21 }),
    ];
    expect(secretaryCandidates(DEFAULT_NATIONAL_RULES, unit, commune, cadres, TODAY).map((c) => c.cadreId)).toEqual(['high', 'elsewhere', 'low']);
    const many = Array.from({ length: 7 }, (_, i) => cadre(`c${i}`));
    expect(secretaryCandidates(DEFAULT_NATIONAL_RULES, unit, commune, many, TODAY)).toHaveLength(5);
  });
});

describe('secretaryPlanning', () => {
  it('lists the units below the target with their local communes', () => {
    const units = [
      { id: 'P', name: 'P', path: P },
      { id: 'D1', name: 'D1', path: D1 },
      { id: 'D2', name: 'D2', path: D2 },
    ];
    const communes = [
      { id: 'C11', name: 'C11', path: C11, secretaryHomePath: C11 },
      { id: 'C12', name: 'C12', path: C12, secretaryHomePath: null },
      { id: 'C21', name: 'C21', path: C21, secretaryHomePath: C11 },
    ];
    const items = secretaryPlanning(DEFAULT_NATIONAL_RULES, units, communes, [cadre('k')], TODAY);
    // P has 1 of 3 (33 %) and D2 1 of 1: both meet the target; D1 has none of 2.
    expect(items.map((i) => [i.unitId, i.communes, i.nonLocal, i.needed])).toEqual([['D1', 2, 0, 1]]);
    expect(items[0].localCommunes).toEqual([{ unitId: 'C11', name: 'C11', candidates: [expect.objectContaining({ cadreId: 'k', score: 26 })] }]);
  });
});
