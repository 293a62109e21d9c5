// The web app's accessibility in a real browser: every page, as the admin, an organizer, a committee
// member and a cadre, checked by axe-core against WCAG 2.0/2.1 A and AA (labels, contrast, names of
// charts and controls, the page's language) and its rules for landmarks, heading order and table
// headers, at 1280 and 360 px with nothing overflowing sideways;
// and the keyboard: the sign-in form is filled and sent with Tab and Enter alone, and on a case page
// the skip link leads into the content and every form control is reached by Tab, its focus visible.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeFocus, expectAccessible, focusIsVisible, focusKey, focusOnScreen, focusWithin, formControls } from '../support/accessibility';
import { launchBrowser } from '../support/browser';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { signInAt } from '../support/web-pages';
import { type World, act, buildWorld, created, endorse, khoaToNamHung, ok, planFor } from '../support/world';

jest.setTimeout(180_000);

const PASSWORD = 'tiếp-cận-được-cho-mọi-người-2026';

let stack: E2eStack;
let service: TestService;
let world: World;
let browser: Browser;
/** Khoa to Nam Hưng, waiting for the consultations. */
let consultationCase: string;
/** Hồng to An Lâm, consulted: waiting for the appraisal, then the vote. */
let laterCase: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  service = stack.service;
  world = await buildWorld(service);
  const admin = await ok(world.admin.call('GET', '/v1/me'));
  for (const id of [admin.id as string, world.users.organizer.id, world.users.m3.id, world.users.khoa.id]) {
    await ok(world.admin.call('POST', `/v1/users/${id}/password`, { password: PASSWORD }));
  }
  const organizer = world.users.organizer.as;
  consultationCase = (await created(organizer.call('POST', '/v1/rotations', khoaToNamHung(world)))).id as string;
  const hong = { cadreId: world.cadreHong.id, toUnitId: world.anLam.id, position: 'vice_chair', nonLocalSecretary: false, reason: 'Đào tạo cán bộ trẻ qua thực tiễn cơ sở' };
  laterCase = (await created(organizer.call('POST', '/v1/rotations', khoaToNamHung(world, hong)))).id as string;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer, laterCase, 'consultations', { party, outcome: 'agree' }));
  // A cadre with no case, planned for secretary: the planning page's candidate for Nam Hưng.
  const tuan = await created(
    world.admin.call('POST', '/v1/cadres', {
      fullName: 'Vũ Minh Tuấn',
      sex: 'male',
      birthDate: '1984-09-20',
      politicalTheory: 'advanced',
      homeUnitId: world.anLam.id,
      currentUnitId: world.district.id,
      currentPosition: 'specialist',
    }),
  );
  await planFor(world.admin, tuan.id as string, world.district.id);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const signIn = (username: string): Promise<{ context: BrowserContext; page: Page }> => signInAt(browser, service.url, username, PASSWORD);

async function visit(page: Page, path: string, name: string): Promise<void> {
  await page.goto(`${service.url}${path}`);
  await expectAccessible(page, name);
}

