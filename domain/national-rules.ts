// The national rules a proposal must meet (QĐ 65-QĐ/TW, Nghị định 170/2025/NĐ-CP): planning
// list, working time left, minimum term and a post the receiving unit already has. Thresholds are
// versioned configuration; each rule is a pure function refusing with the rule named, and a rule
// the competent level excepted by a recorded decision does not refuse. Safe inside the workflow sandbox.
import { addMonths } from './calendar';
import { Refusal } from './refusal';
import { DEFAULT_DOSSIER_RULES } from './dossier';
import { type DossierRules, UNIT_KINDS, type UnitKind } from './types';
import { type Wording, refusalText } from './refusal-texts';

export const NATIONAL_RULES = ['planning_list', 'working_time_left', 'minimum_term', 'post_unavailable'] as const;
export type NationalRule = (typeof NATIONAL_RULES)[number];

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** The competent level's recorded decision that a national rule does not apply to this case. */
export interface RuleException {
  rule: NationalRule;
  decisionNumber: string;
  reason: string;
}

/**
 * A statutory retirement age that rises by steps: `beforeMonths` for those reaching it before
 * `fromYear`; from then `startMonths` in `fromYear`, `stepMonths` more each year, at most `finalMonths`.
 */
export interface RetirementSchedule {
  beforeMonths: number;
  fromYear: number;
  startMonths: number;
  stepMonths: number;
  finalMonths: number;
}

export interface NationalRulesConfig {
  /** Shortest term a rotation may have (QĐ 65 art. 8). */
  minimumTermMonths: number;
  /** Working time left at the effective date (QĐ 65 art. 5): in general, and for a rotation making a head non-local. */
  workingTimeLeft: { minMonths: number; nonLocalHeadMinMonths: number };
  retirementAge: Record<Sex, RetirementSchedule>;
  /** The posts each kind of unit has: a rotation takes one of them, never a new one (QĐ 65 1.4). */
  posts: Record<UnitKind, string[]>;
  /** Groups of titles the planning list counts as one (a planned title covers each in its group). */
  titleEquivalences: string[][];
  /** The documents a case proposed under this version must hold before its endorsement (Nghị định 170, art. 35). */
  dossier: DossierRules;
}

/** A saved version: in force from `effectiveFrom` until a later one is; never edited. */
export interface NationalRules extends NationalRulesConfig {
  /** 0: the built-in default. */
  version: number;
  effectiveFrom: string;
}

const COMMON_POSTS = [
  'party_secretary',
  'deputy_party_secretary',
  'chair_people_committee',
  'vice_chair_people_committee',
  'chair_people_council',
  'vice_chair_people_council',
  'chair',
  'vice_chair',
  'chief_of_office',
];

/** Labour Code 2019 art. 169 and Decree 135/2020: men 60y3m in 2021 to 62 in 2028, women 55y4m in 2021 to 60 in 2035. */
export const DEFAULT_NATIONAL_RULES: NationalRules = {
  version: 0,
  effectiveFrom: '2021-01-01',
  minimumTermMonths: 36,
  workingTimeLeft: { minMonths: 120, nonLocalHeadMinMonths: 60 },
  retirementAge: {
    male: { beforeMonths: 720, fromYear: 2021, startMonths: 723, stepMonths: 3, finalMonths: 744 },
    female: { beforeMonths: 660, fromYear: 2021, startMonths: 664, stepMonths: 4, finalMonths: 720 },
  },
  posts: {
    province: [...COMMON_POSTS, 'head_organizing_committee', 'deputy_head_organizing_committee', 'director_department', 'deputy_director_department'],
    district: [...COMMON_POSTS, 'head_organizing_committee', 'deputy_head_organizing_committee', 'deputy_head_organization', 'head_division', 'deputy_head_division'],
    commune: [...COMMON_POSTS, 'commander_military', 'chief_of_police'],
  },
  titleEquivalences: [
    ['chair', 'chair_people_committee'],
    ['vice_chair', 'vice_chair_people_committee'],
    ['deputy_head_organization', 'deputy_head_organizing_committee'],
  ],
  dossier: DEFAULT_DOSSIER_RULES,
};

/** The version in force on `date` (YYYY-MM-DD): the latest in force by then, the default when none is. */
export function rulesInForce(versions: readonly NationalRules[], date: string): NationalRules {
  const inForce = versions.filter((v) => v.effectiveFrom <= date);
  inForce.sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.version - a.version : a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  return inForce[0] ?? DEFAULT_NATIONAL_RULES;
}

function excepted(rule: NationalRule, exceptions: readonly RuleException[]): boolean {
  return exceptions.some((e) => e.rule === rule);
}

function refuse(rule: NationalRule, message: Wording, path: string): never {
  throw new Refusal('rule', message, path, rule);
}

/** A planning record: the cadre is planned for `title` over [from, to]. */
export interface PlannedTitle {
  title: string;
  from: string;
  to: string;
}

/** The titles the planning list counts as `title`: itself and those it is equivalent to. */
export function equivalentTitles(rules: NationalRulesConfig, title: string): string[] {
  const groups = rules.titleEquivalences.filter((g) => g.includes(title));
  return [...new Set([title, ...groups.flat()])];
}

