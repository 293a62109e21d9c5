import {
  Refusal,
  addMonths,
  checkProposal,
  decidingUnit,
  isNonLocalSecretary,
  lowestCommonUnit,
  nonLocalTally,
  reviewIntervalProblem,
  scopeReaches,
  startOfLocalDay,
  localDate,
  tallyVotes,
  closedVoteOutcome,
  committeeSizeProblem,
  termMonthsProblem,
  unitPath,
  ProposalFacts,
} from '../../domain/rules';

// province P > districts D1, D2 > communes C11, C12 (in D1), C21 (in D2)
const P = unitPath(null, 'P');
const D1 = unitPath(P, 'D1');
const D2 = unitPath(P, 'D2');
const C11 = unitPath(D1, 'C11');
const C12 = unitPath(D1, 'C12');
const C21 = unitPath(D2, 'C21');

describe('term and review interval', () => {
  it.each([6, 24, 60])('accepts a %i-month term', (m) => expect(termMonthsProblem(m)).toBeNull());
  it.each([5, 61, 0, -6, 12.5])('refuses a %p-month term', (m) => expect(termMonthsProblem(m)).toMatch(/6 to 60/));
  it.each([3, 4, 5, 6])('accepts reviews every %i months', (m) => expect(reviewIntervalProblem(m)).toBeNull());
  it.each([2, 7, 3.5])('refuses reviews every %p months', (m) => expect(reviewIntervalProblem(m)).toMatch(/3 to 6/));
});

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

describe('proposal rules', () => {
  const facts: ProposalFacts = {
    cadreCurrentUnitId: 'D1',
    cadreHomePath: C12,
    fromUnitId: 'D1',
    toUnitId: 'C11',
    toUnitKind: 'commune',
    nonLocalSecretary: true,
    position: 'party_secretary',
  };
  const refusal = (f: ProposalFacts) => {
    try {
      checkProposal(f);
    } catch (e) {
      return e as Refusal;
    }
    return null;
  };

  it('accepts a non-local secretary from another commune', () => {
    expect(refusal(facts)).toBeNull();
  });
  it('refuses a non-local secretary whose home is the target commune', () => {
    const r = refusal({ ...facts, cadreHomePath: C11 });
    expect(r).toMatchObject({ kind: 'rule', path: 'nonLocalSecretary' });
  });
  it('refuses a non-local secretary whose home lies inside the target commune', () => {
    expect(refusal({ ...facts, cadreHomePath: unitPath(C11, 'hamlet') })).toMatchObject({ kind: 'rule', path: 'nonLocalSecretary' });
  });
  it('allows a local cadre when the case is not a non-local-secretary case', () => {
    expect(refusal({ ...facts, cadreHomePath: C11, nonLocalSecretary: false })).toBeNull();
  });
  it('refuses a non-local secretary to any post but party secretary, naming position', () => {
    expect(refusal({ ...facts, position: 'vice_chair' })).toMatchObject({ kind: 'rule', path: 'position' });
    expect(refusal({ ...facts, position: 'vice_chair', nonLocalSecretary: false })).toBeNull();
  });
  it('refuses a non-local secretary sent to a unit that is not a commune', () => {
    expect(refusal({ ...facts, toUnitId: 'D2', toUnitKind: 'district' })).toMatchObject({ kind: 'rule', path: 'toUnitId' });
  });
  it('refuses a move to the same unit', () => {
    expect(refusal({ ...facts, toUnitId: 'D1', toUnitKind: 'district', nonLocalSecretary: false })).toMatchObject({ path: 'toUnitId' });
  });
  it("refuses a sending unit that is not the cadre's current unit", () => {
    expect(refusal({ ...facts, fromUnitId: 'D2' })).toMatchObject({ kind: 'rule', path: 'fromUnitId' });
  });
});

describe('committee vote: for must exceed half of all members', () => {
  const v = (f: number, a: number, ab: number) => ({ for: f, against: a, abstain: ab });
  it.each([
    // members, for, against, abstain, outcome
    [5, 3, 0, 0, 'passed'],
    [5, 2, 0, 0, 'pending'],
    [5, 2, 2, 0, 'pending'],
    [5, 2, 3, 0, 'failed'],
    [5, 0, 2, 1, 'failed'],
    [5, 2, 2, 1, 'failed'],
    [7, 4, 0, 0, 'passed'],
    [7, 3, 3, 0, 'pending'],
    [7, 3, 3, 1, 'failed'],
    [7, 3, 0, 4, 'failed'],
    [9, 5, 4, 0, 'passed'],
    [9, 4, 4, 0, 'pending'],
    [9, 4, 5, 0, 'failed'],
    [9, 4, 0, 5, 'failed'],
    [15, 8, 0, 0, 'passed'],
    [15, 7, 7, 0, 'pending'],
    [15, 7, 7, 1, 'failed'],
    [15, 7, 0, 8, 'failed'],
    [15, 0, 7, 0, 'pending'],
    [15, 0, 8, 0, 'failed'],
  ] as const)('%i members, %i for / %i against / %i abstain → %s', (members, f, a, ab, outcome) => {
    expect(tallyVotes(v(f, a, ab), members)).toBe(outcome);
  });
  it('never passes on exactly half (even committee)', () => {
    expect(tallyVotes(v(2, 2, 0), 4)).toBe('failed');
    expect(tallyVotes(v(2, 0, 0), 4)).toBe('pending');
    expect(tallyVotes(v(3, 0, 0), 4)).toBe('passed');
  });
  it('counts abstentions as not for', () => {
    expect(tallyVotes(v(1, 0, 2), 3)).toBe('failed');
  });
  it('fails as soon as for cannot exceed half of all members with the ballots still possible (recused: none)', () => {
    expect(tallyVotes(v(2, 2, 0), 5, 1)).toBe('failed');
    expect(tallyVotes(v(2, 1, 0), 5, 1)).toBe('pending');
    expect(tallyVotes(v(3, 1, 0), 5, 1)).toBe('passed');
    expect(tallyVotes(v(0, 0, 0), 3, 2)).toBe('failed');
  });
  it('closes with missing ballots counted as not for', () => {
    expect(closedVoteOutcome(v(2, 0, 0), 5)).toBe('failed');
    expect(closedVoteOutcome(v(3, 0, 0), 5)).toBe('passed');
    expect(closedVoteOutcome(v(2, 0, 0), 4)).toBe('failed');
  });
  it('takes a committee of three members or more', () => {
    expect(committeeSizeProblem(1)).toMatch(/at least 3/);
    expect(committeeSizeProblem(2)).toMatch(/at least 3/);
    expect(committeeSizeProblem(3)).toBeNull();
  });
});

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

describe('dates', () => {
  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths('2025-01-31T00:00:00.000Z', 1)).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths('2024-01-31T00:00:00.000Z', 1)).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonths('2024-02-29T00:00:00.000Z', 12)).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths('2025-08-31T10:00:00.000Z', 6)).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths('2025-11-15T00:00:00.000Z', 3)).toBe('2026-02-15T00:00:00.000Z');
  });
  it('starts a calendar date at midnight in Vietnam', () => {
    expect(startOfLocalDay('2026-01-01')).toBe('2025-12-31T17:00:00.000Z');
    expect(startOfLocalDay('2026-01-01T08:00:00Z')).toBe('2026-01-01T08:00:00.000Z');
    expect(localDate('2025-12-31T17:00:00.000Z')).toBe('2026-01-01');
    expect(localDate('2025-12-31T16:59:59.000Z')).toBe('2025-12-31');
  });
});
