// A page's form sent to a /v1 endpoint: its request parsed by the endpoint's schema and handled by
// its handler with the signed-in user, as the API would. A refusal comes back as the API's
// problem, for the page to show by its field; a server fault is thrown on.
import type { AppDeps } from '../deps';
import type { Endpoint } from '../endpoint';
import { type Problem, toProblem } from '../problem';
import type { Principal } from '../scope';
import type { Upload } from '../upload';
import { requestProblem } from '../validate';

export type EndpointOutcome = { answer: unknown } | { problem: Problem };

/** The endpoint of `method` and `path` among `endpoints`; a missing one is a programming error. */
export function endpointAt(endpoints: readonly Endpoint[], method: Endpoint['method'], path: string): Endpoint {
  const found = endpoints.find((e) => e.method === method && e.path === path);
  if (!found) throw new Error(`no endpoint ${method.toUpperCase()} ${path}`);
  return found;
}

export async function callEndpoint(
  deps: AppDeps,
  user: Principal,
  ep: Endpoint,
  request: unknown,
  options: { idempotencyKey?: string | null; upload?: Upload | null } = {},
): Promise<EndpointOutcome> {
  const parsed = ep.request.safeParse(request);
  if (!parsed.success) return { problem: requestProblem(parsed.error).toJSON() };
  try {
    return { answer: await ep.handle(parsed.data, { user, deps, idempotencyKey: options.idempotencyKey ?? null, upload: options.upload ?? null }) };
  } catch (err) {
    return { problem: refusalOf(err) };
  }
}

/** A refusal as the API would answer it; a server fault is thrown on. */
export function refusalOf(err: unknown): Problem {
  const problem = toProblem(err);
  if (problem.status >= 500) throw err;
  return problem;
}

/** The messages a refusal gives for a field (its path or one below it), joined; none: undefined. */
export function errorFor(problem: Problem | undefined, field: string): string | undefined {
  const named = (problem?.errors ?? []).filter((e) => e.path === field || e.path.startsWith(`${field}.`)).map((e) => e.message);
  return named.length ? named.join('; ') : undefined;
}
