// The officials' web app in a real browser (headless Chromium through playwright-core), on the
// real service and a Temporal dev server: password sign-in set through the API, the inbox, the
// case list and a case page (who voted, never how), CSRF refusals, a session cookie page script
// cannot read, the language switch, sign-out; and screenshots of each page at 1280 and 360 px.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { type World, act, buildWorld, created, endorse, expectProblem, khoaToNamHung, ok } from '../support/world';

jest.setTimeout(120_000);

const ADMIN_PASSWORD = 'Mật-khẩu-quản-trị-2026';
const MEMBER_PASSWORD = 'phiếu-kín-của-ủy-viên-3';

let stack: E2eStack;
let service: TestService;
let world: World;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  service = stack.service;
  world = await buildWorld(service);
  const proposed = await created(world.users.organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world)));
  caseId = proposed.id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(world.users.organizer.as, caseId, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(world.users.organizer.as, caseId));
  await ok(act(world.users.m1.as, caseId, 'votes', { vote: 'for' }));
  await ok(act(world.users.m2.as, caseId, 'votes', { vote: 'against' }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

async function adminId(): Promise<string> {
  return (await ok(world.admin.call('GET', '/v1/me'))).id;
}

const signIn = (username: string, password: string) => signInAt(browser, service.url, username, password);
const bothWidths = screenshotBothWidths;

describe('passwords through the API', () => {
  it('refuses a password shorter than 10 characters, naming the field', async () => {
    expectProblem(await world.admin.call('POST', `/v1/users/${await adminId()}/password`, { password: 'short' }), 400, 'password');
  });

  it('lets only an admin set one', async () => {
    expectProblem(await world.users.organizer.as.call('POST', `/v1/users/${world.users.m3.id}/password`, { password: MEMBER_PASSWORD }), 403);
  });

  it('stores only a hash', async () => {
    await ok(world.admin.call('POST', `/v1/users/${await adminId()}/password`, { password: ADMIN_PASSWORD }));
    const row = await service.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(ADMIN_PASSWORD);
  });

  it('keeps no fingerprint of a password sent with an Idempotency-Key', async () => {
    const key = `password-${Date.now()}`;
    const options = { idempotencyKey: key };
    await ok(world.admin.call('POST', `/v1/users/${await adminId()}/password`, { password: ADMIN_PASSWORD }, options));
    expect(await service.prisma.idempotencyRecord.count({ where: { key } })).toBe(0);
  });
});

describe('the web app, signed in as the admin', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const anonymous = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await anonymous.goto(`${service.url}/dang-nhap`);
    await expect(anonymous.getByRole('heading', { name: 'Đăng nhập' }).isVisible()).resolves.toBe(true);
    await bothWidths(anonymous, 'sign-in');
    await anonymous.getByLabel('Tên đăng nhập').fill('admin');
    await anonymous.getByLabel('Mật khẩu').fill('not-the-password');
    await anonymous.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(anonymous.getByRole('alert').textContent()).resolves.toContain('không đúng');
    await anonymous.close();
    ({ context, page } = await signIn('admin', ADMIN_PASSWORD));
  });

  afterAll(async () => {
    await context?.close();
  });

  it('shows the inbox with the header, the task count and the navigation', async () => {
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Việc của tôi');
    await expect(page.getByTestId('task-count').textContent()).resolves.toMatch(/^Việc của tôi: \d+$/);
    await expect(page.locator('header').textContent()).resolves.toContain('Quản trị hệ thống');
    for (const link of ['Việc của tôi', 'Danh sách hồ sơ', 'Thông báo']) await expect(page.getByRole('navigation').getByRole('link', { name: link }).count()).resolves.toBe(1);
    await bothWidths(page, 'inbox-admin');
  });

  it('lists the cases with a status filter', async () => {
    await page.getByRole('link', { name: 'Danh sách hồ sơ' }).click();
    await expect(page.getByTestId('cases').textContent()).resolves.toContain('Đặng Văn Khoa');
    await bothWidths(page, 'cases');
    await page.goto(`${service.url}/ho-so?trang-thai=active`);
    await expect(page.getByText('Không có hồ sơ nào.').isVisible()).resolves.toBe(true);
  });

  it('shows a case: cadre, units, the step bar, consultations, who voted and the tally, never who voted how, the history', async () => {
    await page.goto(`${service.url}/ho-so/${caseId}`);
    await expect(page.getByTestId('case-cadre').textContent()).resolves.toBe('Đặng Văn Khoa');
    await expect(page.getByTestId('case-status').textContent()).resolves.toBe('Ban Thường vụ biểu quyết');
    await expect(page.locator('.steps [aria-current="step"]').textContent()).resolves.toContain('Ban Thường vụ biểu quyết');
    const main = (await page.locator('main').textContent()) ?? '';
    for (const text of ['Huyện Nam Sách', 'Xã Nam Hưng', 'Bí thư Đảng ủy', 'Đồng ý', 'Đề nghị thông qua']) expect(main).toContain(text);
    const vote = page.getByTestId('vote');
    await expect(vote.locator('.voters li').allTextContents()).resolves.toEqual(['member.1', 'member.2']);
    // Members, recused, for, against, abstain, outcome.
    await expect(vote.locator('.tally dd').allTextContents()).resolves.toEqual(['5', '0', '1', '1', '0', 'Đang biểu quyết']);
    // The ballots' choices are nowhere next to a name, and the history names only who voted.
    const history = await page.getByTestId('history').locator('li').allTextContents();
    expect(history.filter((line) => line.includes('Bỏ phiếu'))).toEqual([expect.stringContaining('member.1'), expect.stringContaining('member.2')]);
    for (const line of history) expect(line).not.toMatch(/\b(for|against|abstain)\b|Tán thành|Không tán thành/);
    await bothWidths(page, 'case');
  });

  it('shows the notifications page', async () => {
    await page.getByRole('link', { name: 'Thông báo' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thông báo');
    await bothWidths(page, 'notifications');
  });

  it('switches to English with ?lang=en and keeps it in a cookie', async () => {
    await page.goto(`${service.url}/?lang=en`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My tasks');
    await page.goto(`${service.url}/ho-so`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Cases');
    await page.goto(`${service.url}/?lang=vi`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Việc của tôi');
  });

  it('keeps the session cookie out of page script: HttpOnly, SameSite=Lax', async () => {
    expect(await page.evaluate<string>('document.cookie')).not.toContain('cr_session');
    const cookie = (await context.cookies()).find((c) => c.name === 'cr_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('refuses a form posted without its CSRF token, or with a wrong one, and changes nothing', async () => {
    const post = (url: string, body: string) =>
      page.evaluate(
        async ([u, b]) => (await fetch(u, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: b, redirect: 'manual' })).status,
        [url, body],
      );
    expect(await post('/dang-xuat', '')).toBe(403);
    expect(await post('/dang-xuat', 'csrf=forged')).toBe(403);
    const before = (await service.prisma.user.findUniqueOrThrow({ where: { id: world.users.m3.id } })).passwordHash;
    expect(await post('/quan-tri/mat-khau', `username=member.3&password=${encodeURIComponent(MEMBER_PASSWORD)}`)).toBe(403);
    expect((await service.prisma.user.findUniqueOrThrow({ where: { id: world.users.m3.id } })).passwordHash).toBe(before);
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it("sets a user's password through the form, with the error by its field", async () => {
    await page.goto(`${service.url}/quan-tri/mat-khau`);
    await page.getByLabel('Tên đăng nhập của người dùng').fill('member.3');
    await page.getByLabel('Mật khẩu mới').fill('ngắn');
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await expect(page.locator('#new-password-error').textContent()).resolves.toBe('Mật khẩu cần ít nhất 10 ký tự.');
    await bothWidths(page, 'password');
    await page.getByLabel('Mật khẩu mới').fill(MEMBER_PASSWORD);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('member.3');
  });

  it('signs out: the session ends and the pages ask to sign in again', async () => {
    const sessions = await service.prisma.webSession.count();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${service.url}/dang-nhap`);
    expect(await service.prisma.webSession.count()).toBe(sessions - 1);
    await page.goto(`${service.url}/ho-so/${caseId}`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
  });
});

describe('the web app, signed in as a committee member', () => {
  it('shows the vote waiting in the inbox, with its count in the header', async () => {
    const { context, page } = await signIn('member.3', MEMBER_PASSWORD);
    await expect(page.getByTestId('tasks').textContent()).resolves.toContain('Biểu quyết');
    await expect(page.getByTestId('task-count').textContent()).resolves.toBe('Việc của tôi: 1');
    await bothWidths(page, 'inbox');
    // With script, choosing a kind filters at once (htmx, served by the service), and the address follows.
    await page.getByLabel('Loại việc').selectOption('vote');
    await page.waitForURL(`${service.url}/?loai=vote`);
    await expect(page.getByTestId('tasks').textContent()).resolves.toContain('Biểu quyết');
    await page.goto(`${service.url}/?loai=payment`);
    await expect(page.getByText('Bạn không có việc nào đang chờ.').isVisible()).resolves.toBe(true);
    await context.close();
  });
});

describe('steps taken on the case page, as the API takes them', () => {
  const password = (userId: string) => ok(world.admin.call('POST', `/v1/users/${userId}/password`, { password: MEMBER_PASSWORD }));

  it('shows a refused ballot by its field, then casts one that moves the case on', async () => {
    await password(world.users.m4.id);
    const { context, page } = await signIn('member.4', MEMBER_PASSWORD);
    await page.goto(`${service.url}/ho-so/${caseId}`);
    const form = page.getByTestId('vote-form');
    await form.getByLabel('Không biểu quyết').check();
    // Meanwhile the same member votes through the API: the form's ballot is refused, as the API refuses a second one.
    await ok(act(world.users.m4.as, caseId, 'votes', { vote: 'for' }));
    await form.getByRole('button', { name: 'Gửi phiếu' }).click();
    await expect(page.locator('#v-vote-error').textContent()).resolves.toBe('thành viên này đã biểu quyết về hồ sơ này');
    await expect(page.getByTestId('vote').locator('.voters li').allTextContents()).resolves.toEqual(['member.1', 'member.2', 'member.4']);
    await bothWidths(page, 'case-refused-vote');
    await context.close();
  });

  it('casts a ballot from the form: the member shows among those who voted, the case passes to the decision', async () => {
    const { context, page } = await signIn('member.3', MEMBER_PASSWORD);
    await page.goto(`${service.url}/ho-so/${caseId}`);
    await bothWidths(page, 'case-vote-form');
    await page.getByTestId('vote-form').getByLabel('Tán thành', { exact: true }).check();
    await page.getByTestId('vote-form').getByRole('button', { name: 'Gửi phiếu' }).click();
    await page.waitForURL(`${service.url}/ho-so/${caseId}`);
    await expect(page.getByTestId('vote').locator('.voters li').allTextContents()).resolves.toEqual(['member.1', 'member.2', 'member.3', 'member.4']);
    await expect(page.getByTestId('vote-form').count()).resolves.toBe(0);
    await expect(page.getByTestId('case-status').textContent()).resolves.toBe('Chờ ký quyết định');
    await context.close();
  });

  it('records a consultation from the form, after showing a missing answer by its field', async () => {
    const other = await created(world.users.organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world, { cadreId: world.cadreHong.id, toUnitId: world.anLam.id })));
    await password(world.users.organizer.id);
    const { context, page } = await signIn('nguyen.van.an', MEMBER_PASSWORD);
    await page.goto(`${service.url}/ho-so/${other.id}`);
    const form = page.getByTestId('consultation-form');
    await form.getByLabel('Bên').selectOption('receiving_unit');
    await form.getByRole('button', { name: 'Ghi nhận ý kiến' }).click();
    await expect(page.locator('#c-outcome-error').textContent()).resolves.toBe('Tùy chọn không hợp lệ: mong đợi một trong các giá trị "agree"|"agree_with_concerns"|"object"');
    await bothWidths(page, 'case-consultation-form');
    await page.getByTestId('consultation-form').getByLabel('Đồng ý', { exact: true }).check();
    await page.getByTestId('consultation-form').getByRole('button', { name: 'Ghi nhận ý kiến' }).click();
    await page.waitForURL(`${service.url}/ho-so/${other.id}`);
    const view = await ok(world.users.organizer.as.call('GET', `/v1/rotations/${other.id}`));
    expect(view.consultations).toEqual([expect.objectContaining({ party: 'receiving_unit', outcome: 'agree' })]);
    await expect(page.getByTestId('consultation-form').getByLabel('Bên').locator('option').allTextContents()).resolves.toEqual(['Cán bộ', 'Đơn vị cử đi']);
    await context.close();
  });
});

describe('the API documentation', () => {
  it('renders the OpenAPI document at /docs from files the service serves itself, with no script error', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(service.url)) elsewhere.push(request.url());
    });
    await page.goto(`${service.url}/docs`);
    await page.getByText('/v1/rotations/{id}/decision').first().waitFor();
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await bothWidths(page, 'docs');
    await context.close();
  });
});
