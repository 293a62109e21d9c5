// The proposal page in a real browser: an organizer finds the cadre by unit or by a name typed
// without diacritics, proposes and lands on the new case; a proposal refused by a national rule
// (the minimum term) shows the rule and how to record an exception, the check answers before
// submit, and with the exception the proposal goes through.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { type World, buildWorld, ok } from '../support/world';

jest.setTimeout(120_000);

const PASSWORD = 'đề-xuất-luân-chuyển-2026';

let stack: E2eStack;
let service: TestService;
let world: World;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  service = stack.service;
  world = await buildWorld(service);
  await ok(world.admin.call('POST', `/v1/users/${world.users.organizer.id}/password`, { password: PASSWORD }));
  ({ context, page } = await signInAt(browser, service.url, 'nguyen.van.an', PASSWORD));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.dispose();
});

const DISTRICT = 'Tỉnh Hải Dương › Huyện Nam Sách';

async function fillProposal(p: Page, fields: { toUnit: string; position: string; termMonths: string; reason: string; nonLocal?: boolean }): Promise<void> {
  await p.getByLabel('Đơn vị tiếp nhận', { exact: true }).selectOption({ label: fields.toUnit });
  await p.getByLabel('Chức vụ đảm nhiệm').selectOption(fields.position);
  await p.getByLabel('Thời hạn luân chuyển (tháng)').fill(fields.termMonths);
  await p.getByLabel('Lý do luân chuyển').fill(fields.reason);
  if (fields.nonLocal) await p.getByLabel('Bố trí Bí thư không là người địa phương').check();
}

it('is in the navigation of an organizer, and proposes a case found by unit, landing on the case page', async () => {
  await page.getByRole('navigation').getByRole('link', { name: 'Đề xuất luân chuyển' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Đề xuất luân chuyển');
  await page.getByLabel('Đơn vị công tác').selectOption({ label: DISTRICT });
  await page.getByRole('button', { name: 'Tìm' }).click();
  await page.getByLabel('Trương Thị Hồng', { exact: false }).check();
  await fillProposal(page, { toUnit: `${DISTRICT} › Xã An Lâm`, position: 'vice_chair', termMonths: '36', reason: 'Đào tạo, bồi dưỡng cán bộ trẻ qua thực tiễn cơ sở' });
  await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
  await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('case-cadre').textContent()).resolves.toBe('Trương Thị Hồng');
  await expect(page.getByTestId('case-status').textContent()).resolves.toBe('Lấy ý kiến');
});

it('shows the national rule that refuses a proposal and how to record an exception, then proposes with the exception', async () => {
  await page.goto(`${service.url}/de-xuat?q=${encodeURIComponent('dang van')}`);
  // One cadre found: already chosen.
  await expect(page.getByLabel('Đặng Văn Khoa', { exact: false }).isChecked()).resolves.toBe(true);
  await fillProposal(page, {
    toUnit: `${DISTRICT} › Xã Nam Hưng`,
    position: 'party_secretary',
    termMonths: '12',
    reason: 'Bố trí Bí thư không là người địa phương',
    nonLocal: true,
  });
  await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
  await expect(page.getByTestId('propose-rule').textContent()).resolves.toContain('Thời hạn luân chuyển tối thiểu');
  await expect(page.getByTestId('propose-result').textContent()).resolves.toContain('ghi ngoại lệ');
  await expect(page.locator('#p-term-error').textContent()).resolves.toBe(
    'thời hạn luân chuyển ít nhất là 36 tháng, không phải 12 tháng (minimum_term); cấp có thẩm quyền có thể ghi nhận ngoại lệ',
  );
  await expect(page.getByLabel('Thời hạn luân chuyển (tháng)').inputValue()).resolves.toBe('12');
  await expect(service.prisma.rotationCase.count({ where: { cadreId: world.cadreKhoa.id } })).resolves.toBe(0);
  await screenshotBothWidths(page, 'propose-refused');

  const exceptionFor = page.getByRole('group', { name: 'Thời hạn luân chuyển tối thiểu' });
  await exceptionFor.getByLabel('Số quyết định').fill('15-QĐ/HU');
  await exceptionFor.getByLabel('Lý do ngoại lệ').fill('Ban Thường vụ Huyện ủy cho phép thời hạn ngắn để kịp Đại hội');
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByTestId('propose-result').textContent()).resolves.toContain('Có thể gửi đề xuất');
  await expect(service.prisma.rotationCase.count({ where: { cadreId: world.cadreKhoa.id } })).resolves.toBe(0);
  await screenshotBothWidths(page, 'propose-checked');

  await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
  await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('case-cadre').textContent()).resolves.toBe('Đặng Văn Khoa');
  const caseId = new URL(page.url()).pathname.split('/').pop()!;
  const view = await ok(world.users.organizer.as.call('GET', `/v1/rotations/${caseId}`));
  expect(view.termMonths).toBe(12);
  expect(view.exceptions).toEqual([expect.objectContaining({ rule: 'minimum_term', decisionNumber: '15-QĐ/HU' })]);
});

it('does not show the page to a user who is not an organizer', async () => {
  await ok(world.admin.call('POST', `/v1/users/${world.users.secretary.id}/password`, { password: PASSWORD }));
  const secretary = await signInAt(browser, service.url, 'tran.thi.cuc', PASSWORD);
  await expect(secretary.page.getByRole('navigation').getByRole('link', { name: 'Đề xuất luân chuyển' }).count()).resolves.toBe(0);
  const res = await secretary.page.goto(`${service.url}/de-xuat`);
  expect(res?.status()).toBe(403);
  await secretary.context.close();
});
