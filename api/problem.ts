// Errors as application/problem+json (RFC 9457). Handlers throw HttpProblem; anything else is
// answered here without leaking its message or stack.
import { STATUS_CODES } from 'node:http';
import { Refusal } from '../domain/rules';
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
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  toJSON(): Problem {
    return problem(this.status, this.message, this.errors);
  }
}

export function problem(status: number, detail: string, errors?: FieldError[]): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...(errors?.length ? { errors } : {}) };
}

/** 404 for an id in the path; with `field`, for an id named in the body. */
export function notFound(what: string, field?: string): HttpProblem {
  const detail = `no ${what} with this id`;
  return new HttpProblem(404, detail, field ? [{ path: field, message: detail }] : undefined);
}

export function forbidden(detail: string): HttpProblem {
  return new HttpProblem(403, detail);
}

export function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, detail);
}

export function ruleViolation(detail: string, path?: string): HttpProblem {
  return new HttpProblem(422, detail, path ? [{ path, message: detail }] : undefined);
}

/** Errors raised by express's body parser carry an HTTP status and a `type`. */
interface BodyParserError {
  status: number;
  type: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string' && typeof (err as BodyParserError).status === 'number';
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
  if (err instanceof Refusal) return problem(REFUSAL_STATUS[err.kind], err.message, err.path ? [{ path: err.path, message: err.message }] : undefined);
  const mapped = temporalProblem(err);
  if (mapped) return problem(mapped.status, mapped.detail, mapped.errors);
  if (isBodyParserError(err) && BODY_PARSER_DETAILS[err.type]) return problem(err.status, BODY_PARSER_DETAILS[err.type]);
  return problem(500, 'an unexpected error occurred');
}
