// The HTTP API: public health and document, everything under /v1 behind a bearer token; the web app.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { createAuthenticator } from './auth';
import { JSON_MEDIA_TYPES } from './content-type';
import type { AppDeps } from './deps';
import { mountEndpoints, send } from './endpoint';
import { docsRouter } from './docs';
import { checkHealth } from './health';
import { openApiDocument } from './openapi';
import { problem, toProblem } from './problem';
import { perIpLimit, signInWithinLimit } from './rate-limits';
import { v1Endpoints } from './routes';
import { webRouter } from './web/router';
import { refusalText } from '../domain/refusal-texts';
import { requestLanguage } from './language';

export type { AppDeps } from './deps';

/** Query parameters that carry a credential (an OIDC provider's code, a token) are logged without their value. */
const CREDENTIAL_PARAMETERS = /([?&](?:code|id_token|access_token|refresh_token|token)=)[^&#]*/gi;

export function loggedUrl(url: string): string {
  return url.replace(CREDENTIAL_PARAMETERS, '$1[redacted]');
}

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.set('trust proxy', deps.config.trustedProxies ?? 0);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: () => randomUUID(),
      // Bearer tokens stay out of the logs, and so do the headers helmet adds to every answer.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  const ipLimit = perIpLimit(deps.config.rateLimits);
  if (ipLimit) app.use(ipLimit);
  app.use(express.json({ limit: deps.config.bodyLimit ?? '100kb', type: [...JSON_MEDIA_TYPES] }));

  app.get('/health', async (_req, res) => {
    const health = await checkHealth(deps);
    res.status(health.status === 'unavailable' ? 503 : 200).json(health);
  });
  const document = openApiDocument(v1Endpoints);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(docsRouter());

  const v1 = express.Router();
  mountEndpoints(v1, v1Endpoints, deps, signInWithinLimit(createAuthenticator(deps.prisma, deps.config.auth), deps.config.rateLimits));
  app.use(v1);
  // The officials' web app: HTML pages at /, signed in with a session cookie.
  app.use(webRouter(deps));

  app.use((req: Request, res: Response) =>
    send(res, { status: 404, body: problem(404, refusalText('no_route', { method: req.method, path: req.path }), undefined, undefined, requestLanguage(req)) }),
  );
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const answer = toProblem(err, requestLanguage(req));
    if (answer.status >= 500) res.err = err instanceof Error ? err : new Error(String(err));
    if (res.headersSent) return next(err);
    send(res, { status: answer.status, body: answer });
  });
  return app;
}
