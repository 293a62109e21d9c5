// The web app signing in through an OpenID Connect provider, in a real browser: the provider is a
// small fake over real HTTP (test/support/fake-oidc-provider.ts), the API runs alone on PGlite.
// The button leads through the provider back to the inbox, signed in; the provider saw an S256
// challenge and the token request its verifier; a wrong state, a refusal, an unknown or
// deactivated user, an unreachable provider and a refused client each end on the sign-in page
// with a message; the code never reaches the service's log.
import { createHash, randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import pino from 'pino';
import { signToken } from '../../api/auth';
import { type ApiServer, startApiServer } from '../../api/server';
import { DEFAULT_DEADLINES } from '../../domain/deadlines';
import { ensureAdminUser } from '../../infra/bootstrap';
import type { WebOidcConfig } from '../../infra/config';
import type { Database } from '../../infra/db';
import { ApiClient } from '../support/api-client';
import { noTemporal } from '../support/api-alone';
import { launchBrowser } from '../support/browser';
import { openTestDatabase } from '../support/databases';
import { type FakeOidcProvider, startFakeOidcProvider } from '../support/fake-oidc-provider';
import { screenshotBothWidths } from '../support/web-pages';

jest.setTimeout(60_000);

const SECRET = 'a-test-signing-secret-of-at-least-32-characters';
const BUTTON = 'Đăng nhập bằng tài khoản dùng chung';

let provider: FakeOidcProvider;
let db: Database;
let browser: Browser;
let api: ApiServer;
const logLines: string[] = [];
const started: ApiServer[] = [];

/** A free port, so that the redirect URL can be configured before the API listens on it. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The API on `db` signing the web app in through `oidc` (its redirect URL filled in), logging into logLines. */
async function startApi(oidc: Omit<WebOidcConfig, 'redirectUrl'>): Promise<ApiServer> {
  const port = await freePort();
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const server = await startApiServer({
    prisma: db.prisma,
    temporal: noTemporal,
    config: { deadlines: DEFAULT_DEADLINES, auth: { kind: 'hs256', secret: SECRET }, webOidc: { ...oidc, redirectUrl: `http://127.0.0.1:${port}/dang-nhap/oidc/callback` } },
    logger,
    port,
    host: '127.0.0.1',
  });
  started.push(server);
  return server;
}

beforeAll(async () => {
  [provider, db, browser] = await Promise.all([startFakeOidcProvider(), openTestDatabase('pglite'), launchBrowser()]);
  await ensureAdminUser(db.prisma);
  await db.prisma.user.create({ data: { id: randomUUID(), username: 'khoa.nv', fullName: 'Nguyễn Văn Khoa' } });
  await db.prisma.user.create({ data: { id: randomUUID(), username: 'nghi.tt', fullName: 'Trần Thị Nghỉ', active: false } });
  api = await startApi({ issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, usernameClaim: 'preferred_username' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const server of started) await server.close();
  await provider?.close();
  await db?.close();
});

async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

/** Clicks the button on the sign-in page of `url`, for a sign-in that fails; returns the status of the page that says why. */
async function clickThrough(page: Page, url = api.url): Promise<number> {
  await page.goto(`${url}/dang-nhap`);
  const refused = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/dang-nhap/oidc') && r.status() !== 303);
  await page.getByRole('link', { name: BUTTON }).click();
  const status = (await refused).status();
  await page.waitForLoadState();
  return status;
}

const alertOf = (page: Page) => page.getByRole('alert').innerText();

describe('signing in through the provider', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    provider.user = { sub: randomUUID(), preferred_username: 'khoa.nv', name: 'Nguyễn Văn Khoa' };
    ({ context, page } = await freshPage());
    await page.goto(`${api.url}/`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
  });

  afterAll(() => context.close());

  it('shows the button and no password form', async () => {
    await expect(page.getByRole('link', { name: BUTTON }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Mật khẩu').count()).resolves.toBe(0);
    await screenshotBothWidths(page, 'sign-in-oidc');
  });

  it('lands on the inbox signed in as the user the provider names', async () => {
    await page.getByRole('link', { name: BUTTON }).click();
    await page.waitForURL(`${api.url}/`);
    await expect(page.getByText('Đăng nhập: Nguyễn Văn Khoa').isVisible()).resolves.toBe(true);
  });

  it('keeps the session in an HttpOnly, SameSite=Lax cookie, and the flow cookie no longer', async () => {
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'cr_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookies.find((c) => c.name === 'cr_oidc')).toBeUndefined();
    expect(await page.evaluate<string>('document.cookie')).not.toContain('cr_session');
  });

  it('sent the provider an S256 challenge, and the token request its verifier with the client credentials', () => {
    const authorize = provider.authorizeRequests.at(-1)!.query;
    expect(authorize).toMatchObject({ client_id: provider.clientId, response_type: 'code', code_challenge_method: 'S256', redirect_uri: `${api.url}/dang-nhap/oidc/callback` });
    expect(authorize.scope.split(' ')).toContain('openid');
    expect(authorize.state).toMatch(/^[\w-]{22,}$/);
    expect(authorize.nonce).toMatch(/^[\w-]{22,}$/);
    const token = provider.tokenRequests.at(-1)!;
    expect(token).toMatchObject({ authenticated: true, status: 200, form: { grant_type: 'authorization_code', redirect_uri: authorize.redirect_uri } });
    expect(createHash('sha256').update(token.form.code_verifier).digest('base64url')).toBe(authorize.code_challenge);
    // Neither the verifier nor the state travelled in an address other than the standard parameters.
    expect(Object.keys(authorize).sort()).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
  });

  it('never writes the code to the log', () => {
    const code = provider.tokenRequests.at(-1)!.form.code;
    const log = logLines.join('');
    expect(log).toContain('/dang-nhap/oidc/callback?');
    expect(log).toContain('code=[redacted]');
    expect(log).not.toContain(code);
    expect(log).not.toContain(provider.tokenRequests.at(-1)!.form.code_verifier);
  });

  it('signs out: the session is closed and the inbox asks for sign-in again', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${api.url}/dang-nhap`);
    await page.goto(`${api.url}/`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    const user = await db.prisma.user.findUniqueOrThrow({ where: { username: 'khoa.nv' } });
    expect(await db.prisma.webSession.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('refusals, each on the sign-in page with a message', () => {
  it('a callback whose state is not the one sent', async () => {
    const { context, page } = await freshPage();
    // A sign-in under way in this browser (its redirect to the provider not followed), then an answer with another state.
    const start = await context.request.get(`${api.url}/dang-nhap/oidc`, { maxRedirects: 0 });
    expect(start.status()).toBe(303);
    expect(start.headers().location).toMatch(new RegExp(`^${provider.issuer}/authorize\\?`));
    // What the callback checks waits in a cookie of the flow's own path, which page script cannot read.
    expect((await context.cookies()).find((c) => c.name === 'cr_oidc')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/dang-nhap/oidc' });
    const answer = await page.goto(`${api.url}/dang-nhap/oidc/callback?code=forged-code&state=not-the-state`);
    expect(answer?.status()).toBe(400);
    expect(await alertOf(page)).toBe('Lượt đăng nhập không hợp lệ hoặc đã quá hạn; hãy đăng nhập lại.');
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name === 'cr_session' || c.name === 'cr_oidc')).toBe(false);
    await context.close();
  });

  it('a callback with no sign-in under way in this browser', async () => {
    const { context, page } = await freshPage();
    const answer = await page.goto(`${api.url}/dang-nhap/oidc/callback?code=forged-code&state=any-state-at-all`);
    expect(answer?.status()).toBe(400);
    expect(await alertOf(page)).toBe('Lượt đăng nhập không hợp lệ hoặc đã quá hạn; hãy đăng nhập lại.');
    await context.close();
  });

  it('a user the service does not know', async () => {
    provider.user = { sub: randomUUID(), preferred_username: 'la.mat' };
    const { context, page } = await freshPage();
    expect(await clickThrough(page)).toBe(403);
    expect(await alertOf(page)).toBe('Tài khoản la.mat chưa được cấp quyền sử dụng hệ thống này hoặc đã ngừng hoạt động; hãy liên hệ quản trị viên.');
    expect((await context.cookies(api.url)).some((c) => c.name === 'cr_session')).toBe(false);
    await context.close();
  });

  it('a deactivated user', async () => {
    provider.user = { sub: randomUUID(), preferred_username: 'nghi.tt' };
    const { context, page } = await freshPage();
    expect(await clickThrough(page)).toBe(403);
    expect(await alertOf(page)).toContain('Tài khoản nghi.tt chưa được cấp quyền');
    await context.close();
  });

  it('an ID token without the username claim', async () => {
    provider.user = { sub: randomUUID() };
    const { context, page } = await freshPage();
    expect(await clickThrough(page)).toBe(403);
    expect(await alertOf(page)).toBe('Tài khoản dùng chung không cho biết tên đăng nhập; hãy liên hệ quản trị viên.');
    await context.close();
  });

  it('the provider refusing (access_denied)', async () => {
    provider.user = null;
    const { context, page } = await freshPage();
    expect(await clickThrough(page)).toBe(401);
    expect(await alertOf(page)).toBe('Đăng nhập một lần đã bị huỷ hoặc bị từ chối.');
    await context.close();
  });

  it('a provider that cannot be reached', async () => {
    const unreachable = await startApi({ issuer: `http://127.0.0.1:${await freePort()}`, clientId: 'web', usernameClaim: 'preferred_username' });
    const { context, page } = await freshPage();
    expect(await clickThrough(page, unreachable.url)).toBe(502);
    expect(await alertOf(page)).toBe('Không kết nối được hệ thống đăng nhập một lần; hãy thử lại sau.');
    await expect(page.content()).resolves.not.toMatch(/at .*\.ts:\d+/);
    await context.close();
  });

  it('the token endpoint refusing the client', async () => {
    provider.user = { sub: randomUUID(), preferred_username: 'khoa.nv' };
    const wrongSecret = await startApi({ issuer: provider.issuer, clientId: provider.clientId, clientSecret: 'not-the-client-secret', usernameClaim: 'preferred_username' });
    const { context, page } = await freshPage();
    expect(await clickThrough(page, wrongSecret.url)).toBe(502);
    expect(await alertOf(page)).toBe('Đăng nhập một lần không thành công; hãy thử lại.');
    expect(provider.tokenRequests.at(-1)).toMatchObject({ authenticated: false, status: 401 });
    await context.close();
  });

  it('a password sign-in, which the provider replaces', async () => {
    const first = await fetch(`${api.url}/dang-nhap`);
    const cookie = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('cr_signin='))!
      .split(';')[0];
    const body = new URLSearchParams({ csrf: cookie.split('=')[1], username: 'admin', password: 'whatever-it-is' });
    const answer = await fetch(`${api.url}/dang-nhap`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('Hệ thống không dùng mật khẩu riêng; hãy đăng nhập bằng tài khoản dùng chung.');
  });
});

it('the JSON API keeps its bearer tokens', async () => {
  const me = await new ApiClient(api.url).as(await signToken(SECRET, 'khoa.nv')).call('GET', '/v1/me');
  expect(me.status).toBe(200);
});
