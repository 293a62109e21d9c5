// What the unit tests of the domain share: a unit tree, proposals to start cases from, the cases they
// become at each status through the real transitions, review inputs, and the refusal a rule throws.
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';
import { Refusal } from '../../domain/refusal';
import { recordEvaluation } from '../../domain/evaluations';
import { activate, activationInstant, appraise, castVote, initialCaseState, recordConsultation, signDecision } from '../../domain/rotation-case';
import {
  type Actor,
  type CaseInput,
  type CaseState,
  type DecisionInput,
  type EvaluationInput,
  type FollowUpInput,
  PARTIES,
  type ReviewInput,
  type DocumentAddedInput,
} from '../../domain/types';
import { unitPath } from '../../domain/units';

/** Province P > districts D1, D2 > communes C11, C12 (in D1), C21 (in D2): their paths. */
const P = unitPath(null, 'P');
const D1 = unitPath(P, 'D1');
const D2 = unitPath(P, 'D2');
export const unitTree = { P, D1, D2, C11: unitPath(D1, 'C11'), C12: unitPath(D1, 'C12'), C21: unitPath(D2, 'C21') } as const;

export const organizer: Actor = { userId: 'u-org', username: 'tochuc' };
export const secretary: Actor = { userId: 'u-sec', username: 'bithu' };
export const reviewer: Actor = { userId: 'u-rev', username: 'danhgia' };

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

/**
 * District D1 sends a cadre to commune C11 for a 12-month term effective 31 Jan 2026 (a month end),
 * reviewed every 3 months, with the case's own timings: reminder 10 days before, escalation 5 days
 * after, follow-up reminder 4 days before.
 */
export const termProposal: CaseInput = {
  ...proposal,
  id: 'case-7',
  cadreId: 'cadre-7',
  position: 'Bí thư Đảng ủy xã',
  termMonths: 12,
  reviewIntervalMonths: 3,
  proposedAt: '2026-01-05T02:00:00.000Z',
  deadlines: { consultationDays: 14, voteDays: 7, reviewReminderDays: 10, reviewEscalationDays: 5, followUpReminderDays: 4 },
};

/** Commune C11 sends one of its cadres to commune C12 (both in district D1). */
export function communeProposal(termMonths: number): CaseInput {
  return {
    ...proposal,
    fromUnitId: 'C11',
    toUnitId: 'C12',
    termMonths,
    reason: 'Tăng cường cán bộ',
    retainedPosition: { unitId: 'C11', position: 'vice_chair' },
    proposedBy: { userId: 'u-org', username: 'nguyen.van.an' },
    proposedAt: '2026-01-05T02:00:00.000Z',
  };
}

/** How a case goes from its proposal to its decision: every party agrees, the committee endorses, the voters vote for. */
export interface CaseScript {
  input: CaseInput;
  /** The instant each step is taken. */
  at: string;
  consultationNote: string;
  committee: { unitId: string; memberUserIds: string[] };
  voters: string[];
  decision: DecisionInput;
}

/** The proposal as a committee of five at D1 decides it, three votes for, effective 1 Apr 2026. */
export const proposalScript: CaseScript = {
  input: proposal,
  at: '2026-03-01T02:00:00.000Z',
  consultationNote: 'Đã trao đổi',
  committee: { unitId: 'D1', memberUserIds: ['m1', 'm2', 'm3', 'm4', 'm5'] },
  voters: ['m1', 'm2', 'm3'],
  decision: { decisionNumber: '123/QĐ-HU', signedAt: '2026-03-10', effectiveDate: '2026-04-01', actor: organizer },
};

/** The term proposal, decided by a committee at the province and effective 31 Jan 2026. */
export const termScript: CaseScript = {
  input: termProposal,
  at: '2026-01-10T02:00:00.000Z',
  consultationNote: 'Đồng ý',
  committee: { unitId: 'P1', memberUserIds: ['m1', 'm2', 'm3'] },
  voters: ['m1', 'm2'],
  decision: { decisionNumber: '15-QĐ/HU', signedAt: '2026-01-20', effectiveDate: '2026-01-31', actor: secretary },
};

/** The commune proposal of `termMonths`, decided by district D1 and effective 15 Mar 2026. */
export function communeScript(termMonths: number): CaseScript {
  const input = communeProposal(termMonths);
  return {
    input,
    at: input.proposedAt,
    consultationNote: '',
    committee: { unitId: 'D1', memberUserIds: ['m1', 'm2', 'm3'] },
    voters: ['m1', 'm2'],
    decision: { decisionNumber: '125-QĐ/HU', signedAt: '2026-03-01', effectiveDate: '2026-03-15', actor: secretary },
  };
}

