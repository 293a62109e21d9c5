// The end of a term on the case page, in a real browser: a six-month case in force since six
// months and ten days ago, so that its term has ended. The organizer's return is refused until the
// closing evaluations are in, an early termination without the decision number is refused by that
// field and an appointment to a post the unit's kind lacks by the post's; the cadre, the receiving
// unit's reviewer and the organizer record the three closing evaluations, each in their own
// browser; the organizer then appoints the cadre to a post of the unit they left, and the case is
// completed. Each refusal changes nothing. The organizer also withdraws a case under consultation.
import type { Browser, Page } from 'playwright-core';
import { addDays, addMonths, localDate } from '../../domain/calendar';
import type { Json } from '../support/api-client';
import { launchBrowser } from '../support/browser';
import { type E2eStack, startE2eStack } from '../support/service';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { type World, buildWorld, caseInForceSince, created, khoaToNamHung, until } from '../support/world';

jest.setTimeout(90_000);

const PASSWORD = 'hồ-sơ-hết-thời-hạn-2026';
const ORGANIZER = 'nguyen.van.an';
const REVIEWER = 'vu.van.danh.gia';
const CADRE = 'dang.van.khoa';

let stack: E2eStack;
let world: World;
let browser: Browser;
let caseId: string;
let proposedId: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  world = await buildWorld(stack.service);
  const { admin, namHung } = world;
  const reviewer = await created(admin.call('POST', '/v1/users', { username: REVIEWER, fullName: 'Vũ Văn Đánh Giá', roles: [{ role: 'reviewer', unitId: namHung.id }] }));
  for (const id of [world.users.organizer.id, world.users.khoa.id, reviewer.id])
    expect((await admin.call('POST', `/v1/users/${id}/password`, { password: PASSWORD })).status).toBe(200);
  // A six-month term that ended ten days ago.
  const effectiveDate = addMonths(localDate(addDays(new Date(), -10)), -6).slice(0, 10);
  caseId = (await caseInForceSince(world, effectiveDate, { termMonths: 6, reviewIntervalMonths: 3 })).id;
  await until(view, (c) => c.termEndReachedAt !== null, 'the term’s end reached');
  // Another cadre's case, still under consultation.
  proposedId = (
    await created(world.users.organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world, { cadreId: world.cadreHong.id, position: 'vice_chair', nonLocalSecretary: false })))
  ).id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const get = async (id: string): Promise<Json> => (await world.admin.call('GET', `/v1/rotations/${id}`)).body;
const view = (): Promise<Json> => get(caseId);
const signIn = (username: string) => signInAt(browser, stack.service.url, username, PASSWORD);
const pathOf = (id: string) => `${stack.service.url}/ho-so/${id}`;

async function submit(page: Page, form: string, button: string): Promise<void> {
  await page.getByTestId(form).getByRole('button', { name: button }).click();
  await page.waitForLoadState();
}

/** What a refused step must leave as it was. */
const unchanged = (c: Json) => ({ version: c.version, history: c.history.length, status: c.status, evaluations: c.evaluations.length });

it('refuses the organizer’s return before the closing evaluations, a termination without its decision number and a post the unit lacks, each by its field', async () => {
  const before = unchanged(await view());
  const { page, context } = await signIn(ORGANIZER);
  await page.goto(pathOf(caseId));
  await expect(page.getByTestId('evaluations-missing').textContent()).resolves.toContain('Bản tự kiểm điểm của cán bộ');
  await screenshotBothWidths(page, 'case-term-end-before');

  const termEnd = page.getByTestId('term-end-form');
  await termEnd.getByLabel('Trở về vị trí cũ').check();
  await submit(page, 'term-end-form', 'Ghi nhận quyết định');
  await expect(page.locator('#te-outcome-error').textContent()).resolves.toBe(
    'chỉ bố trí cán bộ sau khi đã ghi nhận các đánh giá kết thúc: còn thiếu self_review, receiving_unit, conclusion',
  );
  await expect(page.getByTestId('term-end-form').getByLabel('Trở về vị trí cũ').isChecked()).resolves.toBe(true);
  expect(unchanged(await view())).toEqual(before);

  // The units offered are the receiving unit and the one the cadre left; the posts those units' kinds have.
  const form = page.getByTestId('term-end-form');
  await expect(form.getByLabel('Đơn vị bổ nhiệm').locator('option').allTextContents()).resolves.toEqual([
    'Xã Nam Hưng (đơn vị tiếp nhận)',
    'Huyện Nam Sách (đơn vị công tác trước khi luân chuyển)',
  ]);
  await expect(
    form
      .getByLabel('Chức vụ bổ nhiệm')
      .locator('optgroup')
      .evaluateAll((groups) => groups.map((g) => g.getAttribute('label'))),
  ).resolves.toEqual(['Chức vụ của cấp huyện', 'Chức vụ của cấp xã']);
  // A commune's post at the district is refused by the post's field.
  await form.getByLabel('Bổ nhiệm chức vụ mới').check();
  await form.getByLabel('Đơn vị bổ nhiệm').selectOption(world.district.id);
  await form.getByLabel('Chức vụ bổ nhiệm').selectOption('commander_military');
  await submit(page, 'term-end-form', 'Ghi nhận quyết định');
  await expect(page.locator('#te-position-error').textContent()).resolves.toBe(
    'đơn vị cấp district không có chức danh commander_military; cán bộ chỉ được bổ nhiệm vào chức danh mà cấp đơn vị đó có',
  );
  await expect(page.getByTestId('term-end-form').getByLabel('Đơn vị bổ nhiệm').inputValue()).resolves.toBe(world.district.id);
  await expect(page.getByTestId('term-end-form').getByLabel('Chức vụ bổ nhiệm').inputValue()).resolves.toBe('commander_military');
  expect(unchanged(await view())).toEqual(before);

  // Ending the rotation early takes the competent level's decision number.
  const terminate = page.getByTestId('terminate-form');
  await terminate.getByLabel('Lý do').fill('Không hoàn thành nhiệm vụ được giao');
  await submit(page, 'terminate-form', 'Chấm dứt luân chuyển');
  await expect(page.locator('#t-number-error').textContent()).resolves.toMatch(/\S/);
  await expect(page.getByTestId('terminate-form').getByLabel('Lý do').inputValue()).resolves.toBe('Không hoàn thành nhiệm vụ được giao');
  expect(unchanged(await view())).toEqual(before);
  await context.close();
});

