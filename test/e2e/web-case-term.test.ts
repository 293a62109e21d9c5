// An active case's later parts on its page, in a real browser: a case decided through the API,
// in force for four months so that its first review is overdue and support payments have fallen
// due. Finance approves the support and records a payment (one paid in the future refused by its
// field first); a reviewer records the review with a follow-up (one without its due date refused
// by that field first), whose owner closes it; each refusal changes nothing. Only the admin sees
// the link to the case's workflow in the Temporal Web UI.
import type { Browser, Page } from 'playwright-core';
import { addDays, addMonths, localDate } from '../../domain/calendar';
import type { Json } from '../support/api-client';
import { expectAccessible } from '../support/accessibility';
import { launchBrowser } from '../support/browser';
import { type E2eStack, startE2eStack } from '../support/service';
import { SUPPORT_POLICY_BODY } from '../support/support-policies';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { type World, type WorldUser, act, buildWorld, created, endorse, exception, ok, signedIn, until } from '../support/world';

jest.setTimeout(120_000);

const PASSWORD = 'hồ-sơ-luân-chuyển-2026';
const TEMPORAL_UI = 'http://temporal-ui.test:8233';

let stack: E2eStack;
let world: World;
let browser: Browser;
let finance: WorldUser;
let reviewer: WorldUser;
let owner: WorldUser;
let caseId: string;

