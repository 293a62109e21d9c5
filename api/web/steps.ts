// The steps of a case taken from its page: the form's fields become the body of the same /v1
// endpoint the API serves, parsed by its schema and handled by its handler (the same Update,
// the same refusals). A refusal comes back as the API's problem, to show by its field.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { PARTIES } from '../../domain/types';
import type { AppDeps } from '../deps';
import type { Endpoint } from '../endpoint';
import type { Problem } from '../problem';
import { caseActionEndpoints } from '../routes/case-actions';
import { documentEndpoints } from '../routes/documents';
import { supportEndpoints } from '../routes/support';
import { checkBodyMediaType } from '../content-type';
import { type Upload, readUpload } from '../upload';
import { CsrfRefused } from './session';
import type { Principal } from '../scope';
import { callEndpoint, endpointIn, refusalOf } from './endpoint-form';
import type { Language } from '../../domain/refusal-texts';

/** The steps sent as a plain form: each the path of its endpoint below /v1/rotations/:id/. */
export type CaseStep =
  | 'consultations'
  | 'votes'
  | 'appraisal'
  | 'decision'
  | 'vote/close'
  | 'withdraw'
  | 'reviews'
  | 'follow-ups/:followUpId/close'
  | 'continuation'
  | 'term-end'
  | 'evaluations'
  | 'terminate'
  | 'retry'
  | 'support/approve'
  | 'support/payments/:paymentId/paid'
  | 'support/salary-raise';
/** Every step a case page takes, the dossier's upload included. */
export type WebStep = CaseStep | 'documents';

/** The field of an appraisal form holding the resolution of one party's concerns. */
export const resolutionField = (party: string): string => `resolution-${party}`;

/** The field of a review form holding one follow-up's `part` (action, owner, due) in row `row`. */
export const followUpField = (row: number, part: 'action' | 'owner' | 'due'): string => `followUp-${row}-${part}`;

/** The follow-up rows a review form offers; a row left blank is none. */
export const FOLLOW_UP_ROWS = 2;

/** The hidden field that makes a form sent twice one step (the Update's id). */
export const STEP_KEY_FIELD = 'step-key';

export const newStepKey = (): string => randomUUID();

const endpointOf = (step: CaseStep): Endpoint => endpointIn([...caseActionEndpoints, ...supportEndpoints], 'post', `/v1/rotations/:id/${step}`);

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A whole number typed in a form as a number; anything else as typed, for the schema to refuse by its field. */
const numberOf = (value: unknown): number | string | undefined => {
  const typed = textOf(value);
  return typed !== undefined && /^\s*\d{1,6}\s*$/.test(typed) ? Number(typed) : typed;
};

/** The rows of a review form sent as follow-ups: those with an action or a due date (an owner alone is the list's default). */
export function followUpRowsSent(form: Record<string, unknown>): number[] {
  return Array.from({ length: FOLLOW_UP_ROWS }, (_, row) => row).filter(
    (row) => textOf(form[followUpField(row, 'action')]) !== undefined || textOf(form[followUpField(row, 'due')]) !== undefined,
  );
}

/** The follow-ups of a review form, as they were filled in. */
function followUpsOf(form: Record<string, unknown>): Record<string, unknown>[] {
  return followUpRowsSent(form).map((row) => ({
    action: textOf(form[followUpField(row, 'action')]),
    ownerUserId: textOf(form[followUpField(row, 'owner')]),
    dueDate: textOf(form[followUpField(row, 'due')]),
  }));
}

/** The bodies of the steps whose fields are the body's own, as text. */
const PLAIN_FIELDS: Partial<Record<CaseStep, readonly string[]>> = {
  votes: ['vote', 'note'],
  decision: ['decisionNumber', 'signedAt', 'effectiveDate'],
  'vote/close': ['note'],
  withdraw: ['reason'],
  'follow-ups/:followUpId/close': ['note'],
  continuation: ['decision', 'reason', 'decisionNumber'],
  evaluations: ['kind', 'rating', 'text'],
  terminate: ['reason', 'decisionNumber'],
  retry: [],
  'support/approve': ['note'],
  'support/payments/:paymentId/paid': ['paidAt', 'reference'],
  'support/salary-raise': ['raisedAt', 'reference'],
};

