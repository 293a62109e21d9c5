// Types shared by the workflows, activities and the API. Imports nothing at run time.
import type { WorkingCalendar } from './calendar';
import type { RuleException } from './national-rules';

export const TASK_QUEUE = 'cadre-rotation';

export const ROLES = ['admin', 'organizer', 'committee_member', 'secretary', 'finance', 'reviewer', 'cadre'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['province', 'district', 'commune'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** Mountain or remote (miền núi, vùng sâu, vùng xa, hải đảo) or any other area: sets distance thresholds of the support. */
export const UNIT_AREAS = ['mountain_remote', 'other'] as const;
export type UnitArea = (typeof UNIT_AREAS)[number];

export const CASE_STATUSES = ['consultation', 'appraisal', 'committee_vote', 'decision_pending', 'decided', 'active', 'completed', 'rejected', 'withdrawn', 'terminated'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ENDED_STATUSES: readonly CaseStatus[] = ['completed', 'rejected', 'withdrawn', 'terminated'];
/** Statuses in which the case may still be withdrawn (before the cadre takes up the post). */
export const WITHDRAWABLE_STATUSES: readonly CaseStatus[] = ['consultation', 'appraisal', 'committee_vote', 'decision_pending', 'decided'];

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
export const TASK_KINDS = [
  'consultation',
  'appraisal',
  'vote',
  'decision',
  'support_approval',
  'payment',
  'review',
  'term_end',
  'support_policy',
  'salary_raise',
  'follow_up',
  'continuation',
  'attention',
  'evaluation',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
/** The documents of a case's dossier (Nghị định 170, art. 35), and those that come later. */
export const DOCUMENT_KINDS = [
  'nomination_report',
  'step_minutes',
  'vote_minutes',
  'personal_record',
  'self_assessment',
  'evaluations_3y',
  'residence_comments',
  'political_conclusion',
  'asset_declaration',
  'health_certificate',
  'decision_scan',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Each kind of document by its Vietnamese name: the web app's labels and the refusals naming a missing one. */
export const DOCUMENT_KIND_NAMES: Readonly<Record<DocumentKind, string>> = {
  nomination_report: 'Tờ trình đề nghị',
  step_minutes: 'Biên bản các bước',
  vote_minutes: 'Biên bản biểu quyết',
  personal_record: 'Sơ yếu lý lịch',
  self_assessment: 'Bản tự kiểm điểm',
  evaluations_3y: 'Đánh giá 3 năm gần nhất',
  residence_comments: 'Nhận xét nơi cư trú',
  political_conclusion: 'Kết luận tiêu chuẩn chính trị',
  asset_declaration: 'Bản kê khai tài sản',
  health_certificate: 'Giấy chứng nhận sức khỏe',
  decision_scan: 'Bản chụp quyết định',
  other: 'Tài liệu khác',
};

/** Which documents a case's dossier must hold before its endorsement. */
export interface DossierRules {
  required: DocumentKind[];
  /** A document of these kinds counts only when issued within this many months (the health certificate: 6). */
  maxAgeMonths: Partial<Record<DocumentKind, number>>;
}

/** A document the case holds; its bytes are in the database, keyed by `id`. */
export interface DossierDocument {
  id: string;
  kind: DocumentKind;
  /** YYYY-MM-DD, as the document says; null when not given. */
  issuedAt: string | null;
  addedAt: string;
}

/** Who did something, as history shows it. */
export interface Actor {
  userId: string;
  username: string;
}

/**
 * For whom someone acted: the cadre's linked user when an organizer records the cadre's own
 * answer; `userId` null when no user is linked to the cadre, whose name `username` then holds.
 * Or the delegator, when a delegate acts by a delegation (`cadreId` theirs, null when unlinked).
 */
export interface OnBehalfOf {
  userId: string | null;
  username: string;
  cadreId: string | null;
}

/** What any step's input may carry besides its own fields. */
export interface DelegatedStep {
  /** The user the actor acts for by a delegation; the history entry names them as onBehalfOf. */
  delegator?: OnBehalfOf | null;
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

/** Who took part in the vote, and when: a secret ballot keeps no choice by its voter, only the tally. */
export interface Ballot {
  userId: string;
  at: string;
}

export interface Votes {
  for: number;
  against: number;
  abstain: number;
  /** Number of members of the deciding Standing Committee. */
  members: number;
  memberUserIds: string[];
  /** Members linked to the rotated cadre: members with no ballot. */
  recusedUserIds: string[];
  ballots: Ballot[];
  outcome: 'pending' | 'passed' | 'failed';
  /** When the deciding unit's secretary closed the vote after its deadline, missing ballots counting as not for. */
  closedAt: string | null;
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

export const REVIEW_RATINGS = ['excellent', 'good', 'completed', 'not_completed'] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];
export const REVIEW_STATUSES = ['upcoming', 'due', 'overdue', 'done'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const TERM_END_OUTCOMES = ['return', 'appoint', 'extend'] as const;
export type TermEndOutcome = (typeof TERM_END_OUTCOMES)[number];
export const CONTINUATION_DECISIONS = ['continue', 'terminate'] as const;
export type ContinuationDecision = (typeof CONTINUATION_DECISIONS)[number];

/**
 * One periodic review of an active case. The workflow keeps `status` at `upcoming` until the
 * review is escalated (`overdue`) or done; readers derive `due` from the time (reviewStatus).
 */
export interface CaseReview {
  seq: number;
  /** The start of the due day in Vietnam. */
  dueAt: string;
  status: ReviewStatus;
  rating?: ReviewRating;
  /** When the meeting was held, as the reviewer reports it. */
  heldAt?: string;
  /** When the review was recorded. */
  doneAt?: string;
  reviewedBy?: Actor;
  aspirations?: string;
  difficulties?: string;
  remindedAt?: string;
  escalatedAt?: string;
}

/** An action agreed at a review, owned by one user until they close it with a note. */
export interface FollowUp {
  /** `${reviewSeq}.${n}`, unique within the case. */
  id: string;
  reviewSeq: number;
  action: string;
  ownerUserId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  status: 'open' | 'closed';
  remindedAt: string | null;
  closedAt: string | null;
  closedBy: Actor | null;
  note: string | null;
}

export const EVALUATION_KINDS = ['yearly', 'self_review', 'receiving_unit', 'conclusion'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
/** The evaluations a term's end waits for: the cadre's self-review, the receiving unit's, the deciding level's conclusion. */
export const CLOSING_EVALUATION_KINDS = ['self_review', 'receiving_unit', 'conclusion'] as const satisfies readonly EvaluationKind[];
/** Hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ. */
export const EVALUATION_RATINGS = ['excellent', 'good', 'satisfactory', 'unsatisfactory'] as const;
export type EvaluationRating = (typeof EVALUATION_RATINGS)[number];

/** An evaluation of the rotated cadre: yearly by the deciding level, or one of the closing ones at the end of the term. */
export interface CaseEvaluation {
  kind: EvaluationKind;
  rating: EvaluationRating;
  /** What the evaluation says; it leaves the state the workflow keeps once recorded, and the case view shows it from the history. */
  text?: string;
  /** For a yearly evaluation: the year of the term it covers (1, 2, ...). */
  year?: number;
  recordedAt: string;
  recordedBy: Actor;
  /** The cadre, when an organizer writes the self-review on their behalf. */
  onBehalfOf?: OnBehalfOf;
}

/** How the term ended, or was extended, as the organizer decided it. */
export interface TermEndRecord {
  outcome: TermEndOutcome;
  /** For appoint: where the cadre now serves. */
  appointedTo: UnitPosition | null;
  extendMonths: number | null;
  at: string;
  by: Actor;
}

/**
 * Deadlines of the human steps, in days. Cases proposed since deadlines act count them in working
 * days on the Vietnamese calendar (`unit: 'working_days'`), with a reminder before each and an
 * escalation once it passes; older cases count calendar days and only mark tasks overdue. The
 * review timings are absent in cases proposed before reviews ran (7, 7, 3).
 */
export interface StepDeadlines {
  consultationDays: number;
  voteDays: number;
  /** Absent: calendar days, consultation and vote only, nobody reminded or escalated to. */
  unit?: 'working_days';
  appraisalDays?: number;
  decisionDays?: number;
  /** From the end of the term to the organizer's decision on it. */
  termEndDays?: number;
  /** From a review rated not_completed to the organizer's decision to continue or terminate. */
  continuationDays?: number;
  /** From the support's planning to finance's approval. */
  supportApprovalDays?: number;
  /** From the day a payment falls due to its payment. */
  paymentDays?: number;
  /** The step's owners are reminded this many working days before its deadline (0: no reminder). */
  reminderDays?: number;
  /** A review's reminder goes out this many days before its due date. */
  reviewReminderDays?: number;
  /** A review not done this many days after its due date is overdue and escalated. */
  reviewEscalationDays?: number;
  /** A follow-up's owner is reminded this many days before its due date. */
  followUpReminderDays?: number;
}

/** Who a step that passed its deadline goes to: the role over `unitId`, or over the units above it. */
export interface Escalation {
  role: Extract<Role, 'secretary' | 'organizer'>;
  unitId: string;
  /** Strictly above `unitId` (the organizers over the deciding unit, for a secretary's own step). */
  above: boolean;
}

/** The deadline of an open step of a case counted in working days, and what it has done so far. */
export interface StepDeadline {
  /** The step and its round, e.g. `consultation:2`, `vote`, `term_end:0`, `continuation:3`. */
  key: string;
  task: TaskKind;
  openedAt: string;
  /** The end (17:00 in Vietnam) of the last working day. */
  dueAt: string;
  /** When the owners are reminded; null when there is no reminder (none configured, or too short a step). */
  remindAt: string | null;
  remindedAt: string | null;
  /** When the deadline passed with the step not taken: the owners told again, the step escalated. */
  overdueAt: string | null;
  escalatedTo: Escalation | null;
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
  /** Home to the receiving unit; absent in cases proposed before relocation support. */
  distanceKm?: number | null;
  officialHousing?: boolean;
  /** The cadre's seat at home, kept while they are away. */
  retainedPosition: UnitPosition;
  proposedBy: Actor;
  proposedAt: string;
  deadlines: StepDeadlines;
  /** The lowest unit containing both the sending and the receiving unit; absent in older cases. */
  commonUnitId?: string;
  /** The working calendar from the proposal's year on, as the API read it; absent in older cases. */
  calendar?: WorkingCalendar;
  /** The national rules the competent level excepted this case from; absent in older cases. */
  exceptions?: RuleException[];
  /** The dossier rules in force at the proposal; absent in older cases, which require nothing. */
  dossierRules?: DossierRules;
}

/** Why a case waits for a person: a write that failed for good. */
export const ATTENTION_REASONS = ['position_retained', 'write_refused'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];
/** Why an organizer's attention task asks them to act: a case's attention, or a step no one holds the role to take. */
export const TASK_ATTENTION_REASONS = [...ATTENTION_REASONS, 'missing_role'] as const;
export type TaskAttentionReason = (typeof TASK_ATTENTION_REASONS)[number];

/** A write of the case (or of its support) that failed for good, until an organizer retries it or withdraws the case. */
export interface CaseAttention {
  reason: AttentionReason;
  since: string;
  /** Whose write failed: the case's own, or its support's. */
  source: 'case' | 'support';
  /** The step whose write failed, as history names it. */
  step: string;
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
  distanceKm: number | null;
  officialHousing: boolean;
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
  reviews: CaseReview[];
  nextReviewDueAt: string | null;
  /** The end of the term, counting extensions; known from activation. */
  termEndsAt: string | null;
  /** Months added at each `extend`, in order. */
  extensions: number[];
  /** Set when the term end has come and the organizer's decision is awaited. */
  termEndReachedAt: string | null;
  termEnd: TermEndRecord | null;
  followUps: FollowUp[];
  /** A review rated not_completed waits for the organizer to continue or terminate the rotation. */
  continuation: { reviewSeq: number; askedAt: string } | null;
  /** The yearly and closing evaluations recorded, in order. */
  evaluations: CaseEvaluation[];
  /** When the current human step is due (consultation, vote); null when none is waiting on a deadline. */
  stepDueAt: string | null;
  deadlines: StepDeadlines;
  /** The lowest unit containing both the sending and the receiving unit; null in older cases. */
  commonUnitId: string | null;
  /** The deadlines of the open steps, in working days; empty in cases that count calendar days. */
  stepDeadlines: StepDeadline[];
  activatedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  /** Set while the case waits for a person to resolve a write that failed for good. */
  attention: CaseAttention | null;
  /** The national rules the competent level excepted this case from, by recorded decision. */
  exceptions: RuleException[];
  /** The number of the competent level's decision ending the term early. */
  endDecisionNumber: string | null;
  /** The dossier rules the case keeps from its proposal. */
  dossierRules: DossierRules;
  /** The documents of the case, oldest first. */
  documents: DossierDocument[];
  /** Increases with every change, so an older projection never overwrites a newer one. */
  version: number;
}

/** One entry of the case's history. */
export interface CaseEventInput {
  seq: number;
  at: string;
  actor: Actor | null;
  /** Whom the actor acted for, when not for themself. */
  onBehalfOf?: OnBehalfOf | null;
  action: string;
  detail: Record<string, unknown>;
}

// ---- Update payloads (one object argument each) ----

export interface ConsultationInput {
  party: Party;
  outcome: ConsultationOutcome;
  concerns: Concern[];
  note: string;
  /** The cadre, when an organizer records the cadre's answer. */
  onBehalfOf?: OnBehalfOf | null;
  actor: Actor;
}

export interface AppraisalInput {
  outcome: AppraisalOutcome;
  note: string;
  resolutions: Resolution[];
  /** The deciding committee, resolved by the API from reference data (needed for `endorse`). */
  committee: { unitId: string; memberUserIds: string[]; recusedUserIds?: string[] } | null;
  actor: Actor;
}

export interface VoteInput {
  vote: VoteChoice;
  /** Accepted for older clients; a secret ballot records no note by its voter. */
  note?: string;
  /** The voter's own cadre id, if the voter is a cadre (recusal). */
  voterCadreId: string | null;
  actor: Actor;
}

/** The deciding unit's secretary closes the vote after its deadline. */
export interface VoteCloseInput {
  note?: string;
  actor: Actor;
}

export interface DecisionInput {
  decisionNumber: string;
  signedAt: string;
  effectiveDate: string;
  /** The case the receiving post is kept for, as the API found it; absent or null when none. */
  receivingPostRetainedFor?: string | null;
  actor: Actor;
}

export interface WithdrawInput {
  reason: string;
  actor: Actor;
}

export interface FollowUpInput {
  action: string;
  ownerUserId: string;
  /** YYYY-MM-DD */
  dueDate: string;
}

export interface ReviewInput {
  seq: number;
  heldAt: string;
  rating: ReviewRating;
  aspirations: string;
  difficulties: string;
  followUps: FollowUpInput[];
  actor: Actor;
}

export interface FollowUpCloseInput {
  followUpId: string;
  note: string;
  actor: Actor;
}

export interface ContinuationInput {
  decision: ContinuationDecision;
  reason: string;
  /** For terminate: the competent level's decision ending the term early; absent in steps taken before it was asked. */
  decisionNumber?: string;
  actor: Actor;
}

export interface TermEndDecisionInput {
  outcome: TermEndOutcome;
  position?: string | null;
  /** For appoint: the receiving unit (the default) or the cadre's home unit. */
  unitId?: string | null;
  extendMonths?: number | null;
  /** For appoint: the case the post appointed to is kept for, as the API found it; absent or null when none. */
  positionRetainedFor?: string | null;
  actor: Actor;
}

export interface EvaluationInput {
  kind: EvaluationKind;
  rating: EvaluationRating;
  text: string;
  /** The cadre, when an organizer writes the self-review. */
  onBehalfOf?: OnBehalfOf | null;
  actor: Actor;
}

export interface TerminateInput {
  reason: string;
  /** The competent level's decision ending the term early; absent in steps taken before it was asked. */
  decisionNumber?: string;
  actor: Actor;
}

/** The API stored a document of the case (its row is keyed, so the same notice may come again). */
export interface DocumentAddedInput {
  documentId: string;
  kind: DocumentKind;
  /** YYYY-MM-DD, or null. */
  issuedAt: string | null;
  actor: Actor;
}

/** An organizer runs the failed write of a case needing attention again, once its cause is gone. */
export interface RetryInput {
  actor: Actor;
}

/** Kinds of refusal a domain transition can raise; the API maps them to HTTP status codes. */
export type RefusalKind = 'conflict' | 'rule' | 'forbidden' | 'not_found';
/** ApplicationFailure types used for refusals and business failures. */
export const FAILURE_TYPES = {
  conflict: 'CaseConflict',
  rule: 'CaseRuleViolation',
  forbidden: 'CaseForbidden',
  not_found: 'CaseNotFound',
} as const satisfies Record<RefusalKind, string>;

/**
 * Failures of activities that no retry can fix: each is thrown non-retryable (by the activity, or
 * by the worker's classification of database errors) and named in the retry policy of every
 * activity. Anything else an activity throws is an infrastructure fault, retried with backoff.
 */
export const ACTIVITY_FAILURE_TYPES = {
  /** The post is kept for a cadre away on another rotation case. */
  positionRetained: 'PositionRetained',
  /** The case has no projection row to write to. */
  projectionMissing: 'CaseProjectionMissing',
  /** A settlement by appointment without the post appointed to. */
  invalidSettlement: 'InvalidSettlement',
  /** The database refused the data itself (encoding, range, a constraint): it would refuse it again. */
  databaseRefused: 'DatabaseRefused',
  deliveryMissing: 'DeliveryMissing',
  channelNotConfigured: 'ChannelNotConfigured',
  recipientMissing: 'RecipientMissing',
  noEmailAddress: 'NoEmailAddress',
  emailRejected: 'EmailRejected',
} as const;

/** Retries of every write: backing off to a minute apart, never for a failure that a retry cannot fix. */
export const WRITE_RETRY_POLICY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: Object.values(ACTIVITY_FAILURE_TYPES) as string[],
} as const;

/** Workflow ids come from the case id. */
export function workflowIdFor(caseId: string): string {
  return `rotation-${caseId}`;
}

/** The support workflow of a case, a child of the case's workflow. */
export function supportWorkflowIdFor(caseId: string): string {
  return `support-${caseId}`;
}

// ---- Relocation support ----

export const SUPPORT_COMPONENTS = ['one_time', 'monthly_supplement', 'housing_allowance', 'transport_allowance', 'early_salary_raise'] as const;
export type SupportComponent = (typeof SUPPORT_COMPONENTS)[number];
/** Every component but the early salary raise, a step up the salary scale granted by finance: not a payment. */
export const PAYMENT_COMPONENTS = ['one_time', 'monthly_supplement', 'housing_allowance', 'transport_allowance'] as const satisfies readonly SupportComponent[];
export type PaymentComponent = (typeof PAYMENT_COMPONENTS)[number];
export const SUPPORT_STATUSES = ['awaiting_approval', 'approved', 'no_policy', 'stopped'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];
export const PAYMENT_STATUSES = ['scheduled', 'due', 'paid', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface TransportTier {
  maxKm: number;
  monthlyVnd: number;
}

/**
 * A one-time amount for moves from a `from` unit to a `to` unit: only where the home lies at
 * least `minKm` and less than `maxKm` away, and only into a receiving unit of `area`, when given.
 */
export interface OneTimeByDirection {
  from: UnitKind;
  to: UnitKind;
  minKm?: number;
  maxKm?: number;
  area?: UnitArea;
  amountVnd: number;
}

/** The nearest a cadre's home may lie to the receiving unit, by its area, for official housing. */
export type OfficialHousingMinKm = Record<UnitArea, number>;

/** One version of the province's support policy; amounts in whole VND. */
export interface SupportPolicyTerms {
  version: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  /** Where no entry of `oneTimeByDirection` applies. */
  oneTimeVnd: number;
  /** Absent in versions saved before directions: `oneTimeVnd` for every move. */
  oneTimeByDirection?: OneTimeByDirection[];
  monthlySupplementVnd: number;
  housingAllowanceVnd: number;
  transportTiers: TransportTier[];
  earlySalaryRaise: boolean;
  /** The early raise waits for an evaluation rated excellent; absent (versions saved before it): it does not. */
  earlyRaiseRequiresExcellent?: boolean;
  /** Absent: the national thresholds, DEFAULT_OFFICIAL_HOUSING_MIN_KM. */
  officialHousingMinKm?: OfficialHousingMinKm;
}

/** The units a rotation moves between, as the support reads them. */
export interface SupportRoute {
  fromKind: UnitKind;
  toKind: UnitKind;
  /** The receiving unit's area. */
  toArea: UnitArea;
}

/** What the support reads of an evaluation of the rotated cadre. */
export type RatedEvaluation = Pick<CaseEvaluation, 'kind' | 'rating'>;

export interface Entitlement {
  component: SupportComponent;
  amountVnd: number;
  periods: number;
  totalVnd: number;
  policyVersion: number;
  /** YYYY-MM-DD; for the early salary raise, the day it is due. */
  dueDate?: string;
  /** The early salary raise is recorded only after an evaluation rated excellent (the policy's term when decided). */
  requiresExcellent?: boolean;
}

export interface ScheduledPayment {
  component: PaymentComponent;
  /** 0 for the one-time support, 1.. for the months of the term. */
  period: number;
  /** YYYY-MM-DD, a calendar day in Vietnam. */
  dueDate: string;
  amountVnd: number;
}

export interface SupportPayment extends ScheduledPayment {
  /** `${caseId}:${component}:${period}`: the same payment always has the same key. */
  id: string;
  status: PaymentStatus;
  paidAt: string | null;
  reference: string | null;
  /** User id of whoever recorded the payment. */
  paidBy: string | null;
}

export interface SalaryRaise {
  /** YYYY-MM-DD, one year before the cadre's next scheduled raise. */
  dueDate: string;
  raisedAt: string | null;
  reference: string | null;
  raisedBy: string | null;
}

/** What the support workflow is started with, once the decision is signed. */
export interface SupportInput {
  caseId: string;
  cadreId: string;
  signedAt: string;
  effectiveDate: string;
  termMonths: number;
  distanceKm: number | null;
  officialHousing: boolean;
  /** Absent in supports of cases that count calendar days: no deadline reminds or escalates. */
  deadlines?: SupportDeadlines;
}

/** The deadlines of a support, in working days, and who is told about them. */
export interface SupportDeadlines {
  approvalDays: number;
  paymentDays: number;
  reminderDays: number;
  /** Finance over these units approves and pays: they are reminded and told. */
  financeUnitIds: string[];
  /** The receiving unit, which the notifications name. */
  toUnitId: string;
  /** A step past its deadline goes to the secretaries of this unit (the deciding one). */
  escalationUnitId: string;
  /** The working calendar the case last read. */
  calendar: WorkingCalendar;
}

/** The support as planned from the policy in force on the signing date, and as stored. */
export interface SupportPlan {
  status: Extract<SupportStatus, 'awaiting_approval' | 'no_policy'>;
  policyVersion: number | null;
  entitlements: Entitlement[];
  payments: ScheduledPayment[];
}

/** Where a case's support stands: held by the support workflow, written to CaseSupport and SupportPayment. */
export interface SupportState {
  caseId: string;
  status: SupportStatus;
  policyVersion: number | null;
  entitlements: Entitlement[];
  payments: SupportPayment[];
  salaryRaise: SalaryRaise | null;
  /** YYYY-MM-DD */
  effectiveDate: string;
  termMonths: number;
  approvedAt: string | null;
  approvedBy: string | null;
  stoppedAt: string | null;
  /**
   * The case completed its term: nothing is cancelled, the payments owed are still approved and
   * paid, and the support ends once they are. Absent in supports started before terms ended.
   */
  caseCompletedAt?: string | null;
  /** The deadlines of the approval and of each payment due, in working days; absent in supports counting none. */
  deadlines?: StepDeadline[];
}

export interface SupportApprovalInput {
  note: string;
  actor: Actor;
}

export interface PaymentPaidInput {
  paymentId: string;
  paidAt: string;
  reference: string;
  actor: Actor;
}

export interface SalaryRaiseInput {
  raisedAt: string;
  reference: string;
  actor: Actor;
  /** The case's evaluations when the raise is recorded (absent in older histories: none). */
  evaluations?: RatedEvaluation[];
}

/** The case ended early (withdrawal, termination): no further payment becomes due. */
export interface SupportStopInput {
  at: string;
  reason: string;
}

/** The case completed its term (return or appointment). */
export interface SupportCaseCompletedInput {
  at: string;
}

/** The term was extended: the monthly components continue for the extra months. */
export interface SupportExtensionInput {
  months: number;
}

/** A change of the support, as the activity writes it; each one idempotent on its own. */
export type SupportChange =
  | { kind: 'approved'; approvedAt: string; approvedBy: string; note: string; duePaymentIds: string[] }
  | { kind: 'due'; paymentIds: string[] }
  | { kind: 'paid'; paymentId: string; paidAt: string; reference: string; paidBy: string }
  | { kind: 'salary_raised'; raisedAt: string; reference: string; raisedBy: string }
  | { kind: 'stopped'; stoppedAt: string; duePaymentIds: string[]; cancelledPaymentIds: string[] }
  | { kind: 'extended'; entitlements: Entitlement[]; payments: ScheduledPayment[] }
  | { kind: 'deadlines'; deadlines: StepDeadline[] };