const SCRIPTED = ['consultation', 'appraisal', 'committee_vote', 'decision_pending', 'decided', 'active'] as const;
export type ScriptedStatus = (typeof SCRIPTED)[number];

/** The case of `script` at `status`, reached through the domain's own transitions. */
export function caseAt(status: ScriptedStatus, script: CaseScript = termScript): CaseState {
  const { input, at, committee } = script;
  const actor = input.proposedBy;
  const steps: ((s: CaseState) => CaseState)[] = [
    (s) => PARTIES.reduce((c, party) => recordConsultation(c, { party, outcome: 'agree', concerns: [], note: script.consultationNote, actor }, at).state, s),
    (s) => appraise(s, { outcome: 'endorse', note: 'Đủ điều kiện', resolutions: [], committee, actor }, at).state,
    (s) => script.voters.reduce((c, userId) => castVote(c, { vote: 'for', voterCadreId: null, actor: { userId, username: userId } }, at).state, s),
    (s) => signDecision(s, script.decision, at).state,
    (s) => activate(s, activationInstant(s)).state,
  ];
  return steps.slice(0, SCRIPTED.indexOf(status)).reduce((s, step) => step(s), initialCaseState(input));
}

/** The follow-ups review 1 of the term case asks for. */
export const FOLLOW_UPS: FollowUpInput[] = [
  { action: 'Bố trí nhà công vụ', ownerUserId: 'u-housing', dueDate: '2026-06-01' },
  { action: 'Cử đi tập huấn', ownerUserId: 'u-train', dueDate: '2026-08-09' },
  { action: 'Tổng kết việc tháo gỡ khó khăn', ownerUserId: 'u-org', dueDate: '2027-02-04' },
];

/** Review `seq`, held on 30 Apr 2026 and rated good, without follow-ups unless `extra` gives some. */
export const reviewInput = (seq: number, extra: Partial<ReviewInput> = {}): ReviewInput => ({
  seq,
  heldAt: '2026-04-30',
  rating: 'good',
  aspirations: 'Mong được bố trí nhà công vụ',
  difficulties: 'Đường xa, đi lại khó khăn',
  followUps: [],
  actor: reviewer,
  ...extra,
});

/** The closing evaluations a term's end needs: the self-review written on the cadre's behalf, the receiving unit's, the conclusion. */
export const CLOSING_EVALUATIONS: EvaluationInput[] = [
  {
    kind: 'self_review',
    rating: 'good',
    text: 'Hoàn thành tốt nhiệm vụ được giao',
    onBehalfOf: { userId: null, username: 'Cán bộ luân chuyển', cadreId: 'cadre-7' },
    actor: organizer,
  },
  { kind: 'receiving_unit', rating: 'good', text: 'Đảng ủy xã đánh giá hoàn thành tốt nhiệm vụ', actor: reviewer },
  { kind: 'conclusion', rating: 'excellent', text: 'Kết luận: hoàn thành xuất sắc nhiệm vụ', actor: organizer },
];

/** `state` with the closing evaluations of its term recorded at `at`. */
export function withClosingEvaluations(state: CaseState, at: string): CaseState {
  return CLOSING_EVALUATIONS.reduce((s, e) => recordEvaluation(s, { ...e, ...(e.onBehalfOf ? { onBehalfOf: { ...e.onBehalfOf, cadreId: s.cadreId } } : {}) }, at).state, state);
}

/** Freezes `value` and all it holds, so a step that writes to its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The notices of a complete dossier under DEFAULT_DOSSIER_RULES: one document of each required
 * kind, `documentId` `doc-<kind>`, the health certificate issued on `issuedAt` (a recent day).
 */
export function completeDossier(issuedAt: string, actor: Actor = organizer): DocumentAddedInput[] {
  return DEFAULT_DOSSIER_RULES.required.map((kind) => ({ documentId: `doc-${kind}`, kind, issuedAt: kind === 'health_certificate' ? issuedAt : null, actor }));
}

/** The history actions of a case taken from proposal to a signed decision with `documents` filed before its endorsement and `votes` ballots. */
export function actionsToDecision(votes: number, documents = 0): string[] {
  return [
    ...PARTIES.map(() => 'consultation_recorded'),
    ...Array<string>(documents).fill('document_added'),
    'appraisal_endorse',
    ...Array<string>(votes).fill('vote_cast'),
    'decision_signed',
  ];
}
