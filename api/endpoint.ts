// A /v1 route declared once: express serves it (sign-in, rate limit, body media type, validation,
// Idempotency-Key, problem answers) and the OpenAPI document describes it, from the same zod schemas.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { JSON_MEDIA_TYPES, checkBodyMediaType } from './content-type';
import type { AppDeps } from './deps';
import { HttpProblem, PROBLEM_CONTENT_TYPE, RETRY_UNAVAILABLE_AFTER_SECONDS, toProblem } from './problem';
import { IDEMPOTENCY_HEADER, type Reply, idempotent } from './idempotency';
import type { SignIn } from './rate-limits';
import type { Principal } from './scope';
import { type Upload, type UploadSpec, readUpload } from './upload';
import { type RequestSchema, parseRequest, refuseDeepBody } from './validate';
import { type Language, refusalText } from '../domain/refusal-texts';
import { requestLanguage } from './language';

export interface Context {
  user: Principal;
  deps: AppDeps;
  /** The request's Idempotency-Key, if it sent one. */
  idempotencyKey: string | null;
  /** The file of an endpoint that takes one. */
  upload: Upload | null;
}

/** An answer that is a file, not JSON: sent as an attachment, never rendered by the browser. */
export class FileAnswer {
  constructor(
    readonly contentType: string,
    readonly bytes: Uint8Array,
    readonly filename: string,
  ) {}
}

export interface Endpoint<S extends RequestSchema = RequestSchema> {
  method: 'get' | 'post' | 'put' | 'patch';
  /** Express syntax: `/v1/units/:id`. */
  path: string;
  summary: string;
  /** Who may call it (roles and their scope, as the handler checks them) and what it does: one or two sentences. */
  description: string;
  tag: string;
  request: S;
  /** Media types its body may come in (default JSON); a file upload names multipart/form-data. */
  bodyMediaTypes?: readonly string[];
  /** The one file a multipart/form-data body carries; its other fields are the body the schema checks. */
  upload?: UploadSpec;
  /** `mediaTypes`: what a file answer may be (default JSON). */
  success: { status: 200 | 201; description: string; schema: z.ZodType; mediaTypes?: readonly string[] };
  /** Problem statuses it may answer besides 400 and 401, for the document. */
  problems: readonly number[];
  /**
   * The body holds a secret (a password): no Idempotency-Key record keeps a fingerprint of it.
   * Only for a step that is the same when repeated.
   */
  secretBody?: boolean;
  handle(input: z.output<S>, ctx: Context): Promise<unknown>;
}

/** Declares an endpoint, inferring the parsed input's type from its request schema. */
export function endpoint<S extends RequestSchema>(e: Endpoint<S>): Endpoint {
  return e;
}

export function mountEndpoints(router: Router, endpoints: readonly Endpoint[], deps: AppDeps, signIn: SignIn): void {
  for (const ep of endpoints) {
    router[ep.method](ep.path, async (req, res) => {
      const user = await signIn(req, res);
      checkBodyMediaType(req, ep.bodyMediaTypes ?? JSON_MEDIA_TYPES);
      const key = idempotencyKey(req);
      const upload = ep.upload ? await readUpload(req, ep.upload) : null;
      refuseDeepBody(req.body);
      // Only a request that is signed in and valid claims its Idempotency-Key.
      const input = parseRequest(ep.request, req);
      const ctx: Context = { user, deps, idempotencyKey: key, upload };
      const run = () => answer(ep, input, ctx, requestLanguage(req));
      if (ep.method === 'post' && key !== null && !ep.secretBody) {
        const body: unknown = upload ? { ...(req.body as object), [ep.upload!.field]: upload.sha256 } : req.body;
        const reply = await idempotent(deps.prisma, { userId: user.id, key, method: req.method, path: req.originalUrl, body }, run);
        if (reply.replayed) res.setHeader('Idempotent-Replayed', 'true');
        send(res, reply);
      } else {
        send(res, await run());
      }
    });
  }
}

/** The endpoint's answer, a refusal included; server faults are thrown on to the error handler, never stored. */
async function answer(ep: Endpoint, input: z.output<RequestSchema>, ctx: Context, lang: Language): Promise<Reply> {
  try {
    return { status: ep.success.status, body: await ep.handle(input, ctx) };
  } catch (err) {
    const problem = toProblem(err, lang);
    if (problem.status >= 500) throw err;
    return { status: problem.status, body: problem };
  }
}

const MAX_KEY_LENGTH = 255;

function idempotencyKey(req: Request): string | null {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (key === undefined) return null;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new HttpProblem(400, refusalText('idempotency_key_length', { max: MAX_KEY_LENGTH }), [{ path: 'Idempotency-Key', message: refusalText('wrong_length') }]);
  }
  return key;
}

export function send(res: Response, reply: Reply): void {
  res.status(reply.status);
  if (reply.body instanceof FileAnswer) return sendFile(res, reply.body);
  if (reply.status >= 400) res.type(PROBLEM_CONTENT_TYPE);
  if (reply.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  if (reply.status === 503) res.setHeader('Retry-After', String(RETRY_UNAVAILABLE_AFTER_SECONDS));
  res.json(reply.body);
}

function sendFile(res: Response, file: FileAnswer): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.bytes.byteLength));
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Opened directly, it runs nothing and loads nothing.
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(file.bytes);
}