describe('axe finds no WCAG 2 A/AA violation, nor a landmark, heading or table header fault', () => {
  it('(and the check does find them: an unlabelled input, grey on white, a page without its language)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.setContent('<html><head><title>x</title></head><body><main><h1>x</h1><input id="q" /><p style="color:#aaa">mờ</p></main></body></html>');
    const found = await axeViolations(page);
    for (const rule of ['label', 'color-contrast', 'html-has-lang']) expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${rule} \\(`)));
    expect(found).toContainEqual(expect.stringContaining('#q'));
    await page.close();
  });

  it('on the sign-in page, also with its error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await visit(page, '/dang-nhap', 'sign-in');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('not-the-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('không đúng');
    await expectAccessible(page, 'sign-in-failed');
    await page.close();
  });

  it("on an organizer's pages: tasks, cases, both case pages with their forms, proposal (also refused), reports, planning, notifications, the error page", async () => {
    const { context, page } = await signIn('nguyen.van.an');
    await expectAccessible(page, 'tasks-organizer');
    await visit(page, '/ho-so', 'cases');
    await visit(page, `/ho-so/${consultationCase}`, 'case-consultation');
    await expect(page.getByRole('heading', { name: 'Ghi nhận ý kiến' }).count()).resolves.toBe(1);
    await visit(page, `/ho-so/${laterCase}`, 'case-appraisal');
    await expect(page.getByRole('heading', { name: 'Kết quả thẩm định' }).count()).resolves.toBe(1);
    await visit(page, '/de-xuat', 'propose');
    // Mận, for a term shorter than the national minimum: the check refuses it by the rule.
    await page.goto(`${service.url}/de-xuat?q=${encodeURIComponent('le thi man')}`);
    await page.getByLabel('Đơn vị tiếp nhận', { exact: true }).selectOption({ label: 'Tỉnh Hải Dương › Huyện Nam Sách › Xã An Lâm' });
    await page.getByLabel('Chức vụ đảm nhiệm').selectOption('party_secretary');
    await page.getByLabel('Thời hạn luân chuyển (tháng)').fill('12');
    await page.getByLabel('Lý do luân chuyển').fill('Tăng cường Bí thư cho xã An Lâm');
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await expect(page.getByTestId('propose-result').textContent()).resolves.toContain('ghi ngoại lệ');
    await expect(page.getByTestId('propose-rule').textContent()).resolves.toContain('Thời hạn luân chuyển tối thiểu');
    await expectAccessible(page, 'propose-refused');
    await visit(page, '/bao-cao', 'reports');
    await visit(page, '/quy-hoach', 'planning');
    await expect(page.locator('main table').textContent()).resolves.toContain('Vũ Minh Tuấn');
    await visit(page, '/thong-bao', 'notifications');
    await page.goto(`${service.url}/ho-so/not-a-case`);
    await expect(page.locator('h1').textContent()).resolves.not.toBe('');
    await expectAccessible(page, 'error-404');
    await context.close();
  });

  it("on the admin's pages: tasks, cases, the password form (also with its error)", async () => {
    const { context, page } = await signIn('admin');
    await expectAccessible(page, 'tasks-admin');
    await visit(page, '/ho-so', 'cases-admin');
    await visit(page, '/quan-tri/mat-khau', 'password');
    await page.getByLabel('Tên đăng nhập của người dùng').fill('member.3');
    await page.getByLabel('Mật khẩu mới').fill('ngắn');
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await expect(page.locator('#new-password-error').textContent()).resolves.toBe('Mật khẩu cần ít nhất 10 ký tự.');
    await expectAccessible(page, 'password-refused');
    await context.close();
  });

  it("on a committee member's pages: the vote waiting, the case with the ballot form, in English too", async () => {
    await ok(endorse(world.users.organizer.as, laterCase));
    const { context, page } = await signIn('member.3');
    await expect(page.getByTestId('tasks').textContent()).resolves.toContain('Biểu quyết');
    await expectAccessible(page, 'tasks-member');
    await visit(page, `/ho-so/${laterCase}`, 'case-vote');
    await expect(page.getByTestId('case-status').textContent()).resolves.toBe('Ban Thường vụ biểu quyết');
    await expect(page.getByRole('heading', { name: 'Phiếu biểu quyết của bạn' }).count()).resolves.toBe(1);
    await visit(page, `/ho-so/${laterCase}?lang=en`, 'case-vote-en');
    await visit(page, '/thong-bao?lang=vi', 'notifications-member');
    await context.close();
  });

  it("on a cadre's pages", async () => {
    const { context, page } = await signIn('dang.van.khoa');
    await expectAccessible(page, 'tasks-cadre');
    await visit(page, '/ho-so', 'cases-cadre');
    await visit(page, '/bao-cao', 'reports-cadre');
    await context.close();
  });
});

describe('the keyboard', () => {
  it('signs in with Tab and Enter alone: the username, the password, then the button, each with its focus visible', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${service.url}/dang-nhap`);
    const before: string[] = [];
    for (let i = 0; i < 10 && (await describeFocus(page)) !== 'input#username'; i++) {
      await page.keyboard.press('Tab');
      before.push(await describeFocus(page));
      expect([before.at(-1), await focusIsVisible(page)]).toEqual([before.at(-1), true]);
    }
    expect(before.at(-1)).toBe('input#username');
    expect(before[0]).toBe('a "Bỏ qua, đến nội dung chính"');
    await page.keyboard.type('nguyen.van.an');
    await page.keyboard.press('Tab');
    await expect(describeFocus(page)).resolves.toBe('input#password[type=password]');
    await expect(focusIsVisible(page)).resolves.toBe(true);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await expect(describeFocus(page)).resolves.toBe('button "Đăng nhập"');
    await expect(focusIsVisible(page)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${service.url}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Việc của tôi');
    await context.close();
  });

  it('on a case page, the skip link comes first and leads into the content, and Tab reaches every form control with its focus visible', async () => {
    const { context, page } = await signIn('nguyen.van.an');
    await page.goto(`${service.url}/ho-so/${consultationCase}`);
    await page.keyboard.press('Tab');
    await expect(describeFocus(page)).resolves.toBe('a "Bỏ qua, đến nội dung chính"');
    await expect(focusOnScreen(page)).resolves.toBe(true);
    await expect(focusIsVisible(page)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(focusWithin(page, 'main')).resolves.toBe(true);

    const { reached, unseen } = await tabOnThrough(page);
    expect(unseen).toEqual([]);
    const controls = await formControls(page, 'main');
    expect(controls).toEqual(expect.arrayContaining(['c-party', 'radio:outcome', 'c-note', 'u-kind', 'u-file']));
    expect(controls.filter((c) => !reached.has(c))).toEqual([]);
    await context.close();
  });

  it('on the proposal page, Tab reaches every form control with its focus visible, the exceptions opened with Enter', async () => {
    const { context, page } = await signIn('nguyen.van.an');
    await page.goto(`${service.url}/de-xuat?q=${encodeURIComponent('le thi man')}`);
    await page.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('exceptions').getAttribute('open')).resolves.toBe('');
    await page.locator('.skip').focus();
    await page.keyboard.press('Tab');
    const { reached, unseen } = await tabOnThrough(page);
    expect(unseen).toEqual([]);
    const controls = await formControls(page, 'main');
    expect(controls).toEqual(expect.arrayContaining(['p-q', 'radio:cadreId', 'p-to', 'p-term', 'p-ex-minimum_term-number']));
    expect(controls.filter((c) => !reached.has(c))).toEqual([]);
    await context.close();
  });
});

/** Tabs on from the focused element until focus leaves the page or comes round to the skip link: the controls reached, and those whose focus did not show. */
async function tabOnThrough(page: Page): Promise<{ reached: Set<string>; unseen: string[] }> {
  const reached = new Set<string>();
  const unseen: string[] = [];
  for (let i = 0, key = await focusKey(page, '.skip'); key !== null && i < 300; i++) {
    reached.add(key);
    if (!(await focusIsVisible(page))) unseen.push(await describeFocus(page));
    await page.keyboard.press('Tab');
    key = await focusKey(page, '.skip');
  }
  return { reached, unseen };
}
