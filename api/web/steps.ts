// The steps of a case taken from its page: the form's fields become the body of the same /v1
// endpoint the API serves, parsed by its schema and handled by its handler (the same Update,
// the same refusals). A refusal comes back as the API's problem, to show by its field.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { PARTIES } from '../../domain/types';
import type { AppDeps } from '../deps';
import type { Endpoint } from '../endpoint';
import { type Problem, toProblem } from '../problem';
import { caseActionEndpoints } from '../routes/case-actions';
import { documentEndpoints } from '../routes/documents';
import { checkBodyMediaType } from '../content-type';
import { type Upload, readUpload } from '../upload';
import { CsrfRefused } from './session';
import type { Principal } from '../scope';
import { checkRequest, requestProblem } from '../validate';
import type { Language } from '../../domain/refusal-texts';

/** The steps sent as a plain form. */
export type CaseStep = 'consultations' | 'votes' | 'appraisal' | 'decision';
/** Every step a case page takes, the dossier's upload included. */
export type WebStep = CaseStep | 'documents';

/** The field of an appraisal form holding the resolution of one party's concerns. */
export const resolutionField = (party: string): string => `resolution-${party}`;

/** The hidden field that makes a form sent twice one step (the Update's id). */
export const STEP_KEY_FIELD = 'step-key';

export const newStepKey = (): string => randomUUID();

function endpointOf(step: CaseStep): Endpoint {
  const found = caseActionEndpoints.find((e) => e.method === 'post' && e.path === `/v1/rotations/:id/${step}`);
  if (!found) throw new Error(`no endpoint for the step ${step}`);
  return found;
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The endpoint's body from the form's fields. */
function bodyOf(step: CaseStep, form: Record<string, unknown>): Record<string, unknown> {
  if (step === 'votes') return { vote: textOf(form.vote), note: textOf(form.note) };
  if (step === 'decision') return { decisionNumber: textOf(form.decisionNumber), signedAt: textOf(form.signedAt), effectiveDate: textOf(form.effectiveDate) };
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

/** Takes the step as the API would; null when it was taken, the refusal (in `lang`) otherwise (a server fault is thrown). */
export async function takeStep(deps: AppDeps, user: Principal, caseId: string, step: CaseStep, req: Request, lang: Language): Promise<Problem | null> {
  const form = (req.body ?? {}) as Record<string, unknown>;
  return runEndpoint(deps, user, endpointOf(step), { params: { id: caseId }, query: {}, body: bodyOf(step, form) }, form, null, lang);
}

const uploadEndpoint = documentEndpoints.find((e) => e.method === 'post' && e.path === '/v1/rotations/:id/documents')!;

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
  request: unknown,
  form: Record<string, unknown>,
  upload: Upload | null,
  lang: Language,
): Promise<Problem | null> {
  const parsed = checkRequest(ep.request, request);
  if (!parsed.success) return requestProblem(parsed.error).inLanguage(lang);
  const key = textOf(form[STEP_KEY_FIELD]);
  try {
    await ep.handle(parsed.data, { user, deps, idempotencyKey: key && key.length <= 100 ? `web:${key}` : null, upload });
    return null;
  } catch (err) {
    return refusalOf(err, lang);
  }
}

/** A refusal as the API would answer it, in `lang`; a server fault is thrown on. */
function refusalOf(err: unknown, lang: Language): Problem {
  const problem = toProblem(err, lang);
  if (problem.status >= 500) throw err;
  return problem;
}
