// Delegation from the web app, in a real browser with separate sessions: the district's secretary,
// on leave, delegates signing decisions to a deputy on the Ủy quyền page; the deputy finds the
// task in their inbox, signs the decision from the case page, and the history says on whose
// behalf; a member delegating their vote is refused by the kinds' field; the secretary revokes.
import type { Browser } from 'playwright-core';
import { localDate } from '../../domain/calendar';
import { expectAccessible } from '../support/accessibility';
import { launchBrowser } from '../support/browser';
import { type E2eStack, startE2eStack } from '../support/service';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { type World, buildWorld, caseAwaitingDecision, created, ok } from '../support/world';

jest.setTimeout(180_000);

const PASSWORD = 'uy-quyen-thay-mat-2026';
const inDays = (days: number) => localDate(new Date(Date.now() + days * 24 * 60 * 60 * 1000));

let stack: E2eStack;
let world: World;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  world = await buildWorld(stack.service);
  const { admin } = world;
  const deputy = await created(admin.call('POST', '/v1/users', { username: 'vu.van.pho', fullName: 'Vũ Văn Phó', roles: [{ role: 'reviewer', unitId: world.anLam.id }] }));
  for (const id of [world.users.secretary.id, world.users.m4.id, deputy.id]) await ok(admin.call('POST', `/v1/users/${id}/password`, { password: PASSWORD }));
  caseId = await caseAwaitingDecision(world);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const signIn = (username: string) => signInAt(browser, stack.service.url, username, PASSWORD);

it('delegates the decision to a deputy, who signs it from their inbox on the secretary’s behalf; a vote is not delegated', async () => {
  const url = stack.service.url;

  // The secretary finds the deputy by name (without diacritics) and delegates signing decisions.
  const sec = await signIn('tran.thi.cuc');
  await sec.page.getByRole('link', { name: 'Ủy quyền' }).click();
  await sec.page.waitForURL(`${url}/uy-quyen`);
  await expect(sec.page.getByTestId('delegations-given').textContent()).resolves.toContain('Bạn chưa ủy quyền cho ai.');
  const form = sec.page.getByTestId('delegation-form');
  await form.getByLabel('Tìm người nhận ủy quyền theo họ tên').fill('vu van pho');
  await form.getByRole('button', { name: 'Tìm' }).click();
  await form.getByLabel('Vũ Văn Phó (vu.van.pho)').check();
  await expect(form.getByLabel('Từ ngày').inputValue()).resolves.toBe(localDate(new Date()));
  await form.getByLabel('Đến ngày').fill(inDays(14));
  await form.getByLabel('Ký quyết định').check();
  await form.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
  await sec.page.waitForURL(`${url}/uy-quyen`);
  const given = sec.page.getByTestId('delegations-given').locator('tbody tr');
  await expect(given.count()).resolves.toBe(1);
  await expect(given.first().textContent()).resolves.toMatch(/Vũ Văn Phó[\s\S]*Ký quyết định[\s\S]*Đang hiệu lực/);
  await screenshotBothWidths(sec.page, 'delegations');
  await expectAccessible(sec.page, 'delegations');
  const delegations = await ok(world.users.secretary.as.call('GET', '/v1/delegations'));
  expect(delegations.given).toEqual([
    expect.objectContaining({ toUserId: expect.any(String), from: localDate(new Date()), to: inDays(14), kinds: ['decision'], status: 'active' }),
  ]);

  // A member cannot hand over their vote: refused by the kinds' field, nothing given.
  const member = await signIn('member.4');
  await member.page.goto(`${url}/uy-quyen?q=member.5`);
  const memberForm = member.page.getByTestId('delegation-form');
  await memberForm.getByLabel('member.5 (member.5)').check();
  await memberForm.getByLabel('Đến ngày').fill(inDays(7));
  await memberForm.getByLabel('Biểu quyết').check();
  await memberForm.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
  await expect(member.page.locator('#dl-kinds-error').textContent()).resolves.toBe('không được ủy quyền biểu quyết: mỗi thành viên tự biểu quyết');
  await expect(memberForm.getByLabel('Biểu quyết').isChecked()).resolves.toBe(true);
  await expect(memberForm.getByLabel('member.5 (member.5)').isChecked()).resolves.toBe(true);
  await screenshotBothWidths(member.page, 'delegation-vote-refused');
  await expectAccessible(member.page, 'delegation-vote-refused');
  expect((await ok(world.users.m4.as.call('GET', '/v1/delegations'))).given).toEqual([]);
  await member.context.close();

  // The deputy sees the secretary's task in their inbox and the delegation they received.
  const deputy = await signIn('vu.van.pho');
  const task = deputy.page.getByTestId('tasks').locator('li');
  await expect(task.count()).resolves.toBe(1);
  await expect(task.first().textContent()).resolves.toMatch(/Ký quyết định[\s\S]*\(thay mặt tran\.thi\.cuc\)[\s\S]*Đặng Văn Khoa/);
  await deputy.page.goto(`${url}/uy-quyen`);
  await expect(deputy.page.getByTestId('delegations-received').locator('tbody tr').first().textContent()).resolves.toMatch(/tran\.thi\.cuc[\s\S]*Đang hiệu lực/);

  // The case page offers the deputy the secretary's form; the decision is signed on her behalf.
  await deputy.page.goto(`${url}/`);
  await task.first().getByRole('link').click();
  await deputy.page.waitForURL(`${url}/ho-so/${caseId}`);
  const decision = deputy.page.getByTestId('decision-form');
  await decision.getByLabel('Số quyết định').fill('88/QĐ-HU');
  await decision.getByLabel('Ngày ký').fill(localDate(new Date()));
  await decision.getByLabel('Ngày hiệu lực').fill(inDays(7));
  await decision.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
  await deputy.page.waitForURL(`${url}/ho-so/${caseId}`);
  await expect(deputy.page.getByTestId('case-status').textContent()).resolves.toBe('Đã có quyết định');
  const signed = deputy.page.getByTestId('history').locator('li').filter({ hasText: 'Ký quyết định' });
  await expect(signed.textContent()).resolves.toContain('Vũ Văn Phó (thay mặt tran.thi.cuc)');
  await screenshotBothWidths(deputy.page, 'case-signed-on-behalf');

  // The secretary revokes: the deputy reaches the case no more.
  await sec.page.reload();
  await sec.page.getByTestId('delegations-given').getByRole('button', { name: 'Thu hồi' }).click();
  await sec.page.waitForURL(`${url}/uy-quyen`);
  await expect(sec.page.getByTestId('delegations-given').locator('tbody tr').first().textContent()).resolves.toContain('Đã thu hồi');
  await expect(sec.page.getByTestId('delegations-given').getByRole('button', { name: 'Thu hồi' }).count()).resolves.toBe(0);
  const after = await deputy.page.goto(`${url}/ho-so/${caseId}`);
  expect(after?.status()).toBe(403);
  await deputy.context.close();
  await sec.context.close();
});
