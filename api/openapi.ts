// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { Endpoint } from './endpoint';
import { healthSchema } from './health';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { problemSchema } from './schemas';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input; `errors` names each field',
  401: 'Missing or bad bearer token',
  403: 'Your roles or their units do not allow it',
  404: 'An id names nothing; for an id in the body, `errors` names the field',
  409: "Not allowed in the case's current state, already done, or taken",
  413: 'The file is larger than this endpoint takes; nothing is stored',
  415: 'A body in a media type this endpoint does not take (JSON unless it says otherwise), or a file whose content is of a type it does not take',
  422: 'A domain rule refuses it; `detail` says which',
  429: 'Too many requests from this address or user; wait the `Retry-After` seconds',
  503: 'Temporal or the database did not answer in time; wait the `Retry-After` seconds and retry with the same Idempotency-Key',
};

/** `/v1/units/:id` → `/v1/units/{id}` */
function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function problemResponses(statuses: readonly number[]): RouteConfig['responses'] {
  return Object.fromEntries(statuses.map((s) => [s, { description: PROBLEM_DESCRIPTIONS[s] ?? 'Problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } }]));
}

/** JSON, or a form carrying the endpoint's file beside the fields of its body. */
function requestBody(ep: Endpoint, body: z.ZodType): NonNullable<RouteConfig['request']>['body'] {
  if (!ep.upload || !(body instanceof z.ZodObject)) return { content: { 'application/json': { schema: body } } };
  const form = body.extend({ [ep.upload.field]: z.string().meta({ format: 'binary', description: `The file, at most ${ep.upload.maxBytes} bytes.` }) });
  return { content: { 'multipart/form-data': { schema: form } } };
}

export function openApiDocument(endpoints: readonly Endpoint[]): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const idempotencyKey = z.string().min(1).max(255).optional().meta({ description: 'Repeats with the same key and body get the first answer and change nothing.' });

  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'Whether the service can take work',
    description: 'Public, no token. Tells whether the database and Temporal answer, and whether writes are being retried.',
    tags: ['operations'],
    responses: {
      200: { description: 'Ready; degraded while writes are being retried', content: { 'application/json': { schema: healthSchema } } },
      503: { description: 'A part is unavailable; it is named', content: { 'application/json': { schema: healthSchema } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    description: 'Public, no token. Returns this OpenAPI 3.1 document, generated from the schemas that validate the requests.',
    tags: ['operations'],
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  });

  for (const ep of endpoints) {
    const shape = ep.request.shape as { params?: z.ZodObject; query?: z.ZodObject; body?: z.ZodType };
    registry.registerPath({
      method: ep.method,
      path: openApiPath(ep.path),
      summary: ep.summary,
      description: ep.description,
      tags: [ep.tag],
      security: [{ [bearer.name]: [] }],
      request: {
        params: shape.params,
        query: shape.query,
        headers: ep.method === 'post' ? z.object({ 'Idempotency-Key': idempotencyKey }) : undefined,
        body: shape.body ? requestBody(ep, shape.body) : undefined,
      },
      responses: {
        [ep.success.status]: {
          description: ep.success.description,
          content: Object.fromEntries((ep.success.mediaTypes ?? ['application/json']).map((type) => [type, { schema: ep.success.schema }])),
        },
        // Any request may meet a limit or a dependency that does not answer.
        ...problemResponses([...new Set([400, 401, ...(shape.body ? [415] : []), ...ep.problems, 429, 503])].sort((a, b) => a - b)),
      },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Cadre rotation',
      version: '1.0.0',
      description: 'Workflow and approval service for the rotation (luân chuyển) of cadres in Vietnamese local government.',
    },
  });
}
