// The admin's pages in a real browser, from an empty service with only the first admin: the unit
// tree (a unit with no name refused by its field), cadres and a planning record, users with their
// roles and first passwords, a position's holder and the Standing Committee; a non-admin is
// refused the pages. Then the people set up there take a rotation from the proposal page to an
// active case, each from their own session, without any call to the API.
import type { Browser, Page } from 'playwright-core';
import { localDate } from '../../domain/calendar';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';
import { expectAccessible } from '../support/accessibility';
import { launchBrowser } from '../support/browser';
import { type E2eStack, startE2eStack } from '../support/service';
import { screenshotBothWidths, signInAt, untilCaseStatus } from '../support/web-pages';
import { SMALL_PDF, ok, signedIn } from '../support/world';

jest.setTimeout(300_000);

const ADMIN_PASSWORD = 'quản-trị-đơn-vị-2026';
const PASSWORD = 'mật-khẩu-ban-đầu-2026';
const PROVINCE = 'Tỉnh Hải Dương';
const DISTRICT = `${PROVINCE} › Huyện Nam Sách`;
const COMMUNE = `${DISTRICT} › Xã Nam Hưng`;

let stack: E2eStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  // Only the admin's own password is set through the API, to sign in; everything else is entered on the pages.
  const admin = await signedIn(stack.service, 'admin');
  const me = await ok(admin.call('GET', '/v1/me'));
  await ok(admin.call('POST', `/v1/users/${me.id}/password`, { password: ADMIN_PASSWORD }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const signIn = (username: string, password = PASSWORD) => signInAt(browser, stack.service.url, username, password);

async function addUnit(page: Page, fields: { name: string; code: string; kind: string; parent?: string; area?: string }): Promise<void> {
  await page.goto(`${stack.service.url}/don-vi`);
  const form = page.getByTestId('unit-form');
  await form.getByLabel('Tên đơn vị').fill(fields.name);
  await form.getByLabel('Mã đơn vị').fill(fields.code);
  await form.getByLabel('Cấp', { exact: true }).selectOption(fields.kind);
  if (fields.area) await form.getByLabel('Địa bàn').selectOption(fields.area);
  if (fields.parent) await form.getByLabel('Đơn vị cấp trên').selectOption({ label: fields.parent });
  await form.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await page.waitForURL(/\/don-vi\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Đơn vị: ${fields.name}`);
}

async function addCadre(page: Page, fields: { fullName: string; sex: string; home: string; current: string; position: string }): Promise<void> {
  await page.goto(`${stack.service.url}/can-bo`);
  const form = page.getByTestId('cadre-form');
  await form.getByLabel('Họ và tên').fill(fields.fullName);
  await form.getByLabel('Ngày sinh').fill('1982-04-12');
  await form.getByLabel('Giới tính').selectOption(fields.sex);
  await form.getByLabel('Quê quán (đơn vị)').selectOption({ label: fields.home });
  await form.getByLabel('Đơn vị công tác').selectOption({ label: fields.current });
  await form.getByLabel('Chức vụ hiện tại').selectOption(fields.position);
  await form.getByLabel('Trình độ lý luận chính trị').selectOption('advanced');
  await form.getByRole('button', { name: 'Thêm cán bộ' }).click();
  await page.waitForURL(/\/can-bo\?q=/);
  await expect(page.getByTestId('cadre-list').textContent()).resolves.toContain(fields.fullName);
}

async function addUser(page: Page, fields: { username: string; fullName: string; roles: [string, string][]; cadre?: string }): Promise<void> {
  await page.goto(`${stack.service.url}/nguoi-dung`);
  const form = page.getByTestId('user-form');
  await form.getByLabel('Tên đăng nhập').fill(fields.username);
  await form.getByLabel('Họ và tên').fill(fields.fullName);
  if (fields.cadre) await form.getByLabel('Hồ sơ cán bộ của người dùng').selectOption({ label: fields.cadre });
  for (const [i, [role, unit]] of fields.roles.entries()) {
    await form.getByLabel(`Vai trò ${i + 1}`, { exact: true }).selectOption(role);
    await form.getByLabel(`Đơn vị của vai trò ${i + 1}`, { exact: true }).selectOption({ label: unit });
  }
  await form.getByLabel('Mật khẩu ban đầu (ít nhất 10 ký tự)').fill(PASSWORD);
  await form.getByRole('button', { name: 'Thêm người dùng' }).click();
  await page.waitForURL(/\/nguoi-dung\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Người dùng: ${fields.fullName}`);
}

it('sets up the unit tree, cadres, users, a holder and the Standing Committee from the pages; refusals by their fields; others get 403', async () => {
  const url = stack.service.url;
  const { page, context } = await signIn('admin', ADMIN_PASSWORD);
  const nav = page.getByRole('navigation');
  for (const name of ['Đơn vị', 'Cán bộ', 'Người dùng']) await expect(nav.getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
  await nav.getByRole('link', { name: 'Đơn vị', exact: true }).click();
  await expect(page.getByTestId('unit-tree').textContent()).resolves.toContain('Chưa có đơn vị nào.');
  await screenshotBothWidths(page, 'admin-units-empty');

  // A unit with no name (blanks pass the browser's check) is refused, the message by the name's field, the code kept as sent.
  await page.getByTestId('unit-form').getByLabel('Tên đơn vị').fill('   ');
  await page.getByTestId('unit-form').getByLabel('Mã đơn vị').fill('HD');
  await page.getByTestId('unit-form').getByRole('button', { name: 'Thêm đơn vị' }).click();
  await expect(page.locator('#u-name-error').textContent()).resolves.toBe('Đầu vào không hợp lệ: mong đợi string, nhận được undefined');
  await expect(page.getByTestId('unit-form').getByLabel('Mã đơn vị').inputValue()).resolves.toBe('HD');
  await screenshotBothWidths(page, 'admin-unit-refused');
  await expectAccessible(page, 'admin-unit-refused');

  await addUnit(page, { name: PROVINCE, code: 'HD', kind: 'province' });
  await addUnit(page, { name: 'Huyện Nam Sách', code: 'NS', kind: 'district', parent: PROVINCE });
  await addUnit(page, { name: 'Xã Nam Hưng', code: 'NS-NH', kind: 'commune', parent: DISTRICT, area: 'other' });
  await page.goto(`${url}/don-vi`);
  await expect(page.getByTestId('unit-tree').locator('ul ul ul a').textContent()).resolves.toBe('Xã Nam Hưng');
  await screenshotBothWidths(page, 'admin-units');
  await expectAccessible(page, 'admin-units');

  // Cadres, and Khoa in the district's planning list for the commune's secretary.
  await addCadre(page, { fullName: 'Đặng Văn Khoa', sex: 'male', home: DISTRICT, current: DISTRICT, position: 'deputy_head_organization' });
  await addCadre(page, { fullName: 'Trần Thị Cúc', sex: 'female', home: DISTRICT, current: DISTRICT, position: 'party_secretary' });
  await page.goto(`${url}/can-bo`);
  const planning = page.getByTestId('planning-form');
  await planning.getByLabel('Cán bộ được quy hoạch').selectOption({ label: 'Đặng Văn Khoa' });
  await planning.getByLabel('Chức danh quy hoạch').selectOption('party_secretary');
  await planning.getByLabel('Đơn vị lập quy hoạch').selectOption({ label: DISTRICT });
  await planning.getByLabel('Số quyết định quy hoạch').fill('QH-01/HU');
  await planning.getByRole('button', { name: 'Ghi vào quy hoạch' }).click();
  await page.waitForURL(`${url}/can-bo?da-luu=quy-hoach`);
  await screenshotBothWidths(page, 'admin-cadres');
  await expectAccessible(page, 'admin-cadres');

  // Users: the organizer, three members, the secretary and the cadre's own account, each with a first password.
  const district = (role: string): [string, string][] => [[role, DISTRICT]];
  await addUser(page, { username: 'nguyen.van.an', fullName: 'Nguyễn Văn An', roles: district('organizer') });
  for (const n of [1, 2, 3]) await addUser(page, { username: `member.${n}`, fullName: `Ủy viên ${n}`, roles: district('committee_member') });
  await addUser(page, { username: 'tran.thi.cuc', fullName: 'Trần Thị Cúc', roles: district('secretary'), cadre: 'Trần Thị Cúc' });
  await addUser(page, { username: 'dang.van.khoa', fullName: 'Đặng Văn Khoa', roles: district('cadre'), cadre: 'Đặng Văn Khoa' });
  await expect(page.getByTestId('user-facts').textContent()).resolves.toContain('Đặng Văn Khoa');
  await screenshotBothWidths(page, 'admin-user');
  await expectAccessible(page, 'admin-user');
  // A role other than admin held on no unit is refused by its row.
  await page.goto(`${url}/nguoi-dung`);
  const userForm = page.getByTestId('user-form');
  await userForm.getByLabel('Tên đăng nhập').fill('khong.don.vi');
  await userForm.getByLabel('Họ và tên').fill('Không Đơn Vị');
  await userForm.getByLabel('Vai trò 1', { exact: true }).selectOption('organizer');
  await userForm.getByLabel('Mật khẩu ban đầu (ít nhất 10 ký tự)').fill(PASSWORD);
  await userForm.getByRole('button', { name: 'Thêm người dùng' }).click();
  await expect(page.locator('#r-role-0-error').textContent()).resolves.toBe('vai trò organizer phải gắn với một đơn vị');
  await expect(page.getByTestId('user-list').textContent()).resolves.not.toContain('Không Đơn Vị');
  await screenshotBothWidths(page, 'admin-users');
  await expectAccessible(page, 'admin-users');
  // Roles changed on the user's page, and sign-in blocked.
  await addUser(page, { username: 'tam.thoi', fullName: 'Tạm Thời', roles: [['organizer', COMMUNE]] });
  const roles = page.getByTestId('roles-form');
  await roles.getByLabel('Vai trò 1', { exact: true }).selectOption('reviewer');
  await roles.getByLabel('Đơn vị của vai trò 1', { exact: true }).selectOption({ label: DISTRICT });
  await roles.getByLabel('Cho phép đăng nhập').uncheck();
  await roles.getByRole('button', { name: 'Lưu' }).click();
  await page.waitForURL(/\/nguoi-dung\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('user-roles').textContent()).resolves.toBe(`Người đánh giá · ${DISTRICT}`);
  await expect(page.getByTestId('user-active').textContent()).resolves.toBe('Không');

  // The district's secretary post holder, and its Standing Committee (two members refused, then three).
  await page.goto(`${url}/don-vi`);
  await page.getByTestId('unit-tree').getByRole('link', { name: 'Huyện Nam Sách' }).click();
  const holder = page.getByTestId('holder-form');
  await holder.getByLabel('Chức vụ', { exact: true }).selectOption('party_secretary');
  await holder.getByLabel('Cán bộ đảm nhiệm').selectOption({ label: 'Trần Thị Cúc' });
  await holder.getByRole('button', { name: 'Lưu người đảm nhiệm' }).click();
  await page.waitForURL(/\/don-vi\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('positions').locator('tr', { hasText: 'Bí thư Đảng ủy' }).first().textContent()).resolves.toContain('Trần Thị Cúc');
  const committee = page.getByTestId('committee-form');
  for (const n of [1, 2]) await committee.getByLabel(`Ủy viên ${n} (member.${n})`).check();
  await committee.getByRole('button', { name: 'Lưu Ban Thường vụ' }).click();
  await expect(page.locator('#c-members-error').textContent()).resolves.toBe(
    'Ban Thường vụ phải có ít nhất 3 thành viên; ban này sẽ chỉ có 2: tập thể quyết định, không phải một người',
  );
  await screenshotBothWidths(page, 'admin-committee-refused');
  await expectAccessible(page, 'admin-committee-refused');
  for (const n of [1, 2, 3]) await page.getByTestId('committee-form').getByLabel(`Ủy viên ${n} (member.${n})`).check();
  await page.getByTestId('committee-form').getByRole('button', { name: 'Lưu Ban Thường vụ' }).click();
  await page.waitForURL(/\/don-vi\/[0-9a-f-]{36}$/);
  for (const n of [1, 2, 3]) await expect(page.getByTestId('committee-form').getByLabel(`Ủy viên ${n} (member.${n})`).isChecked()).resolves.toBe(true);
  await expect(page.getByTestId('unit-users').textContent()).resolves.toContain('Nguyễn Văn An');
  await screenshotBothWidths(page, 'admin-unit');
  await expectAccessible(page, 'admin-unit');
  await context.close();

  // Anyone else: no admin entries in the menu, and 403 on the pages.
  const organizer = await signIn('nguyen.van.an');
  await expect(organizer.page.getByRole('navigation').getByRole('link', { name: 'Đơn vị', exact: true }).count()).resolves.toBe(0);
  for (const path of ['/don-vi', '/nguoi-dung', '/can-bo']) await expect(organizer.page.goto(`${url}${path}`).then((r) => r?.status())).resolves.toBe(403);
  await expect(organizer.page.locator('main').textContent()).resolves.toContain('Bạn không có quyền xem nội dung này.');
  await organizer.context.close();
});

it('takes a rotation proposed on the proposal page through the case page to active, each person from their own session', async () => {
  const url = stack.service.url;
  const org = await signIn('nguyen.van.an');
  await org.page.goto(`${url}/de-xuat?q=${encodeURIComponent('khoa')}`);
  await org.page.getByLabel('Đặng Văn Khoa', { exact: false }).check();
  await org.page.getByLabel('Đơn vị tiếp nhận', { exact: true }).selectOption({ label: COMMUNE });
  await org.page.getByLabel('Chức vụ đảm nhiệm').selectOption('party_secretary');
  await org.page.getByLabel('Thời hạn luân chuyển (tháng)').fill('36');
  await org.page.getByLabel('Lý do luân chuyển').fill('Tăng cường cán bộ cho xã');
  await org.page.getByRole('button', { name: 'Gửi đề xuất' }).click();
  await org.page.waitForURL(/\/ho-so\/[0-9a-f-]{36}$/);
  const caseUrl = org.page.url();
  await expect(org.page.getByTestId('case-status').textContent()).resolves.toBe('Lấy ý kiến');

  const cadre = await signIn('dang.van.khoa');
  await cadre.page.goto(caseUrl);
  await cadre.page.getByTestId('consultation-form').getByLabel('Đồng ý', { exact: true }).check();
  await cadre.page.getByTestId('consultation-form').getByRole('button', { name: 'Ghi nhận ý kiến' }).click();
  await cadre.page.waitForURL(caseUrl);
  await cadre.context.close();
  await org.page.reload();
  for (const party of ['sending_unit', 'receiving_unit']) {
    const form = org.page.getByTestId('consultation-form');
    await form.getByLabel('Bên').selectOption(party);
    await form.getByLabel('Đồng ý', { exact: true }).check();
    await form.getByRole('button', { name: 'Ghi nhận ý kiến' }).click();
    await org.page.waitForURL(caseUrl);
  }
  await expect(org.page.getByTestId('case-status').textContent()).resolves.toBe('Thẩm định');

  // The dossier's required documents, each uploaded through the case page's form.
  for (const kind of DEFAULT_DOSSIER_RULES.required) {
    const upload = org.page.getByTestId('upload-form');
    await upload.getByLabel('Loại tài liệu').selectOption(kind);
    if (kind === 'health_certificate') await upload.getByLabel('Ngày ban hành').fill(localDate(new Date()));
    await upload.getByLabel('Tệp (PDF, JPEG hoặc PNG)').setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(SMALL_PDF) });
    await upload.getByRole('button', { name: 'Tải lên' }).click();
    await org.page.waitForURL(caseUrl);
  }
  await expect(org.page.getByTestId('dossier').textContent()).resolves.toContain('Đủ tài liệu bắt buộc.');
  await org.page.getByTestId('appraisal-form').getByLabel('Đề nghị thông qua').check();
  await org.page.getByTestId('appraisal-form').getByRole('button', { name: 'Ghi nhận thẩm định' }).click();
  await org.page.waitForURL(caseUrl);
  await expect(org.page.getByTestId('case-status').textContent()).resolves.toBe('Ban Thường vụ biểu quyết');

  // Two of the three members are a majority: the vote passes on the second ballot.
  for (const username of ['member.1', 'member.2']) {
    const member = await signIn(username);
    await member.page.goto(caseUrl);
    await member.page.getByTestId('vote-form').getByLabel('Tán thành', { exact: true }).check();
    await member.page.getByTestId('vote-form').getByRole('button', { name: 'Gửi phiếu' }).click();
    await member.page.waitForURL(caseUrl);
    await member.context.close();
  }
  await untilCaseStatus(org.page, 'Chờ ký quyết định', 'the vote to pass');
  await org.context.close();

  const sec = await signIn('tran.thi.cuc');
  await sec.page.goto(caseUrl);
  const today = localDate(new Date());
  const decision = sec.page.getByTestId('decision-form');
  await decision.getByLabel('Số quyết định').fill('45/QĐ-HU');
  await decision.getByLabel('Ngày ký').fill(today);
  await decision.getByLabel('Ngày hiệu lực').fill(today);
  await decision.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
  await sec.page.waitForURL(caseUrl);
  await untilCaseStatus(sec.page, 'Đang luân chuyển', 'the case to become active');
  await sec.context.close();
});