export function checkPlanningList(rules: NationalRulesConfig, planning: readonly PlannedTitle[], position: string, on: string, exceptions: readonly RuleException[]): void {
  if (excepted('planning_list', exceptions)) return;
  const titles = equivalentTitles(rules, position);
  if (!planning.some((p) => titles.includes(p.title) && p.from <= on && on <= p.to)) {
    refuse('planning_list', refusalText('planning_list', { position, on }), 'cadreId');
  }
}

/** The statutory age, in months, of someone reaching it in `year`. */
function retirementMonthsIn(s: RetirementSchedule, year: number): number {
  if (year < s.fromYear) return s.beforeMonths;
  return Math.min(s.startMonths + s.stepMonths * (year - s.fromYear), s.finalMonths);
}

/** The day someone born on `birthDate` reaches the retirement age of the year they reach it in. */
export function retirementDate(rules: NationalRulesConfig, sex: Sex, birthDate: string): string {
  const schedule = rules.retirementAge[sex];
  const birthYear = Number(birthDate.slice(0, 4));
  // The year reached is non-decreasing in the year tried and moves by at most one a step: it meets it once.
  for (let year = birthYear + Math.floor(schedule.beforeMonths / 12) - 1; ; year++) {
    const reached = addMonths(`${birthDate}T00:00:00Z`, retirementMonthsIn(schedule, year)).slice(0, 10);
    if (Number(reached.slice(0, 4)) <= year) return reached;
  }
}

/** Whole months from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const months = (ty - fy) * 12 + (tm - fm);
  if (months > 0 && td < fd) return months - 1;
  if (months < 0 && td > fd) return months + 1;
  return months;
}

export interface WorkingTimeFacts {
  sex: Sex;
  birthDate: string;
  /** The start of the rotation: the planned effective date, or the proposal's day. */
  effectiveDate: string;
  /** The rotation makes a head non-local (a non-local party secretary): one full term suffices. */
  makesHeadNonLocal: boolean;
}

export function checkWorkingTimeLeft(rules: NationalRulesConfig, f: WorkingTimeFacts, exceptions: readonly RuleException[]): void {
  if (excepted('working_time_left', exceptions)) return;
  const needed = f.makesHeadNonLocal ? rules.workingTimeLeft.nonLocalHeadMinMonths : rules.workingTimeLeft.minMonths;
  const retires = retirementDate(rules, f.sex, f.birthDate);
  const left = wholeMonthsBetween(f.effectiveDate, retires);
  if (left < needed) {
    refuse('working_time_left', refusalText('working_time_left', { left: Math.max(0, left), on: f.effectiveDate, retires, needed }), 'cadreId');
  }
}

export function checkMinimumTerm(rules: NationalRulesConfig, termMonths: number, exceptions: readonly RuleException[]): void {
  if (excepted('minimum_term', exceptions)) return;
  if (termMonths < rules.minimumTermMonths) refuse('minimum_term', refusalText('minimum_term', { min: rules.minimumTermMonths, months: termMonths }), 'termMonths');
}

export interface PostFacts {
  unitKind: UnitKind;
  position: string;
  /** The case the post at the receiving unit is kept for, when it is kept for one. */
  retainedByCaseId: string | null;
}

export function checkPostAvailable(rules: NationalRulesConfig, f: PostFacts, exceptions: readonly RuleException[]): void {
  if (excepted('post_unavailable', exceptions)) return;
  if (!rules.posts[f.unitKind].includes(f.position)) refuse('post_unavailable', refusalText('post_unavailable', { unitKind: f.unitKind, position: f.position }), 'position');
  if (f.retainedByCaseId) refuse('post_unavailable', refusalText('post_retained', { position: f.position, caseId: f.retainedByCaseId }), 'position');
}

export interface NationalRuleFacts extends WorkingTimeFacts, PostFacts {
  termMonths: number;
  planning: readonly PlannedTitle[];
  /** The proposal's day (YYYY-MM-DD): the planning list is read on it. */
  proposedOn: string;
}

/** Every national rule a proposal must meet, in the order a person would check them. */
export function checkNationalRules(rules: NationalRulesConfig, f: NationalRuleFacts, exceptions: readonly RuleException[]): void {
  checkPlanningList(rules, f.planning, f.position, f.proposedOn, exceptions);
  checkWorkingTimeLeft(rules, f, exceptions);
  checkMinimumTerm(rules, f.termMonths, exceptions);
  checkPostAvailable(rules, f, exceptions);
}

/** Why a configuration cannot be saved, or null: each kind has posts, a schedule never falls. */
export function nationalRulesProblem(c: NationalRulesConfig): string | null {
  return nationalRulesRefusal(c)?.en ?? null;
}

/** `nationalRulesProblem` in each language; its English begins with the field's path. */
export function nationalRulesRefusal(c: NationalRulesConfig): Wording | null {
  for (const sex of SEXES) {
    const s = c.retirementAge[sex];
    if (s.startMonths < s.beforeMonths || s.finalMonths < s.startMonths) return refusalText('retirement_age_falls', { sex });
  }
  for (const kind of UNIT_KINDS) if (c.posts[kind].length === 0) return refusalText('posts_empty', { kind });
  if (new Set(c.dossier.required).size !== c.dossier.required.length) return refusalText('dossier_kind_twice');
  return null;
}
