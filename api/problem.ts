// Errors as application/problem+json (RFC 9457). Handlers throw HttpProblem; anything else is
// answered here without leaking its message or stack.
import { STATUS_CODES } from 'node:http';
import { Refusal } from '../domain/refusal';
import { type Language, type PlainRefusalCode, type Thing, type Wording, catalogued, inLanguage, refusalText } from '../domain/refusal-texts';
import { isDatabaseUnavailable } from '../store/prisma-errors';
import { REFUSAL_STATUS, temporalProblem } from './temporal-errors';

export interface FieldError {
  path: string;
  message: string;
}

/** A field error as raised: its message in each language it has. */
export interface FieldRefusal {
  path: string;
  message: Wording;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  /** In the language of the request (the JSON API's Accept-Language, the web app's session). */
  detail: string;
  errors?: FieldError[];
  /** The rule that refuses it, where it has a name. */
  rule?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Retry-After of every 503: Temporal or the database did not answer in time, and may soon. */
export const RETRY_UNAVAILABLE_AFTER_SECONDS = 5;

export class HttpProblem extends Error {
  /** The detail in each language it has; `message` is its English. */
  readonly detail: Wording;

  constructor(
    readonly status: number,
    detail: Wording,
    readonly errors?: FieldRefusal[],
    readonly rule?: string,
  ) {
    super(detail.en);
    this.name = 'HttpProblem';
    this.detail = detail;
  }

  /** The problem as answered in `lang`. */
  inLanguage(lang: Language): Problem {
    return problem(this.status, this.detail, this.errors, this.rule, lang);
  }

  toJSON(): Problem {
    return this.inLanguage('en');
  }
}

export function problem(status: number, detail: string | Wording, errors?: readonly (FieldRefusal | FieldError)[], rule?: string, lang: Language = 'en'): Problem {
  const fields = errors?.map((e) => ({ path: e.path, message: inLanguage(e.message, lang) }));
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: inLanguage(detail, lang),
    ...(fields?.length ? { errors: fields } : {}),
    ...(rule ? { rule } : {}),
  };
}

/** The problem a domain refusal answers, whether the API or a workflow raised it. */
export function refusalProblem(refusal: Refusal): HttpProblem {
  return new HttpProblem(REFUSAL_STATUS[refusal.kind], refusal.wording, refusal.path ? [{ path: refusal.path, message: refusal.wording }] : undefined, refusal.rule);
}

/** A problem already answered in the request's language (by an endpoint a page called), thrown on as it was. */
export function answered(given: Problem): HttpProblem {
  return new HttpProblem(
    given.status,
    catalogued(given.detail, given.detail),
    given.errors?.map((e) => ({ path: e.path, message: catalogued(e.message, e.message) })),
    given.rule,
  );
}

/** 404 for an id in the path; with `field`, for an id named in the body. */
export function notFound(what: Thing, field?: string): HttpProblem {
  const detail = refusalText('not_found', { what });
  return new HttpProblem(404, detail, field ? [{ path: field, message: detail }] : undefined);
}

export function forbidden(detail: Wording, rule?: string): HttpProblem {
  return new HttpProblem(403, detail, undefined, rule);
}

export function conflict(detail: Wording): HttpProblem {
  return new HttpProblem(409, detail);
}

export function ruleViolation(detail: Wording, path?: string, rule?: string): HttpProblem {
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

const BODY_PARSER_DETAILS: Record<string, PlainRefusalCode> = {
  'entity.parse.failed': 'body_not_json',
  'entity.too.large': 'body_too_large',
  'encoding.unsupported': 'body_encoding',
  'charset.unsupported': 'body_charset',
};

/** The problem to answer for any error, its texts in `lang`; a status of 500 or more is the server's to log. */
export function toProblem(err: unknown, lang: Language = 'en'): Problem {
  if (err instanceof HttpProblem) return err.inLanguage(lang);
  if (err instanceof Refusal) return refusalProblem(err).inLanguage(lang);
  const mapped = temporalProblem(err, lang);
  if (mapped) return problem(mapped.status, mapped.detail, mapped.errors, mapped.rule);
  if (isDatabaseUnavailable(err)) return problem(503, refusalText('database_unavailable'), undefined, undefined, lang);
  if (isRequestReadError(err)) {
    const code = err instanceof URIError ? 'path_not_utf8' : (BODY_PARSER_DETAILS[err.type ?? ''] ?? 'request_unreadable');
    return problem(err.status, refusalText(code), undefined, undefined, lang);
  }
  return problem(500, refusalText('unexpected'), undefined, undefined, lang);
}
