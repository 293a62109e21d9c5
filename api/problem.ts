// Errors as application/problem+json (RFC 9457). Handlers throw HttpProblem; anything else is
// answered here without leaking its message or stack.
import { STATUS_CODES } from 'node:http';
import { Refusal } from '../domain/refusal';
import { isDatabaseUnavailable } from '../store/prisma-errors';
import { REFUSAL_STATUS, temporalProblem } from './temporal-errors';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** The rule that refuses it, where it has a name. */
  rule?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Retry-After of every 503: Temporal or the database did not answer in time, and may soon. */
export const RETRY_UNAVAILABLE_AFTER_SECONDS = 5;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors?: FieldError[],
    readonly rule?: string,
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  toJSON(): Problem {
    return problem(this.status, this.message, this.errors, this.rule);
  }
}

export function problem(status: number, detail: string, errors?: FieldError[], rule?: string): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...(errors?.length ? { errors } : {}), ...(rule ? { rule } : {}) };
}

/** The problem a domain refusal answers, whether the API or a workflow raised it. */
export function refusalProblem(refusal: Refusal): HttpProblem {
  return new HttpProblem(REFUSAL_STATUS[refusal.kind], refusal.message, refusal.path ? [{ path: refusal.path, message: refusal.message }] : undefined, refusal.rule);
}

/** 404 for an id in the path; with `field`, for an id named in the body. */
export function notFound(what: string, field?: string): HttpProblem {
  const detail = `no ${what} with this id`;
  return new HttpProblem(404, detail, field ? [{ path: field, message: detail }] : undefined);
}

export function forbidden(detail: string, rule?: string): HttpProblem {
  return new HttpProblem(403, detail, undefined, rule);
}

export function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, detail);
}

export function ruleViolation(detail: string, path?: string, rule?: string): HttpProblem {
  return new HttpProblem(422, detail, path ? [{ path, message: detail }] : undefined, rule);
}

/** Errors raised by express's body parser and router carry the 4xx status they call for; the parser's also a `type`. */
interface RequestReadError {
  status: number;
  type?: string;
}

function isRequestReadError(err: unknown): err is RequestReadError {
  const status = typeof err === 'object' && err !== null ? (err as RequestReadError).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const BODY_PARSER_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'the request body is not valid JSON',
  'entity.too.large': 'the request body is too large',
  'encoding.unsupported': 'the request body has an unsupported encoding',
  'charset.unsupported': 'the request body has an unsupported charset',
};

/** The problem to answer for any error; a status of 500 or more is the server's to log. */
export function toProblem(err: unknown): Problem {
  if (err instanceof HttpProblem) return err.toJSON();
  if (err instanceof Refusal) return refusalProblem(err).toJSON();
  const mapped = temporalProblem(err);
  if (mapped) return problem(mapped.status, mapped.detail, mapped.errors, mapped.rule);
  if (isDatabaseUnavailable(err)) return problem(503, 'the database did not answer in time; try again');
  if (isRequestReadError(err)) {
    const detail = err instanceof URIError ? 'the path is not valid percent-encoded UTF-8' : (BODY_PARSER_DETAILS[err.type ?? ''] ?? 'the request could not be read');
    return problem(err.status, detail);
  }
  return problem(500, 'an unexpected error occurred');
}
