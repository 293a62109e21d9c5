// A page's form sent through a /v1 endpoint's own code: the request parsed by the endpoint's schema,
// then its handler called with the signed-in user. A refusal comes back as the API's problem, to
// show by its field; a server fault is thrown on.
import type { AppDeps } from '../deps';
import type { Endpoint } from '../endpoint';
import { type Problem, toProblem } from '../problem';
import type { Principal } from '../scope';
import type { Upload } from '../upload';
import { checkRequest, requestProblem } from '../validate';
import type { Language } from '../../domain/refusal-texts';

export type EndpointOutcome = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** The endpoint of `method` `path` among `endpoints`; a missing one is a programming error. */
export function endpointIn(endpoints: readonly Endpoint[], method: Endpoint['method'], path: string): Endpoint {
  const found = endpoints.find((e) => e.method === method && e.path === path);
  if (!found) throw new Error(`no endpoint ${method.toUpperCase()} ${path}`);
  return found;
}

/** Runs the endpoint as the API would for `user`: its answer, or its refusal. */
export async function callEndpoint(
  deps: AppDeps,
  user: Principal,
  ep: Endpoint,
  request: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown },
  options: { idempotencyKey?: string | null; upload?: Upload | null; lang: Language },
): Promise<EndpointOutcome> {
  const parsed = checkRequest(ep.request, { params: {}, query: {}, ...request });
  if (!parsed.success) return { ok: false, problem: requestProblem(parsed.error).inLanguage(options.lang) };
  try {
    const value = await ep.handle(parsed.data, { user, deps, idempotencyKey: options.idempotencyKey ?? null, upload: options.upload ?? null });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, problem: refusalOf(err, options.lang) };
  }
}

/** A refusal as the API would answer it, in `lang`; a server fault is thrown on. */
export function refusalOf(err: unknown, lang: Language): Problem {
  const problem = toProblem(err, lang);
  if (problem.status >= 500) throw err;
  return problem;
}

/** The refusal's messages for a field (its path or one below it). */
export function errorFor(problem: Problem | undefined, field: string): string | undefined {
  const named = (problem?.errors ?? []).filter((e) => e.path === field || e.path.startsWith(`${field}.`)).map((e) => e.message);
  return named.length ? named.join('; ') : undefined;
}
