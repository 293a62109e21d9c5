// Types shared by the workflows, activities and the API. Imports nothing at run time.

export const TASK_QUEUE = 'cadre-rotation';

export const ROLES = ['admin', 'organizer', 'committee_member', 'secretary', 'finance', 'reviewer', 'cadre'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['province', 'district', 'commune'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CASE_STATUSES = [
  'consultation',
  'appraisal',
  'committee_vote',
  'decision_pending',
  'decided',
  'active',
  'completed',
  'rejected',
  'withdrawn',
  'terminated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ENDED_STATUSES: readonly CaseStatus[] = ['completed', 'rejected', 'withdrawn', 'terminated'];
/** Statuses in which the case may still be withdrawn (before the cadre takes up the post). */
export const WITHDRAWABLE_STATUSES: readonly CaseStatus[] = [
  'consultation',
  'appraisal',
  'committee_vote',
  'decision_pending',
  'decided',
];

export const PARTIES = ['cadre', 'sending_unit', 'receiving_unit'] as const;
export type Party = (typeof PARTIES)[number];
export const CONSULTATION_OUTCOMES = ['agree', 'agree_with_concerns', 'object'] as const;
export type ConsultationOutcome = (typeof CONSULTATION_OUTCOMES)[number];
export const CONCERN_TYPES = ['age', 'health', 'distance', 'family', 'housing', 'local_acceptance', 'other'] as const;
export type ConcernType = (typeof CONCERN_TYPES)[number];
export const APPRAISAL_OUTCOMES = ['endorse', 'return', 'reject'] as const;
export type AppraisalOutcome = (typeof APPRAISAL_OUTCOMES)[number];
export const VOTE_CHOICES = ['for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const POLITICAL_THEORY_LEVELS = ['basic', 'intermediate', 'advanced'] as const;
export type PoliticalTheory = (typeof POLITICAL_THEORY_LEVELS)[number];
export const TASK_KINDS = [
  'consultation',
  'appraisal',
  'vote',
  'decision',
  'support_approval',
  'payment',
  'review',
  'term_end',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Who did something, as history shows it. */
export interface Actor {
  userId: string;
  username: string;
}

export interface Concern {
  type: ConcernType;
  note: string;
}

export interface Consultation {
  party: Party;
  outcome: ConsultationOutcome;
  concerns: Concern[];
  note: string;
  round: number;
  recordedAt: string;
  recordedBy: Actor;
}

export interface Resolution {
  party: Party;
  note: string;
}

export interface Appraisal {
  outcome: AppraisalOutcome;
  note: string;
  resolutions: Resolution[];
  round: number;
  at: string;
  by: Actor;
}

export interface Ballot {
  userId: string;
  vote: VoteChoice;
  note?: string;
  at: string;
}

export interface Votes {
  for: number;
  against: number;
  abstain: number;
  /** Number of members of the deciding Standing Committee. */
  members: number;
  memberUserIds: string[];
  ballots: Ballot[];
  outcome: 'pending' | 'passed' | 'failed';
}

export interface Decision {
  decisionNumber: string;
  signedAt: string;
  effectiveDate: string;
  signedBy: Actor;
}

export interface UnitPosition {
  unitId: string;
  position: string;
}

export interface SupportView {
  status: string;
  policyVersion: number | null;
  entitlements: unknown[];
  payments: unknown[];
}

export interface ReviewView {
  seq: number;
  dueAt: string;
  status: string;
  rating?: string;
}

/** Deadlines of the human steps, in days. */
export interface StepDeadlines {
  consultationDays: number;
  voteDays: number;
}

/** What the workflow is started with: the proposal as accepted by the API. */
export interface CaseInput {
  id: string;
  cadreId: string;
  fromUnitId: string;
  toUnitId: string;
  position: string;
  termMonths: number;
  reviewIntervalMonths: number;
  nonLocalSecretary: boolean;
  reason: string;
  effectiveDate: string | null;
  /** The cadre's seat at home, kept while they are away. */
  retainedPosition: UnitPosition;
  proposedBy: Actor;
  proposedAt: string;
  deadlines: StepDeadlines;
}

/** Where a case stands: held by the workflow, mirrored into the projection. */
export interface CaseState {
  id: string;
  status: CaseStatus;
  cadreId: string;
  fromUnitId: string;
  toUnitId: string;
  position: string;
  termMonths: number;
  reviewIntervalMonths: number;
  nonLocalSecretary: boolean;
  reason: string;
  effectiveDate: string | null;
  proposedAt: string;
  proposedBy: Actor;
  /** Consultation round; a `return` from appraisal opens the next one. */
  round: number;
  /** Consultations of the current round. Earlier rounds are in `earlierConsultations` and history. */
  consultations: Consultation[];
  earlierConsultations: Consultation[];
  appraisal: Appraisal | null;
  decidingUnitId: string | null;
  votes: Votes | null;
  decision: Decision | null;
  retainedPosition: UnitPosition;
  support: SupportView;
  reviews: ReviewView[];
  nextReviewDueAt: string | null;
  /** When the current human step is due (consultation, vote); null when none is waiting on a deadline. */
  stepDueAt: string | null;
  deadlines: StepDeadlines;
  activatedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  /** Increases with every change, so an older projection never overwrites a newer one. */
  version: number;
}

/** One entry of the case's history. */
export interface CaseEventInput {
  seq: number;
  at: string;
  actor: Actor | null;
  action: string;
  detail: Record<string, unknown>;
}

// ---- Update payloads (one object argument each) ----

export interface ConsultationInput {
  party: Party;
  outcome: ConsultationOutcome;
  concerns: Concern[];
  note: string;
  actor: Actor;
}

export interface AppraisalInput {
  outcome: AppraisalOutcome;
  note: string;
  resolutions: Resolution[];
  /** The deciding committee, resolved by the API from reference data (needed for `endorse`). */
  committee: { unitId: string; memberUserIds: string[] } | null;
  actor: Actor;
}

export interface VoteInput {
  vote: VoteChoice;
  note?: string;
  /** The voter's own cadre id, if the voter is a cadre (recusal). */
  voterCadreId: string | null;
  actor: Actor;
}

export interface DecisionInput {
  decisionNumber: string;
  signedAt: string;
  effectiveDate: string;
  actor: Actor;
}

export interface WithdrawInput {
  reason: string;
  actor: Actor;
}

/** Kinds of refusal a domain transition can raise; the API maps them to HTTP status codes. */
export type RefusalKind = 'conflict' | 'rule' | 'forbidden';
/** ApplicationFailure types used for refusals and business failures. */
export const FAILURE_TYPES = {
  conflict: 'CaseConflict',
  rule: 'CaseRuleViolation',
  forbidden: 'CaseForbidden',
} as const satisfies Record<RefusalKind, string>;

/** Workflow ids come from the case id. */
export function workflowIdFor(caseId: string): string {
  return `rotation-${caseId}`;
}