/** The endpoint's body from the form's fields. */
function bodyOf(step: CaseStep, form: Record<string, unknown>): Record<string, unknown> {
  const plain = PLAIN_FIELDS[step];
  if (plain) return Object.fromEntries(plain.map((name) => [name, textOf(form[name])]));
  if (step === 'reviews') {
    return {
      seq: numberOf(form.seq),
      heldAt: textOf(form.heldAt),
      rating: textOf(form.rating),
      aspirations: textOf(form.aspirations),
      difficulties: textOf(form.difficulties),
      followUps: followUpsOf(form),
    };
  }
  if (step === 'term-end') {
    const outcome = textOf(form.outcome);
    // Only what the chosen outcome takes: the other fields of the form may be filled in from before.
    return {
      outcome,
      ...(outcome === 'appoint' ? { position: textOf(form.position), unitId: textOf(form.unitId) } : {}),
      ...(outcome === 'extend' ? { extendMonths: numberOf(form.extendMonths) } : {}),
    };
  }
  if (step === 'appraisal') {
    // A party's concerns are resolved by the note written for it; a party left blank is not.
    const resolutions = PARTIES.flatMap((party) => {
      const note = textOf(form[resolutionField(party)]);
      return note ? [{ party, note }] : [];
    });
    return { outcome: textOf(form.outcome), note: textOf(form.note), resolutions };
  }
  const concernType = textOf(form.concernType);
  return {
    party: textOf(form.party),
    outcome: textOf(form.outcome),
    concerns: concernType ? [{ type: concernType, note: textOf(form.concernNote) ?? '' }] : [],
    note: textOf(form.note) ?? '',
  };
}

/**
 * Takes the step as the API would, the page's path parameters (a follow-up's, a payment's) as the
 * endpoint's; null when it was taken, the refusal (in `lang`) otherwise (a server fault is thrown).
 */
export async function takeStep(deps: AppDeps, user: Principal, caseId: string, step: CaseStep, req: Request, lang: Language): Promise<Problem | null> {
  const form = (req.body ?? {}) as Record<string, unknown>;
  // A parameter the page's path does not carry (the follow-up, the payment) comes from the form's field of its name.
  const named = [...step.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const params = { ...Object.fromEntries(named.map((name) => [name, textOf(form[name]) ?? ''])), ...(req.params as Record<string, string>), id: caseId };
  return runEndpoint(deps, user, endpointOf(step), { params, query: {}, body: bodyOf(step, form) }, form, null, lang);
}

const uploadEndpoint = endpointIn(documentEndpoints, 'post', '/v1/rotations/:id/documents');

/**
 * Files a document from the case page's multipart form, through the upload handling and the
 * handler of POST /v1/rotations/:id/documents. The form's fields are read first (into memory, in
 * the upload's limits; nothing is stored), then `csrfHolds` checks the token of its hidden field
 * against the session: only then is anything stored. A form that cannot be read is refused
 * without the check, as it changes nothing.
 */
export async function fileDocument(deps: AppDeps, user: Principal, caseId: string, req: Request, csrfHolds: () => boolean, lang: Language): Promise<Problem | null> {
  let upload: Upload;
  try {
    checkBodyMediaType(req, uploadEndpoint.bodyMediaTypes!);
    upload = await readUpload(req, uploadEndpoint.upload!);
  } catch (err) {
    return refusalOf(err, lang);
  }
  if (!csrfHolds()) throw new CsrfRefused('the form was sent without its CSRF token');
  const form = (req.body ?? {}) as Record<string, unknown>;
  const body = { kind: textOf(form.kind), number: textOf(form.number), issuedAt: textOf(form.issuedAt) };
  return runEndpoint(deps, user, uploadEndpoint, { params: { id: caseId }, query: {}, body }, form, upload, lang);
}

async function runEndpoint(
  deps: AppDeps,
  user: Principal,
  ep: Endpoint,
  request: Parameters<typeof callEndpoint>[3],
  form: Record<string, unknown>,
  upload: Upload | null,
  lang: Language,
): Promise<Problem | null> {
  const key = textOf(form[STEP_KEY_FIELD]);
  const outcome = await callEndpoint(deps, user, ep, request, { idempotencyKey: key && key.length <= 100 ? `web:${key}` : null, upload, lang });
  return outcome.ok ? null : outcome.problem;
}
