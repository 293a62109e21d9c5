// One zod schema per route over {params, query, body}: a request that does not fit is a 400
// naming each field; one that fits reaches its handler already parsed. An id of a shape this
// service never gives out is answered here as an unknown one would be, without a lookup.
import type { Request } from 'express';
import { z } from 'zod';
import { type Wording, refusalText } from '../domain/refusal-texts';
import { type FieldRefusal, HttpProblem } from './problem';
import { DATE_INVALID, UNKNOWN_ID, type UnknownId, VI_MESSAGE } from './schemas';

/** A route's request: `z.object({ params?, query?, body? })`. */
export type RequestSchema = z.ZodObject;

export function parseRequest<S extends RequestSchema>(schema: S, req: Request): z.output<S> {
  const result = checkRequest(schema, { params: req.params, query: req.query, body: req.body });
  if (!result.success) throw requestProblem(result.error);
  return result.data;
}

/** The schema's verdict on a request; its issues keep the input, so zod's own messages can be given in another language. */
export function checkRequest<S extends RequestSchema>(schema: S, request: unknown): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(request, { reportInput: true });
}

/**
 * Why a request does not fit: an id in the path that names nothing makes the whole URL name
 * nothing (404); otherwise invalid fields are a 400; and ids in the body or query that name
 * nothing are what an unknown one is (404, or 422 for a record's owner), naming the fields.
 */
export function requestProblem(error: z.ZodError): HttpProblem {
  const unknownIds = error.issues.filter((issue) => unknownIdOf(issue) !== undefined);
  const inPath = unknownIds.find((issue) => issue.path[0] === 'params');
  if (inPath) return new HttpProblem(unknownIdOf(inPath)!.status, issueWording(inPath));
  const invalid = error.issues.filter((issue) => unknownIdOf(issue) === undefined);
  if (invalid.length) return new HttpProblem(400, refusalText('request_invalid'), fieldErrors(invalid));
  return new HttpProblem(unknownIdOf(unknownIds[0])!.status, issueWording(unknownIds[0]), fieldErrors(unknownIds));
}

const ZOD_EN = z.locales.en().localeError;
const ZOD_VI = z.locales.vi().localeError;

/**
 * An issue's message in each language: zod's own messages from its locales, an unknown id's and a
 * date's from the refusal texts; any other message a schema gives stays English.
 */
export function issueWording(issue: z.core.$ZodIssue): Wording {
  const unknown = unknownIdOf(issue);
  if (unknown) return refusalText('not_found', { what: unknown.what });
  const vi = issue.code === 'custom' ? issue.params?.[VI_MESSAGE] : undefined;
  if (typeof vi === 'string') return { en: issue.message, vi };
  if (issue.message === DATE_INVALID.en) return DATE_INVALID;
  if (issue.message !== localeMessage(ZOD_EN, issue)) return { en: issue.message };
  return { en: issue.message, vi: localeMessage(ZOD_VI, issue) };
}

function localeMessage(locale: z.core.$ZodErrorMap, issue: z.core.$ZodIssue): string | undefined {
  const said = locale(issue as z.core.$ZodRawIssue);
  return typeof said === 'string' ? said : said?.message;
}

function unknownIdOf(issue: z.core.$ZodIssue): UnknownId | undefined {
  return issue.code === 'custom' ? (issue.params?.[UNKNOWN_ID] as UnknownId | undefined) : undefined;
}

/** Paths name the field as the client sent it ("termMonths", "concerns.0.type"), without the request part. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldRefusal[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    return { path: (path.length > 1 ? path.slice(1) : path).join('.'), message: issueWording(issue) };
  });
}

/** Deeper than any request of this API; a body nested deeper is refused before anything walks it. */
export const MAX_BODY_DEPTH = 16;

/** 400 for a body nested deeper than MAX_BODY_DEPTH, which would exhaust the stack of any recursive walk (the Idempotency-Key hash). */
export function refuseDeepBody(body: unknown): void {
  const pending: [unknown, number][] = [[body, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) throw new HttpProblem(400, refusalText('body_too_deep', { max: MAX_BODY_DEPTH }));
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
}