it('takes the three closing evaluations through the evaluation form, each from its own writer', async () => {
  const evaluate = async (username: string, kind: string, rating: string) => {
    const { page, context } = await signIn(username);
    await page.goto(pathOf(caseId));
    const form = page.getByTestId('evaluation-form');
    await form.getByLabel('Loại đánh giá').selectOption({ label: kind });
    await form.getByLabel(rating, { exact: true }).check();
    await form.getByLabel('Nội dung').fill(`${kind}: ${rating}`);
    await submit(page, 'evaluation-form', 'Ghi nhận đánh giá');
    await page.waitForURL(pathOf(caseId));
    await expect(page.getByTestId('evaluations').textContent()).resolves.toContain(`${kind}: ${rating}`);
    await context.close();
  };
  await evaluate(CADRE, 'Bản tự kiểm điểm của cán bộ', 'Hoàn thành tốt nhiệm vụ');
  await evaluate(REVIEWER, 'Nhận xét của đơn vị tiếp nhận', 'Hoàn thành tốt nhiệm vụ');
  await evaluate(ORGANIZER, 'Kết luận của cấp quyết định', 'Hoàn thành xuất sắc nhiệm vụ');
  expect((await view()).evaluations.map((e: Json) => [e.kind, e.rating])).toEqual([
    ['self_review', 'good'],
    ['receiving_unit', 'good'],
    ['conclusion', 'excellent'],
  ]);
});

it('appoints the cadre to a post of the unit they left: the case is completed, with the decision in its term and history', async () => {
  const { page, context } = await signIn(ORGANIZER);
  await page.goto(pathOf(caseId));
  await expect(page.getByTestId('evaluations-missing').count()).resolves.toBe(0);
  const form = page.getByTestId('term-end-form');
  await form.getByLabel('Bổ nhiệm chức vụ mới').check();
  await form.getByLabel('Đơn vị bổ nhiệm').selectOption(world.district.id);
  await form.getByLabel('Chức vụ bổ nhiệm').selectOption('head_division');
  await submit(page, 'term-end-form', 'Ghi nhận quyết định');
  await page.waitForURL(pathOf(caseId));
  await expect(page.getByTestId('case-status').textContent()).resolves.toBe('Hoàn thành');
  await expect(page.getByTestId('term-end').textContent()).resolves.toMatch(/Bổ nhiệm chức vụ mới · Trưởng phòng/);
  await expect(page.getByTestId('history').locator('li').last().textContent()).resolves.toContain('Kết thúc luân chuyển');
  await expect(page.getByTestId('term-end-form').count()).resolves.toBe(0);
  await expect(page.getByTestId('terminate-form').count()).resolves.toBe(0);
  await screenshotBothWidths(page, 'case-term-end-after');
  await context.close();
  expect(await view()).toMatchObject({ status: 'completed', termEnd: { outcome: 'appoint', appointedTo: { unitId: world.district.id, position: 'head_division' } } });
});

it('lets the organizer withdraw a case under consultation from its page, one without a reason refused by that field', async () => {
  const before = await get(proposedId);
  const { page, context } = await signIn(ORGANIZER);
  await page.goto(pathOf(proposedId));
  await submit(page, 'withdraw-form', 'Rút hồ sơ');
  await expect(page.locator('#w-reason-error').textContent()).resolves.toMatch(/\S/);
  expect(unchanged(await get(proposedId))).toEqual(unchanged(before));

  await page.getByTestId('withdraw-form').getByLabel('Lý do').fill('Cán bộ được điều động làm nhiệm vụ khác');
  await submit(page, 'withdraw-form', 'Rút hồ sơ');
  await page.waitForURL(pathOf(proposedId));
  await expect(page.getByTestId('case-status').textContent()).resolves.toBe('Đã rút');
  await expect(page.getByTestId('history').locator('li').last().textContent()).resolves.toContain('Rút hồ sơ');
  await expect(page.getByTestId('withdraw-form').count()).resolves.toBe(0);
  await context.close();
  expect(await get(proposedId)).toMatchObject({ status: 'withdrawn' });
});
