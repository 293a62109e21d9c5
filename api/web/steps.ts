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
import type { Principal } from '../scope';
import { requestProblem } from '../validate';

export type WebStep = 'consultations' | 'votes' | 'appraisal' | 'decision';

/** The field of an appraisal form holding the resolution of one party's concerns. */
export const resolutionField = (party: string): string => `resolution-${party}`;

/** The hidden field that makes a form sent twice one step (the Update's id). */
export const STEP_KEY_FIELD = 'step-key';

export const newStepKey = (): string => randomUUID();

function endpointOf(step: WebStep): Endpoint {
  const found = caseActionEndpoints.find((e) => e.method === 'post' && e.path === `/v1/rotations/:id/${step}`);
  if (!found) throw new Error(`no endpoint for the step ${step}`);
  return found;
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The endpoint's body from the form's fields. */
function bodyOf(step: WebStep, form: Record<string, unknown>): Record<string, unknown> {
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

/** Takes the step as the API would; null when it was taken, the refusal otherwise (a server fault is thrown). */
export async function takeStep(deps: AppDeps, user: Principal, caseId: string, step: WebStep, req: Request): Promise<Problem | null> {
  const ep = endpointOf(step);
  const form = (req.body ?? {}) as Record<string, unknown>;
  const parsed = ep.request.safeParse({ params: { id: caseId }, query: {}, body: bodyOf(step, form) });
  if (!parsed.success) return requestProblem(parsed.error).toJSON();
  const key = textOf(form[STEP_KEY_FIELD]);
  try {
    await ep.handle(parsed.data, { user, deps, idempotencyKey: key && key.length <= 100 ? `web:${key}` : null, upload: null });
    return null;
  } catch (err) {
    const problem = toProblem(err);
    if (problem.status >= 500) throw err;
    return problem;
  }
}
