// One zod schema per route over {params, query, body}: a request that does not fit is a 400
// naming each field; one that fits reaches its handler already parsed.
import type { Request } from 'express';
import { z } from 'zod';
import { type FieldError, HttpProblem } from './problem';

/** A route's request: `z.object({ params?, query?, body? })`. */
export type RequestSchema = z.ZodObject;

export function parseRequest<S extends RequestSchema>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse({ params: req.params, query: req.query, body: req.body });
  if (!result.success) throw new HttpProblem(400, 'the request is not valid', fieldErrors(result.error));
  return result.data;
}

/** Paths name the field as the client sent it ("termMonths", "concerns.0.type"), without the request part. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    return { path: (path.length > 1 ? path.slice(1) : path).join('.'), message: issue.message };
  });
}
