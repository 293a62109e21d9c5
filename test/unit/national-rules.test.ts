// The national rules of a proposal: each refuses naming its rule, and a recorded exception lifts it.
import {
  DEFAULT_NATIONAL_RULES as rules,
  type NationalRuleFacts,
  type NationalRules,
  type RuleException,
  checkMinimumTerm,
  checkNationalRules,
  checkPlanningList,
  checkPostAvailable,
  checkWorkingTimeLeft,
  equivalentTitles,
  nationalRulesProblem,
  retirementDate,
  rulesInForce,
  wholeMonthsBetween,
} from '../../domain/national-rules';
import { refusalOf } from '../support/domain-fixtures';

const exception = (rule: RuleException['rule']): RuleException[] => [{ rule, decisionNumber: '12-QĐ/HU', reason: 'Trường hợp đặc biệt' }];

const valid: NationalRuleFacts = {
  planning: [{ title: 'party_secretary', from: '2025-01-01', to: '2030-12-31' }],
  proposedOn: '2026-12-01',
  sex: 'male',
  birthDate: '1982-04-12',
  effectiveDate: '2027-01-01',
  makesHeadNonLocal: true,
  termMonths: 36,
  unitKind: 'commune',
  position: 'party_secretary',
  retainedByCaseId: null,
};

describe('the retirement age schedule (Decree 135/2020)', () => {
  it.each([
    ['male', '1960-12-15', '2020-12-15'],
    ['male', '1961-01-20', '2021-04-20'],
    ['male', '1961-10-01', '2022-04-01'],
    ['male', '1970-05-10', '2032-05-10'],
    ['female', '1966-01-10', '2021-05-10'],
    ['female', '1980-03-01', '2040-03-01'],
  ] as const)('a %s born %s retires on %s', (sex, born, retires) => {
    expect(retirementDate(rules, sex, born)).toBe(retires);
  });

  it('counts whole months', () => {
    expect(wholeMonthsBetween('2027-01-01', '2037-01-01')).toBe(120);
    expect(wholeMonthsBetween('2027-01-02', '2037-01-01')).toBe(119);
    expect(wholeMonthsBetween('2027-01-01', '2026-12-01')).toBe(-1);
  });
});

describe('each rule refuses naming itself, unless excepted', () => {
  it('accepts a proposal meeting every rule', () => {
    expect(() => checkNationalRules(rules, valid, [])).not.toThrow();
  });

  it('planning_list: the cadre planned for the title, or an equivalent one, on the proposal day', () => {
    expect(refusalOf(() => checkPlanningList(rules, [], 'party_secretary', '2026-12-01', []))).toMatchObject({ kind: 'rule', rule: 'planning_list', path: 'cadreId' });
    const expired = [{ title: 'party_secretary', from: '2020-01-01', to: '2025-12-31' }];
    expect(refusalOf(() => checkPlanningList(rules, expired, 'party_secretary', '2026-12-01', [])).rule).toBe('planning_list');
    expect(() => checkPlanningList(rules, [{ title: 'chair', from: '2025-01-01', to: '2030-12-31' }], 'chair_people_committee', '2026-12-01', [])).not.toThrow();
    expect(equivalentTitles(rules, 'vice_chair')).toEqual(['vice_chair', 'vice_chair_people_committee']);
    expect(() => checkPlanningList(rules, [], 'party_secretary', '2026-12-01', exception('planning_list'))).not.toThrow();
  });

  it('working_time_left: 10 years, or one full term when a head is made non-local', () => {
    const nearRetirement = { ...valid, birthDate: '1970-01-01', makesHeadNonLocal: false };
    expect(refusalOf(() => checkWorkingTimeLeft(rules, nearRetirement, []))).toMatchObject({ rule: 'working_time_left', path: 'cadreId' });
    expect(() => checkWorkingTimeLeft(rules, { ...nearRetirement, makesHeadNonLocal: true }, [])).not.toThrow();
    expect(refusalOf(() => checkWorkingTimeLeft(rules, { ...nearRetirement, birthDate: '1964-01-01', makesHeadNonLocal: true }, [])).rule).toBe('working_time_left');
    expect(() => checkWorkingTimeLeft(rules, nearRetirement, exception('working_time_left'))).not.toThrow();
  });

  it('working_time_left: women retire earlier', () => {
    const facts = { ...valid, birthDate: '1976-06-01', makesHeadNonLocal: false };
    expect(() => checkWorkingTimeLeft(rules, facts, [])).not.toThrow();
    expect(refusalOf(() => checkWorkingTimeLeft(rules, { ...facts, sex: 'female' }, [])).rule).toBe('working_time_left');
  });

  it('minimum_term: at least the configured months', () => {
    expect(refusalOf(() => checkMinimumTerm(rules, 24, []))).toMatchObject({ rule: 'minimum_term', path: 'termMonths' });
    expect(() => checkMinimumTerm(rules, 36, [])).not.toThrow();
    expect(() => checkMinimumTerm({ ...rules, minimumTermMonths: 24 }, 24, [])).not.toThrow();
    expect(() => checkMinimumTerm(rules, 12, exception('minimum_term'))).not.toThrow();
  });

  it('post_unavailable: a post the unit kind has, not kept for another case', () => {
    expect(refusalOf(() => checkPostAvailable(rules, { ...valid, position: 'director_department' }, []))).toMatchObject({ rule: 'post_unavailable', path: 'position' });
    expect(refusalOf(() => checkPostAvailable(rules, { ...valid, retainedByCaseId: 'case-other' }, [])).message).toContain('case-other');
    expect(() => checkPostAvailable(rules, { ...valid, unitKind: 'province', position: 'director_department' }, [])).not.toThrow();
    expect(() => checkPostAvailable(rules, { ...valid, retainedByCaseId: 'case-other' }, exception('post_unavailable'))).not.toThrow();
  });

  it('an exception lifts its own rule only', () => {
    expect(refusalOf(() => checkNationalRules(rules, { ...valid, termMonths: 12, planning: [] }, exception('planning_list'))).rule).toBe('minimum_term');
  });
});

describe('versions of the rules', () => {
  const version = (n: number, effectiveFrom: string): NationalRules => ({ ...rules, version: n, effectiveFrom, minimumTermMonths: 30 + n });

  it('applies the version in force on the day, the default before any', () => {
    const versions = [version(1, '2026-01-01'), version(2, '2027-01-01'), version(3, '2026-01-01')];
    expect(rulesInForce(versions, '2025-06-01')).toBe(rules);
    expect(rulesInForce(versions, '2026-06-01').version).toBe(3);
    expect(rulesInForce(versions, '2027-01-01').version).toBe(2);
  });

  it('refuses a schedule that falls or a kind with no post', () => {
    expect(nationalRulesProblem(rules)).toBeNull();
    expect(nationalRulesProblem({ ...rules, posts: { ...rules.posts, commune: [] } })).toContain('posts.commune');
    expect(nationalRulesProblem({ ...rules, retirementAge: { ...rules.retirementAge, male: { ...rules.retirementAge.male, finalMonths: 700 } } })).toContain('male');
  });
});
