// The planning pages in a real browser, on the API alone (no case is opened): an organizer opens
// Quy hoạch, sees the district below the non-local-secretary target, its commune with a local
// secretary and the ranked candidates with the score explained, follows a candidate to a prefilled
// proposal and to the cadre's planning records, and records one more title (a reversed period
// refused by its field first); another district's organizer may not see the cadre. An organizer
// withdraws a record entered by mistake, with a reason, and an admin over the district corrects
// the cadre's sex.
import type { Browser } from 'playwright-core';
import { signToken } from '../../api/auth';
import { describeFocus, expectAccessible, focusIsVisible } from '../support/accessibility';
import { launchBrowser } from '../support/browser';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { type World, buildWorld, created, ok } from '../support/world';

jest.setTimeout(120_000);

const PASSWORD = 'quy-hoach-can-bo-2026';

let service: ApiAloneOnPglite;
let world: World;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startApiAloneOnPglite(), launchBrowser()]);
  world = await buildWorld({ client: service.client, token: (username) => signToken(service.secret, username) });
  for (const user of [world.users.organizer, world.users.otherOrganizer, world.users.secretary])
    await ok(world.admin.call('POST', `/v1/users/${user.id}/password`, { password: PASSWORD }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

const signIn = (username: string) => signInAt(browser, service.api.url, username, PASSWORD);

it('shows the unit below target and its candidates, each leading to a prefilled proposal and to their planning records', async () => {
  const url = service.api.url;
  const { page, context } = await signIn('nguyen.van.an');
  await page.getByRole('link', { name: 'Quy hoạch' }).click();
  await page.waitForURL(`${url}/quy-hoach`);
  const main = page.locator('main');
  await expect(main.textContent()).resolves.toContain('Điểm: lý luận chính trị (cao cấp 3, trung cấp 2, sơ cấp 1, chưa có 0) × 10');
  const district = page.locator(`section[data-unit-id="${String(world.district.id)}"]`);
  await expect(district.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Huyện Nam Sách');
  await expect(district.textContent()).resolves.toContain('0 trên 2 xã, phường có bí thư không là người địa phương; cần thêm 1.');
  await expect(district.getByRole('heading', { level: 3 }).allTextContents()).resolves.toEqual(['Xã Nam Hưng']);
  const khoa = district.locator(`tr[data-cadre-id="${String(world.cadreKhoa.id)}"]`);
  await expect(khoa.locator('td').allTextContents()).resolves.toEqual(['30', 'Lý luận chính trị cao cấp; 0 năm công tác kể từ khi có hồ sơ', 'Đề xuất']);
  await screenshotBothWidths(page, 'planning');
  await expect(page.getByRole('heading', { level: 1 }).allTextContents()).resolves.toEqual(['Quy hoạch bí thư không là người địa phương']);
  await expectAccessible(page, 'planning');

  // A candidate's "Đề xuất" opens the proposal with that cadre chosen.
  await khoa.getByRole('link', { name: 'Đề xuất' }).click();
  await page.waitForURL(`${url}/de-xuat?cadreId=${String(world.cadreKhoa.id)}`);
  await expect(
    page
      .getByTestId('propose-form')
      .getByLabel(/Đặng Văn Khoa/)
      .isChecked(),
  ).resolves.toBe(true);

  // The candidate's name opens their planning records: the three titles they are planned for.
  await page.goBack();
  await khoa.getByRole('link', { name: 'Đặng Văn Khoa' }).click();
  await page.waitForURL(`${url}/can-bo/${String(world.cadreKhoa.id)}`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Cán bộ: Đặng Văn Khoa');
  const records = page.getByTestId('planning-records');
  await expect(records.locator('tbody th').allTextContents()).resolves.toEqual(['Bí thư Đảng ủy', 'Phó Chủ tịch UBND', 'Chánh Văn phòng']);

  // A period ending before it begins is refused by its field; then the title is recorded.
  const form = page.getByTestId('planning-form');
  await form.getByLabel('Chức danh quy hoạch').selectOption('head_division');
  await form.getByLabel('Đơn vị quy hoạch').selectOption({ label: 'Tỉnh Hải Dương › Huyện Nam Sách' });
  await form.getByLabel('Từ ngày').fill('2027-01-01');
  await form.getByLabel('Đến ngày').fill('2026-01-01');
  await form.getByLabel('Số quyết định').fill('15-QĐ/HU');
  await form.getByRole('button', { name: 'Ghi nhận quy hoạch' }).click();
  await expect(page.locator('#pl-to-error').textContent()).resolves.toBe('thời hạn kết thúc trước ngày bắt đầu');
  await expect(page.getByTestId('planning-form').getByLabel('Số quyết định').inputValue()).resolves.toBe('15-QĐ/HU');
  await expectAccessible(page, 'cadre-planning-refused');
  await page.getByTestId('planning-form').getByLabel('Đến ngày').fill('2031-12-31');
  await page.getByTestId('planning-form').getByRole('button', { name: 'Ghi nhận quy hoạch' }).click();
  await page.waitForURL(`${url}/can-bo/${String(world.cadreKhoa.id)}?da-luu=1`);
  await expect(records.getByRole('status').textContent()).resolves.toBe('Đã ghi nhận quy hoạch.');
  await expect(records.locator('tbody tr').last().textContent()).resolves.toMatch(/Trưởng phòng[\s\S]*Huyện Nam Sách[\s\S]*01\/01\/2027 – 31\/12\/2031[\s\S]*15-QĐ\/HU/);
  const cadre = await ok(world.users.organizer.as.call('GET', `/v1/cadres/${String(world.cadreKhoa.id)}`));
  expect(cadre.planning).toContainEqual(
    expect.objectContaining({ title: 'head_division', unitId: world.district.id, from: '2027-01-01', to: '2031-12-31', decisionNumber: '15-QĐ/HU' }),
  );
  await screenshotBothWidths(page, 'cadre-planning');
  await expectAccessible(page, 'cadre-planning');
  // On a phone the records' table sits in a frame named by its heading, which Tab reaches (to scroll it) and shows focused.
  await page.setViewportSize({ width: 360, height: 800 });
  await records.getByRole('heading', { name: 'Quy hoạch', exact: true }).click();
  await page.keyboard.press('Tab');
  await expect(describeFocus(page)).resolves.toBe('div');
  await expect(page.evaluate<string | null>('document.activeElement.getAttribute("aria-labelledby")')).resolves.toBe('cadre-planning');
  await expect(focusIsVisible(page)).resolves.toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });
  await context.close();

  // A secretary over the district reads the records without the form; another district's organizer may not see the cadre.
  const sec = await signIn('tran.thi.cuc');
  await sec.page.goto(`${url}/can-bo/${String(world.cadreKhoa.id)}`);
  await expect(sec.page.getByTestId('planning-records').locator('tbody tr').count()).resolves.toBe(4);
  await expect(sec.page.getByTestId('planning-form').count()).resolves.toBe(0);
  await sec.context.close();
  const other = await signIn('pham.van.binh');
  const refused = await other.page.goto(`${url}/can-bo/${String(world.cadreKhoa.id)}`);
  expect(refused?.status()).toBe(403);
  await other.context.close();
});

it('lets an organizer withdraw a planning record with a reason, and an admin over the cadre correct their data', async () => {
  const url = service.api.url;
  const hong = String(world.cadreHong.id);
  const { page, context } = await signIn('nguyen.van.an');
  await page.goto(`${url}/can-bo/${hong}`);
  await expect(page.getByTestId('cadre-form').count()).resolves.toBe(0);
  const records = page.getByTestId('planning-records');
  const row = records.locator('tbody tr', { hasText: 'Phó Chủ tịch UBND' });
  await expect(row.locator('td').last().textContent()).resolves.toContain('Đang có hiệu lực');

  // A reason of spaces alone is refused by its field; then the record is withdrawn and shown so.
  await row.getByLabel('Lý do rút').fill('   ');
  await row.getByRole('button', { name: 'Rút khỏi quy hoạch' }).click();
  const refusedRow = page.getByTestId('planning-records').locator('tbody tr', { hasText: 'Phó Chủ tịch UBND' });
  await expect(refusedRow.locator('.field-error').textContent()).resolves.toBeTruthy();
  await expectAccessible(page, 'cadre-withdraw-refused');
  await refusedRow.getByLabel('Lý do rút').fill('Nhập nhầm chức danh');
  await refusedRow.getByRole('button', { name: 'Rút khỏi quy hoạch' }).click();
  await page.waitForURL(`${url}/can-bo/${hong}?da-rut=1`);
  await expect(records.getByRole('status').textContent()).resolves.toBe('Đã rút bản ghi quy hoạch.');
  await expect(row.locator('td').last().textContent()).resolves.toMatch(/^Đã rút ngày \d\d\/\d\d\/\d{4} \(nguyen\.van\.an\): Nhập nhầm chức danh$/);
  await expect(row.getByRole('button').count()).resolves.toBe(0);
  const withdrawn = (await ok(world.admin.call('GET', `/v1/cadres/${hong}`))).planning.find((p: { title: string }) => p.title === 'vice_chair');
  expect(withdrawn.withdrawn).toMatchObject({ by: world.users.organizer.id, reason: 'Nhập nhầm chức danh' });
  await context.close();

  // An admin over the district corrects the cadre's sex; a birth date in the future is refused by its field first.
  const districtAdmin = await created(
    world.admin.call('POST', '/v1/users', { username: 'quan.tri.huyen', fullName: 'Quản trị huyện', roles: [{ role: 'admin', unitId: world.district.id }] }),
  );
  await ok(world.admin.call('POST', `/v1/users/${String(districtAdmin.id)}/password`, { password: PASSWORD }));
  const admin = await signIn('quan.tri.huyen');
  await admin.page.goto(`${url}/can-bo/${hong}`);
  await admin.page.getByText('Sửa thông tin cán bộ').click();
  const form = admin.page.getByTestId('cadre-form');
  await expect(form.getByLabel('Họ và tên').inputValue()).resolves.toBe('Trương Thị Hồng');
  await form.getByLabel('Giới tính').selectOption({ label: 'Nam' });
  await form.getByLabel('Ngày sinh').fill('2099-01-01');
  await form.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(admin.page.locator('#cf-birth-error').textContent()).resolves.toBeTruthy();
  await expectAccessible(admin.page, 'cadre-correct-refused');
  await expect(admin.page.getByTestId('cadre-form').getByLabel('Giới tính').inputValue()).resolves.toBe('male');
  await admin.page.getByTestId('cadre-form').getByLabel('Ngày sinh').fill('1982-04-12');
  await admin.page.getByTestId('cadre-form').getByRole('button', { name: 'Lưu thông tin' }).click();
  await admin.page.waitForURL(`${url}/can-bo/${hong}?da-sua=1`);
  await expect(admin.page.getByRole('status').first().textContent()).resolves.toBe('Đã sửa thông tin cán bộ.');
  await expect(admin.page.getByTestId('cadre-facts').textContent()).resolves.toContain('Nam');
  await expect(admin.page.getByTestId('cadre-corrections').textContent()).resolves.toMatch(/Quản trị huyện: Giới tính từ Nữ thành Nam/);
  expect(await ok(world.admin.call('GET', `/v1/cadres/${hong}`))).toMatchObject({ sex: 'male', birthDate: '1982-04-12' });
  await screenshotBothWidths(admin.page, 'cadre-correct');
  await admin.context.close();
});
