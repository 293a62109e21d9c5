// The web app's sign-in on the API alone: the session cookie's attributes (Secure only over https,
// as the trusted proxies tell it), the limit on attempts, the pages' security headers.
import { hashPassword } from '../../infra/passwords';
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from '../../api/rate-limits';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { webSignIn } from '../support/web-form';

jest.setTimeout(60_000);

const PASSWORD = 'Mật khẩu thử nghiệm 2026';
const HTTPS = { 'x-forwarded-proto': 'https' };
const sessionCookie = (cookies: string[]) => cookies.find((c) => c.startsWith('cr_session='));

async function withPassword(service: ApiAloneOnPglite): Promise<void> {
  await service.db.prisma.user.update({ where: { username: 'admin' }, data: { passwordHash: await hashPassword(PASSWORD) } });
}

describe('behind a trusted proxy', () => {
  let service: ApiAloneOnPglite;

  beforeAll(async () => {
    service = await startApiAloneOnPglite({ trustedProxies: 1 });
    await withPassword(service);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('marks the session cookie Secure when the request came over https', async () => {
    const answer = await webSignIn(service.api.url, 'admin', PASSWORD, HTTPS);
    expect(answer).toMatchObject({ status: 303, location: '/' });
    expect(sessionCookie(answer.cookies)).toMatch(/^cr_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });

  it('does not over http', async () => {
    const answer = await webSignIn(service.api.url, 'admin', PASSWORD);
    expect(sessionCookie(answer.cookies)).not.toMatch(/Secure/);
  });

  it(`answers 429 past ${SIGN_IN_ATTEMPTS_PER_MINUTE} attempts a minute for one username from one address`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_ATTEMPTS_PER_MINUTE; i++) statuses.push((await webSignIn(service.api.url, 'nobody', 'wrong password')).status);
    expect(statuses.slice(0, SIGN_IN_ATTEMPTS_PER_MINUTE)).toEqual(Array(SIGN_IN_ATTEMPTS_PER_MINUTE).fill(401));
    expect(statuses[SIGN_IN_ATTEMPTS_PER_MINUTE]).toBe(429);
  });
});

describe('with no proxy trusted', () => {
  let service: ApiAloneOnPglite;

  beforeAll(async () => {
    service = await startApiAloneOnPglite();
    await withPassword(service);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('ignores a forged X-Forwarded-Proto', async () => {
    const answer = await webSignIn(service.api.url, 'admin', PASSWORD, HTTPS);
    expect(sessionCookie(answer.cookies)).not.toMatch(/Secure/);
  });

  it('sends a browser without a session to the sign-in page', async () => {
    const res = await fetch(new URL('/ho-so', service.api.url), { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/dang-nhap']);
  });

  it('serves the pages with a CSP allowing no inline script and nothing from elsewhere', async () => {
    const res = await fetch(new URL('/dang-nhap', service.api.url));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).not.toMatch(/<script>|<style>|\sstyle=|\son\w+=/);
    const htmx = await fetch(new URL('/assets/htmx.min.js', service.api.url));
    expect([htmx.status, htmx.headers.get('content-type')]).toEqual([200, expect.stringContaining('javascript')]);
  });
});
