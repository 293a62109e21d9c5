// A small OpenID Connect provider over real HTTP for the web app's sign-in tests: discovery, an
// authorization endpoint that approves at once the user the test names (or refuses), a token
// endpoint that checks the client's credentials and the PKCE verifier against the S256
// challenge, and its signing keys. It records what it was asked, for the tests to inspect.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface AuthorizeRequest {
  query: Record<string, string>;
}

export interface TokenRequest {
  form: Record<string, string>;
  /** Whether the client's credentials were sent and right. */
  authenticated: boolean;
  /** What the token endpoint answered. */
  status: number;
}

export interface FakeOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claims of the next user the authorization endpoint approves; null: it answers error=access_denied. */
  user: Record<string, unknown> | null;
  authorizeRequests: AuthorizeRequest[];
  tokenRequests: TokenRequest[];
  close(): Promise<void>;
}

interface IssuedCode {
  claims: Record<string, unknown>;
  nonce: string | undefined;
  challenge: string;
  redirectUri: string;
}

export async function startFakeOidcProvider(options: { clientId?: string; clientSecret?: string } = {}): Promise<FakeOidcProvider> {
  const clientId = options.clientId ?? 'cadre-rotation-web';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, IssuedCode>();
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider: FakeOidcProvider = {
    issuer,
    clientId,
    clientSecret,
    user: null,
    authorizeRequests: [],
    tokenRequests: [],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };

  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });

  app.get('/jwks', (_req, res) => {
    res.json({ keys: [jwk] });
  });

  app.get('/authorize', (req, res) => {
    const query = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    provider.authorizeRequests.push({ query });
    if (query.client_id !== clientId || query.response_type !== 'code' || !query.redirect_uri) {
      res.status(400).type('text').send('bad authorization request');
      return;
    }
    const back = new URL(query.redirect_uri);
    if (query.state) back.searchParams.set('state', query.state);
    if (!provider.user || query.code_challenge_method !== 'S256' || !query.code_challenge) {
      back.searchParams.set('error', provider.user ? 'invalid_request' : 'access_denied');
    } else {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { claims: provider.user, nonce: query.nonce, challenge: query.code_challenge, redirectUri: query.redirect_uri });
      back.searchParams.set('code', code);
    }
    res.redirect(302, back.href);
  });

  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    const form = { ...(req.body as Record<string, string>) };
    const authenticated = basicCredentials(req.headers.authorization) === `${clientId}:${clientSecret}`;
    const answer = (status: number, body: object) => {
      provider.tokenRequests.push({ form, authenticated, status });
      res.status(status).setHeader('Cache-Control', 'no-store').json(body);
    };
    if (!authenticated) return answer(401, { error: 'invalid_client' });
    const issued = codes.get(form.code ?? '');
    codes.delete(form.code ?? '');
    if (form.grant_type !== 'authorization_code' || !issued || form.redirect_uri !== issued.redirectUri) return answer(400, { error: 'invalid_grant' });
    if (
      createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url') !== issued.challenge
    ) {
      return answer(400, { error: 'invalid_grant', error_description: 'the code verifier does not match the challenge' });
    }
    const idToken = await new SignJWT({ ...issued.claims, ...(issued.nonce ? { nonce: issued.nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    answer(200, { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
  });

  return provider;
}

/** "client_id:client_secret" from HTTP Basic, each form-urlencoded as RFC 6749 (2.3.1) has it. */
function basicCredentials(header: string | undefined): string | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return null;
  const part = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return `${part(decoded.slice(0, at))}:${part(decoded.slice(at + 1))}`;
}
