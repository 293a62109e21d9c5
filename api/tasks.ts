// The caller's open work, derived from the cases it can see. Each kind of task is one rule;
// the later steps (support approval, payments, reviews, the end of the term) add theirs here.
import { lowestCommonUnit } from '../domain/rules';
import { type CaseStatus, PARTIES, type Party, type TaskKind } from '../domain/types';
import { hasBallotWaiting, mayAppraise, mayRecordConsultation, maySignDecision } from './case-roles';
import type { CaseRecord } from './cases';
import type { Principal } from './scope';

export interface Task {
  rotationId: string;
  kind: TaskKind;
  unitId: string;
  dueAt: string | null;
  overdue: boolean;
  /** The consultation's party, for consultation tasks. */
  party?: Party;
}

type Found = Pick<Task, 'unitId' | 'dueAt' | 'party'>;

interface TaskRule {
  kind: TaskKind;
  statuses: readonly CaseStatus[];
  find(user: Principal, c: CaseRecord): Found[];
}

export const TASK_RULES: readonly TaskRule[] = [
  {
    kind: 'consultation',
    statuses: ['consultation'],
    find: (user, c) =>
      PARTIES.filter((party) => !c.state.consultations.some((r) => r.party === party) && mayRecordConsultation(user, c, party)).map((party) => ({
        party,
        unitId: party === 'receiving_unit' ? c.row.toUnitId : c.row.fromUnitId,
        dueAt: c.state.stepDueAt,
      })),
  },
  {
    kind: 'appraisal',
    statuses: ['appraisal'],
    find: (user, c) => (mayAppraise(user, c) ? [{ unitId: lowestCommonUnit(c.fromPath, c.toPath) ?? c.row.fromUnitId, dueAt: c.state.stepDueAt }] : []),
  },
  {
    kind: 'vote',
    statuses: ['committee_vote'],
    find: (user, c) => (hasBallotWaiting(user, c) ? [{ unitId: c.state.decidingUnitId!, dueAt: c.state.stepDueAt }] : []),
  },
  {
    kind: 'decision',
    statuses: ['decision_pending'],
    find: (user, c) => (c.decidingPath !== null && maySignDecision(user, c) ? [{ unitId: c.state.decidingUnitId!, dueAt: c.state.stepDueAt }] : []),
  },
];

/** Statuses in which some task may be waiting. */
export const TASK_STATUSES: readonly CaseStatus[] = [...new Set(TASK_RULES.flatMap((r) => r.statuses))];

export function tasksFor(user: Principal, cases: readonly CaseRecord[], now: Date): Task[] {
  return cases.flatMap((c) =>
    TASK_RULES.filter((rule) => rule.statuses.includes(c.state.status)).flatMap((rule) =>
      rule.find(user, c).map(({ party, ...found }) => ({
        rotationId: c.row.id,
        kind: rule.kind,
        ...found,
        overdue: found.dueAt !== null && Date.parse(found.dueAt) < now.getTime(),
        ...(party ? { party } : {}),
      })),
    ),
  );
}
