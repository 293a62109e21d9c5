// A case taken from its consultations to an active rotation on its page, in a real browser: the
// cadre answers for themself, the organizer records the units' answers and uploads documents (a
// file of the wrong type and a form without its CSRF token refused), then appraises (an empty
// dossier and an objection without a resolution refused by their fields, then endorsed); three
// members vote from their own sessions; the secretary signs (a refused decision shown by its
// field first); the page shows the case decided, then active. The ballot stays secret.
import type { Browser } from 'playwright-core';
import { localDate } from '../../domain/calendar';
import { yearsBefore } from '../../domain/input';
import { launchBrowser } from '../support/browser';
import { type E2eStack, startE2eStack } from '../support/service';
import { screenshotBothWidths, signInAt, untilCaseStatus } from '../support/web-pages';
import { SMALL_PDF, type World, buildWorld, created, fileDossier, khoaToNamHung, ok, until } from '../support/world';

jest.setTimeout(180_000);

const PASSWORD = 'hồ-sơ-luân-chuyển-2026';

let stack: E2eStack;
let world: World;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  world = await buildWorld(stack.service);
  for (const user of [world.users.organizer, world.users.secretary, world.users.otherOrganizer, world.users.khoa, world.users.m1, world.users.m2, world.users.m3])
    await ok(world.admin.call('POST', `/v1/users/${user.id}/password`, { password: PASSWORD }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const signIn = (username: string) => signInAt(browser, stack.service.url, username, PASSWORD);

it('files the dossier, appraises, votes and signs from the case page: refusals by their fields, then decided and active, never who voted how', async () => {
  const url = stack.service.url;
  const organizer = world.users.organizer;
  const { id } = await created(organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world)));
  const objection = { outcome: 'object', concerns: [{ type: 'local_acceptance', note: 'Xã muốn người địa phương' }], note: 'Chưa đồng thuận' };
  // The cadre answers for themself from their own session; the organizer records the units' answers.
  const cadre = await signIn('dang.van.khoa');
  await cadre.page.goto(`${url}/ho-so/${id}`);
  await expect(cadre.page.getByTestId('consultation-form').getByLabel('Bên').locator('option').allTextContents()).resolves.toEqual(['Cán bộ']);
  await cadre.page.getByTestId('consultation-form').getByLabel('Đồng ý', { exact: true }).check();
  await cadre.page.getByTestId('consultation-form').getByRole('button', { name: 'Ghi nhận ý kiến' }).click();
  await cadre.page.waitForURL(`${url}/ho-so/${id}`);
  await cadre.context.close();
  const org = await signIn('nguyen.van.an');
  await org.page.goto(`${url}/ho-so/${id}`);
  const consult = async (party: string, outcome: string, concern?: string) => {
    const form = org.page.getByTestId('consultation-form');
    await form.getByLabel('Bên').selectOption(party);
    await form.getByLabel(outcome, { exact: true }).check();
    if (concern) {
      await form.getByLabel('Băn khoăn (nếu có)').selectOption('local_acceptance');
      await form.getByLabel('Nội dung băn khoăn').fill(concern);
    }
    await form.getByRole('button', { name: 'Ghi nhận ý kiến' }).click();
    await org.page.waitForURL(`${url}/ho-so/${id}`);
  };
  await consult('sending_unit', 'Đồng ý');
  await consult('receiving_unit', 'Không đồng ý', objection.concerns[0].note);
  await expect(org.page.getByTestId('case-status').textContent()).resolves.toBe('Thẩm định');

  // Endorsing with the dossier still empty is refused, the message by the outcome.
  await org.page.getByTestId('appraisal-form').getByLabel('Đề nghị thông qua').check();
  await org.page.getByTestId('appraisal-form').getByLabel('Hướng giải quyết ý kiến phản đối của Đơn vị tiếp nhận').fill('Đã đối thoại với xã');
  await org.page.getByTestId('appraisal-form').getByRole('button', { name: 'Ghi nhận thẩm định' }).click();
  await expect(org.page.locator('#a-outcome-error').textContent()).resolves.toBe(
    'hồ sơ tài liệu chưa đầy đủ: còn thiếu Tờ trình đề nghị, Sơ yếu lý lịch, Bản tự kiểm điểm, Đánh giá 3 năm gần nhất, Kết luận tiêu chuẩn chính trị, Bản kê khai tài sản, Giấy chứng nhận sức khỏe (cấp trong vòng 6 tháng)',
  );
  await expect(org.page.getByTestId('dossier').textContent()).resolves.toContain('Còn thiếu tài liệu bắt buộc.');

  // The upload form: a file that is no PDF, JPEG or PNG is refused by the file's field; a PDF is filed.
  const uploadForm = () => org.page.getByTestId('upload-form');
  await uploadForm().getByLabel('Loại tài liệu').selectOption('other');
  await uploadForm()
    .getByLabel('Tệp (PDF, JPEG hoặc PNG)')
    .setInputFiles({ name: 'ghi-chu.txt', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
  await uploadForm().getByRole('button', { name: 'Tải lên' }).click();
  await expect(org.page.locator('#u-file-error').textContent()).resolves.toBe('nội dung tệp không thuộc loại nào được chấp nhận');
  await screenshotBothWidths(org.page, 'case-upload-refused');
  await uploadForm().getByLabel('Loại tài liệu').selectOption('other');
  await uploadForm().getByLabel('Số văn bản (nếu có)').fill('01/TTr');
  await uploadForm()
    .getByLabel('Tệp (PDF, JPEG hoặc PNG)')
    .setInputFiles({ name: 'to-trinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from(SMALL_PDF) });
  await uploadForm().getByRole('button', { name: 'Tải lên' }).click();
  await org.page.waitForURL(`${url}/ho-so/${id}`);
  const dossier = await ok(organizer.as.call('GET', `/v1/rotations/${id}/dossier`));
  expect(dossier.items.find((i: { kind: string }) => i.kind === 'other')).toMatchObject({ status: 'provided' });
  // The same form without its CSRF token is refused, and nothing is stored.
  const forged = await org.page.request.post(`${url}/ho-so/${id}/tai-lieu`, {
    multipart: { kind: 'personal_record', file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from(SMALL_PDF) } },
  });
  expect(forged.status()).toBe(403);
  expect((await ok(organizer.as.call('GET', `/v1/rotations/${id}/dossier`))).items.find((i: { kind: string }) => i.kind === 'personal_record')).toMatchObject({
    status: 'missing',
  });

  await fileDossier(organizer.as, id);
  await org.page.reload();

  // The organizer endorses without resolving the objection: refused, the message by the resolution's field.
  // The dossier lists each kind with its document, downloaded with the session as GET /v1/documents/:id answers it.
  await expect(org.page.getByTestId('dossier').textContent()).resolves.toContain('Đủ tài liệu bắt buộc.');
  const link = org.page.getByTestId('dossier').getByRole('link', { name: 'Tải về' }).first();
  const download = await org.page.request.get(`${url}${await link.getAttribute('href')}`);
  expect([download.status(), download.headers()['content-type'], download.headers()['content-disposition']]).toEqual([
    200,
    'application/pdf',
    expect.stringMatching(/^attachment;/),
  ]);
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
  // Someone who may not see the case is not even told the document exists.
  const outsider = await signIn('pham.van.binh');
  await expect(outsider.page.request.get(`${url}${await link.getAttribute('href')}`).then((r) => r.status())).resolves.toBe(404);
  await outsider.context.close();
  await expect(org.page.request.get(`${url}/tai-lieu/00000000-0000-4000-8000-000000000000`).then((r) => r.status())).resolves.toBe(404);
  await expect(org.context.request.get(`${url}/tai-lieu/not-an-id`).then((r) => r.status())).resolves.toBe(404);
  const appraisal = org.page.getByTestId('appraisal-form');
  await appraisal.getByLabel('Đề nghị thông qua').check();
  await appraisal.getByRole('button', { name: 'Ghi nhận thẩm định' }).click();
  await expect(org.page.locator('#a-resolution-receiving_unit-error').textContent()).resolves.toBe(
    'đề nghị thông qua (endorse) phải có hướng giải quyết cho mọi bên phản đối: còn thiếu receiving_unit',
  );
  await expect(org.page.getByTestId('case-status').textContent()).resolves.toBe('Thẩm định');
  await screenshotBothWidths(org.page, 'case-appraisal-refused');
  // The form keeps what was chosen; with the resolution written, the case goes to the vote.
  await expect(org.page.getByTestId('appraisal-form').getByLabel('Đề nghị thông qua').isChecked()).resolves.toBe(true);
  await org.page.getByTestId('appraisal-form').getByLabel('Hướng giải quyết ý kiến phản đối của Đơn vị tiếp nhận').fill('Đã đối thoại với xã, xã đồng thuận');
  await org.page.getByTestId('appraisal-form').getByRole('button', { name: 'Ghi nhận thẩm định' }).click();
  await org.page.waitForURL(`${url}/ho-so/${id}`);
  await expect(org.page.getByTestId('case-status').textContent()).resolves.toBe('Ban Thường vụ biểu quyết');
  await expect(org.page.getByTestId('appraisal-form').count()).resolves.toBe(0);

  // Three members vote, each from their own session.
  for (const username of ['member.1', 'member.2', 'member.3']) {
    const member = await signIn(username);
    await member.page.goto(`${url}/ho-so/${id}`);
    await member.page.getByTestId('vote-form').getByLabel('Tán thành', { exact: true }).check();
    await member.page.getByTestId('vote-form').getByRole('button', { name: 'Gửi phiếu' }).click();
    await member.page.waitForURL(`${url}/ho-so/${id}`);
    await member.context.close();
  }
  await until(
    () => ok(organizer.as.call('GET', `/v1/rotations/${id}`)),
    (v) => v.status === 'decision_pending',
    'the vote to pass',
  );

  // Only the secretary sees the decision form; a decision signed in the future is refused by its field.
  await org.page.reload();
  await expect(org.page.getByTestId('decision-form').count()).resolves.toBe(0);
  const sec = await signIn('tran.thi.cuc');
  await sec.page.goto(`${url}/ho-so/${id}`);
  await screenshotBothWidths(sec.page, 'case-decision-form');
  const today = localDate(new Date());
  const decision = sec.page.getByTestId('decision-form');
  await decision.getByLabel('Số quyết định').fill('123/QĐ-HU');
  await decision.getByLabel('Ngày ký').fill('2099-01-01');
  await decision.getByLabel('Ngày hiệu lực').fill(today);
  await decision.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
  await expect(sec.page.locator('#d-signed-error').textContent()).resolves.toBe(
    `phải trong vòng 10 năm so với hôm nay: từ ngày ${yearsBefore(today, 10)} đến ngày ${yearsBefore(today, -10)}`,
  );
  await expect(sec.page.getByTestId('case-status').textContent()).resolves.toBe('Chờ ký quyết định');
  await screenshotBothWidths(sec.page, 'case-decision-refused');
  await sec.page.getByTestId('decision-form').getByLabel('Ngày ký').fill(today);
  await sec.page.getByTestId('decision-form').getByRole('button', { name: 'Ghi nhận quyết định' }).click();
  await sec.page.waitForURL(`${url}/ho-so/${id}`);
  await expect(sec.page.getByTestId('case-status').textContent()).resolves.toMatch(/^(Đã có quyết định|Đang luân chuyển)$/);
  // Effective today: the case becomes active within seconds.
  await untilCaseStatus(sec.page, 'Đang luân chuyển', 'the case to become active');

  // No page shows who voted how: no vote choice follows a member's name.
  const text = (await sec.page.locator('main').textContent()) ?? '';
  for (const member of ['member.1', 'member.2', 'member.3', 'member.4', 'member.5'])
    expect(text).not.toMatch(new RegExp(`${member}\\W{0,5}(Tán thành|Không tán thành|Không biểu quyết)`));
  await org.context.close();
  await sec.context.close();
});
