import { checkProposal, reviewIntervalProblem, termMonthsProblem, ProposalFacts } from '../../domain/proposal';
import type { Refusal } from '../../domain/refusal';
import { unitPath } from '../../domain/units';
import { unitTree } from '../support/domain-fixtures';

const { C11, C12 } = unitTree;

describe('term and review interval', () => {
  it.each([6, 24, 60])('accepts a %i-month term', (m) => expect(termMonthsProblem(m)).toBeNull());
  it.each([5, 61, 0, -6, 12.5])('refuses a %p-month term', (m) => expect(termMonthsProblem(m)).toMatch(/6 to 60/));
  it.each([3, 4, 5, 6])('accepts reviews every %i months', (m) => expect(reviewIntervalProblem(m)).toBeNull());
  it.each([2, 7, 3.5])('refuses reviews every %p months', (m) => expect(reviewIntervalProblem(m)).toMatch(/3 to 6/));
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
