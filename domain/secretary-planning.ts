// Planning toward the non-local-secretary target: for each unit below it, how many more non-local
// secretaries it needs, its communes with a local secretary and, for each, the cadres who could go
// there, ranked by a documented score. Pure: the caller reads the rows.
import { type NationalRulesConfig, type PlannedTitle, type Sex, checkPlanningList, checkWorkingTimeLeft, wholeMonthsBetween } from './national-rules';
import { DEFAULT_NON_LOCAL_TARGET, isNonLocalSecretary } from './non-local-secretaries';
import { Refusal } from './refusal';
import { POLITICAL_THEORY_LEVELS } from './types';
import { isAtOrBelow } from './units';

export type PoliticalTheoryLevel = (typeof POLITICAL_THEORY_LEVELS)[number];

export const SECRETARY_TITLE = 'party_secretary';
export const MAX_CANDIDATES = 5;
/** Points per level of political theory; the level counts ten times a year of service. */
export const THEORY_POINTS: Record<PoliticalTheoryLevel, number> = { advanced: 3, intermediate: 2, basic: 1 };
export const THEORY_WEIGHT = 10;
export const MAX_SERVICE_YEARS = 10;

const THEORY_REASONS: Record<PoliticalTheoryLevel, string> = {
  advanced: 'Lý luận chính trị cao cấp',
  intermediate: 'Lý luận chính trị trung cấp',
  basic: 'Lý luận chính trị sơ cấp',
};

export interface PlanningUnit {
  id: string;
  name: string;
  path: string;
}

export interface PlanningCommune extends PlanningUnit {
  /** The home unit path of its party secretary; null when the seat is empty. */
  secretaryHomePath: string | null;
}

export interface PlanningCadre {
  id: string;
  fullName: string;
  homePath: string;
  currentPath: string;
  sex: Sex;
  birthDate: string;
  politicalTheory: PoliticalTheoryLevel | null;
  /** The day the cadre's record was made (YYYY-MM-DD): the service years are counted from it. */
  recordedOn: string;
  hasOpenCase: boolean;
  planning: readonly PlannedTitle[];
}

export interface SecretaryCandidate {
  cadreId: string;
  fullName: string;
  score: number;
  reasons: string[];
}

export interface SecretaryPlanningItem {
  unitId: string;
  name: string;
  communes: number;
  nonLocal: number;
  needed: number;
  localCommunes: { unitId: string; name: string; candidates: SecretaryCandidate[] }[];
}

/** The smallest n with (nonLocal + n) / communes ≥ target; 0 for a unit without communes. */
export function nonLocalNeeded(communes: number, nonLocal: number, target = DEFAULT_NON_LOCAL_TARGET): number {
  if (communes === 0) return 0;
  let n = 0;
  while (nonLocal + n < communes && (nonLocal + n) / communes < target) n++;
  return n;
}

/** The score and its reasons: theory level × 10 + whole years since the record, at most 10. */
export function candidateScore(cadre: Pick<PlanningCadre, 'politicalTheory' | 'recordedOn'>, today: string): { score: number; reasons: string[] } {
  const theory = cadre.politicalTheory ? THEORY_POINTS[cadre.politicalTheory] : 0;
  const years = Math.min(MAX_SERVICE_YEARS, Math.max(0, Math.floor(wholeMonthsBetween(cadre.recordedOn, today) / 12)));
  const reasons = [cadre.politicalTheory ? THEORY_REASONS[cadre.politicalTheory] : 'Chưa có lý luận chính trị', `${years} năm công tác kể từ khi có hồ sơ`];
  return { score: theory * THEORY_WEIGHT + years, reasons };
}

/** Planned for the secretary's title (or an equivalent) today, and enough working time left for a non-local head. */
export function meetsSecretaryRules(rules: NationalRulesConfig, cadre: PlanningCadre, today: string): boolean {
  try {
    checkPlanningList(rules, cadre.planning, SECRETARY_TITLE, today, []);
    checkWorkingTimeLeft(rules, { sex: cadre.sex, birthDate: cadre.birthDate, effectiveDate: today, makesHeadNonLocal: true }, []);
    return true;
  } catch (e) {
    if (e instanceof Refusal) return false;
    throw e;
  }
}

/** Up to five cadres of the unit's tree who could become the commune's non-local secretary, best first. */
export function secretaryCandidates(rules: NationalRulesConfig, unit: PlanningUnit, commune: PlanningUnit, cadres: readonly PlanningCadre[], today: string): SecretaryCandidate[] {
  return cadres
    .filter((c) => !c.hasOpenCase && isAtOrBelow(c.currentPath, unit.id) && isNonLocalSecretary(commune.id, c.homePath) && meetsSecretaryRules(rules, c, today))
    .map((c) => ({ cadreId: c.id, fullName: c.fullName, ...candidateScore(c, today) }))
    .sort((a, b) => b.score - a.score || a.fullName.localeCompare(b.fullName, 'vi') || (a.cadreId < b.cadreId ? -1 : 1))
    .slice(0, MAX_CANDIDATES);
}

/** The units below the target, each with what it needs and who could fill its local communes. */
export function secretaryPlanning(
  rules: NationalRulesConfig,
  units: readonly PlanningUnit[],
  communes: readonly PlanningCommune[],
  cadres: readonly PlanningCadre[],
  today: string,
  target = DEFAULT_NON_LOCAL_TARGET,
): SecretaryPlanningItem[] {
  const items: SecretaryPlanningItem[] = [];
  for (const unit of units) {
    const own = communes.filter((c) => isAtOrBelow(c.path, unit.id));
    const nonLocal = own.filter((c) => isNonLocalSecretary(c.id, c.secretaryHomePath)).length;
    const needed = nonLocalNeeded(own.length, nonLocal, target);
    if (needed === 0) continue;
    const local = own.filter((c) => c.secretaryHomePath !== null && !isNonLocalSecretary(c.id, c.secretaryHomePath));
    items.push({
      unitId: unit.id,
      name: unit.name,
      communes: own.length,
      nonLocal,
      needed,
      localCommunes: local.map((c) => ({ unitId: c.id, name: c.name, candidates: secretaryCandidates(rules, unit, c, cadres, today) })),
    });
  }
  return items;
}