const today = () => localDate(new Date());
const effectiveDate = () => addMonths(today(), -4).slice(0, 10);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack({ temporalUiUrl: TEMPORAL_UI }), launchBrowser()]);
  const service = stack.service;
  world = await buildWorld(service);
  const { admin, namHung } = world;
  const user = async (username: string, fullName: string, role: string): Promise<WorldUser> => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName, roles: [{ role, unitId: namHung.id }] }));
    return { id: body.id, as: await signedIn(service, username) };
  };
  finance = await user('ke.toan.nam.hung', 'Đỗ Thị Kế Toán', 'finance');
  reviewer = await user('vu.van.danh.gia', 'Vũ Văn Đánh Giá', 'reviewer');
  owner = await user('le.thi.theo.doi', 'Lê Thị Theo Dõi', 'reviewer');
  const adminUser = await service.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
  for (const id of [adminUser.id, world.users.organizer.id, finance.id, reviewer.id, owner.id]) await ok(admin.call('POST', `/v1/users/${id}/password`, { password: PASSWORD }));
  const policy = { ...SUPPORT_POLICY_BODY, earlyRaiseRequiresExcellent: false, effectiveFrom: addMonths(today(), -12).slice(0, 10) };
  expect((await admin.call('PUT', '/v1/policies/support', policy)).status).toBe(201);

  // A six-month term in force for four months: review 1 (month 3) is overdue.
  const organizer = world.users.organizer.as;
  const proposed = await created(
    organizer.call('POST', '/v1/rotations', {
      cadreId: world.cadreKhoa.id,
      fromUnitId: world.district.id,
      toUnitId: namHung.id,
      position: 'party_secretary',
      termMonths: 6,
      reviewIntervalMonths: 3,
      nonLocalSecretary: true,
      reason: 'Luân chuyển Bí thư Đảng ủy xã không phải người địa phương',
      distanceKm: 30,
      exceptions: [exception('minimum_term')],
    }),
  );
  caseId = proposed.id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer, caseId, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer, caseId));
  for (const m of [world.users.m1, world.users.m2, world.users.m3]) await ok(act(m.as, caseId, 'votes', { vote: 'for' }));
  await ok(act(world.users.secretary.as, caseId, 'decision', { decisionNumber: '88-QĐ/HU', signedAt: effectiveDate(), effectiveDate: effectiveDate() }));
  await until(
    () => view(),
    (c) => c.status === 'active' && c.support.status === 'awaiting_approval' && c.reviews[0]?.status === 'overdue',
    'the case active, its support awaiting approval and its review overdue',
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const view = async (): Promise<Json> => (await world.admin.call('GET', `/v1/rotations/${caseId}`)).body;
const signIn = (username: string) => signInAt(browser, stack.service.url, username, PASSWORD);
const casePath = () => `${stack.service.url}/ho-so/${caseId}`;

async function submit(page: Page, form: string, button: string): Promise<void> {
  await page.getByTestId(form).getByRole('button', { name: button }).click();
  await page.waitForLoadState();
}

it('finance approves the support and records a payment, a payment dated in the future refused by its field', async () => {
  const fin = await signIn('ke.toan.nam.hung');
  await fin.page.goto(casePath());
  const support = fin.page.getByTestId('support');
  await expect(support.getByTestId('support-status').textContent()).resolves.toBe('Chờ duyệt');
  await expect(support.getByTestId('entitlements').textContent()).resolves.toMatch(/Hỗ trợ một lần\s*50\.000\.000\s₫/);
  await expect(fin.page.getByTestId('payment-form').count()).resolves.toBe(0);
  await expectAccessible(fin.page, 'case-support-approval');
  await submit(fin.page, 'support-approve-form', 'Duyệt hỗ trợ');
  await fin.page.waitForURL(casePath());
  await expect(support.getByTestId('support-status').textContent()).resolves.toBe('Đã duyệt');

  // The payments whose day has come are due; one paid tomorrow is refused by the date's field.
  const due = (await view()).support.payments.filter((p: Json) => p.status === 'due');
  expect(due.length).toBeGreaterThan(1);
  const form = fin.page.getByTestId('payment-form');
  await expect(form.getByLabel('Khoản chi').locator('option').count()).resolves.toBe(due.length);
  await form.getByLabel('Ngày chi').fill(localDate(addDays(new Date(), 1)));
  await form.getByLabel('Số chứng từ').fill('PC-01/2026');
  await submit(fin.page, 'payment-form', 'Ghi nhận đã chi');
  await expect(fin.page.locator('#sp-paid-error').textContent()).resolves.toBe('không được là thời điểm trong tương lai');
  await expect(fin.page.getByTestId('payment-form').getByLabel('Số chứng từ').inputValue()).resolves.toBe('PC-01/2026');
  await expectAccessible(fin.page, 'case-payment-refused');
  expect((await view()).support.payments.filter((p: Json) => p.status === 'paid')).toEqual([]);

  // Paid today: the first due payment is recorded with its reference.
  await fin.page.getByTestId('payment-form').getByLabel('Ngày chi').fill(today());
  await submit(fin.page, 'payment-form', 'Ghi nhận đã chi');
  await fin.page.waitForURL(casePath());
  const paid = (await view()).support.payments.filter((p: Json) => p.status === 'paid');
  expect(paid).toEqual([expect.objectContaining({ id: due[0].id, reference: 'PC-01/2026', paidBy: finance.id })]);
  await expect(fin.page.getByTestId('payments').textContent()).resolves.toContain('PC-01/2026');
  await expect(fin.page.getByTestId('payment-form').getByLabel('Khoản chi').locator('option').count()).resolves.toBe(due.length - 1);
  // No one but an admin sees the link to the workflow.
  await expect(fin.page.getByTestId('temporal-link').count()).resolves.toBe(0);
  await fin.context.close();
});

it('a reviewer records the review with a follow-up, one without its due date refused by that field, and its owner closes it', async () => {
  const rev = await signIn('vu.van.danh.gia');
  await rev.page.goto(casePath());
  const before = await view();
  const fill = async (due: string) => {
    const form = rev.page.getByTestId('review-form');
    await form.getByLabel('Hoàn thành tốt nhiệm vụ').check();
    await form.getByLabel('Nguyện vọng').fill('Mong muốn được bố trí nhà công vụ');
    await form.getByLabel('Nội dung việc').first().fill('Bố trí nhà công vụ cho đồng chí Khoa');
    await form.getByLabel('Người thực hiện').first().selectOption(owner.id);
    await form.getByLabel('Hạn hoàn thành').first().fill(due);
    await submit(rev.page, 'review-form', 'Ghi nhận đánh giá');
  };
  await fill('');
  await expect(rev.page.locator('#r-fu0-due-error').textContent()).resolves.toBe('phải là một ngày có thật, dạng YYYY-MM-DD');
  await expect(rev.page.getByTestId('review-form').getByLabel('Nội dung việc').first().inputValue()).resolves.toBe('Bố trí nhà công vụ cho đồng chí Khoa');
  const after = await view();
  expect({ version: after.version, history: after.history.length, review: after.reviews[0].status }).toEqual({
    version: before.version,
    history: before.history.length,
    review: 'overdue',
  });
  await screenshotBothWidths(rev.page, 'case-review-refused');
  await expectAccessible(rev.page, 'case-review-refused');

  await fill(localDate(addDays(new Date(), 20)));
  await rev.page.waitForURL(casePath());
  await expect(rev.page.getByTestId('reviews').textContent()).resolves.toContain('Đã đánh giá');
  await expect(rev.page.getByTestId('follow-ups').textContent()).resolves.toContain('Lê Thị Theo Dõi');
  await expect(rev.page.getByTestId('review-form').count()).resolves.toBe(0);
  await expect(rev.page.getByTestId('close-follow-up-form').count()).resolves.toBe(0);
  await rev.context.close();

  const own = await signIn('le.thi.theo.doi');
  await own.page.goto(casePath());
  await expectAccessible(own.page, 'case-follow-up');
  await own.page.getByTestId('close-follow-up-form').getByLabel('Kết quả thực hiện').fill('Đã bố trí phòng ở nhà khách xã');
  await submit(own.page, 'close-follow-up-form', 'Hoàn thành việc');
  await own.page.waitForURL(casePath());
  await expect(own.page.getByTestId('follow-ups').textContent()).resolves.toContain('Đã hoàn thành');
  expect((await view()).followUps).toEqual([
    expect.objectContaining({ id: '1.1', status: 'closed', note: 'Đã bố trí phòng ở nhà khách xã', closedBy: expect.objectContaining({ userId: owner.id }) }),
  ]);
  await own.context.close();
});

it('shows the admin the link to the case’s workflow in the Temporal Web UI, with every part of the case', async () => {
  const admin = await signIn('admin');
  await admin.page.goto(casePath());
  const namespace = stack.temporal.client.options.namespace;
  await expect(admin.page.getByTestId('temporal-link').getAttribute('href')).resolves.toBe(`${TEMPORAL_UI}/namespaces/${namespace}/workflows/rotation-${caseId}`);
  await expect(admin.page.getByTestId('exceptions').textContent()).resolves.toContain('minimum_term-01/QĐ-HU');
  await expect(admin.page.getByTestId('term').textContent()).resolves.toContain(addMonths(effectiveDate(), 6).slice(0, 10).split('-').reverse().join('/'));
  await expect(admin.page.getByTestId('evaluations').count()).resolves.toBe(1);
  await screenshotBothWidths(admin.page, 'case-support-reviews-term');
  await expectAccessible(admin.page, 'case-support-reviews-term');
  await admin.context.close();
  // The organizer, no admin, sees no link.
  const org = await signIn('nguyen.van.an');
  await org.page.goto(casePath());
  await expect(org.page.getByTestId('temporal-link').count()).resolves.toBe(0);
  await expect(org.page.getByTestId('terminate-form').count()).resolves.toBe(1);
  await expectAccessible(org.page, 'case-term-organizer');
  await org.context.close();
});
