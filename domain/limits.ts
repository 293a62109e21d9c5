// How much a person may put into a case, in one place: the API's schemas refuse more (400), the
// domain's transitions refuse the counts (422), and together they bound a case's state, which
// Temporal carries in every Update result and every continue-as-new (it refuses payloads over
// 2 MB; the case is kept well under 256 KB). Lengths are in characters (UTF-16 code units).

/** Longest text of each kind of field. */
export const TEXT_LIMITS = {
  /** One-line names: a person's or a unit's full name, a qualification. */
  name: 300,
  /** Unit codes. */
  code: 50,
  /** Usernames people sign in with. */
  username: 100,
  /** E-mail addresses (the most SMTP carries). */
  email: 254,
  /** Position titles (`party_secretary`, ...). */
  position: 200,
  /** Numbers of decisions and references of payments. */
  reference: 100,
  /** Why something is done: a proposal's reason, a withdrawal, a termination, a continuation. */
  reason: 2000,
  /** Free notes of a step: a consultation, an appraisal, a support approval. */
  note: 2000,
  /** One concern raised at a consultation. */
  concernNote: 500,
  /** How an objection was resolved. */
  resolutionNote: 1000,
  /** A committee member's note with their ballot. */
  voteNote: 500,
  /** Aspirations and difficulties recorded at a review. */
  reviewText: 2000,
  /** An action agreed at a review. */
  followUpAction: 300,
  /** The note closing a follow-up. */
  followUpNote: 1000,
  /** What an evaluation of the cadre says. */
  evaluationText: 2000,
} as const;

/** Most items of each kind a case (or one of its steps) may hold. */
export const COUNT_LIMITS = {
  /** Concerns in one consultation answer. */
  concerns: 7,
  /** Appraisals that send the case back to consultation; after these only endorse or reject. */
  appraisalReturns: 3,
  /** Members of a Standing Committee. */
  committeeMembers: 30,
  /** Follow-ups agreed at one review. */
  followUpsPerReview: 5,
  /** Follow-ups over the whole term. */
  followUpsPerCase: 60,
  /** The term with every extension, in months. */
  totalTermMonths: 120,
  /** Posts a kind of unit has, and titles in one group of equivalents, in the national rules. */
  postsPerKind: 100,
  /** Evaluations over the whole term, yearly and closing. */
  evaluationsPerCase: 24,
} as const;

/** What a case's state and each Update result must stay under, in bytes of JSON. */
export const MAX_CASE_STATE_BYTES = 256 * 1024;
