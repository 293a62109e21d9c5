// Separation of duties over real HTTP, with a real Temporal dev server, the real worker and a fresh
// database: a user linked to the rotated cadre takes no step on the case but the cadre's own answer
// (403 own_case), an organizer's record of that answer is on the cadre's behalf, committees have at
// least three members, scoped admins link and grant only within their units, users are deactivated
// and their roles revoked, and a step no one holds the role for becomes the organizers' attention.
import { addMonths, localDate } from '../../domain/calendar';
import type { ApiResponse, Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, type WorldUser, act, buildWorld, created, endorse, expectProblem, khoaToNamHung, ok, signedIn, until } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;
/** Linked to the cadre Khoa, and holding every role a step of his case needs over the district. */
let khoaOfficial: WorldUser;
let caseId: string;

const today = () => localDate(new Date());

async function user(username: string, roles: Json[], cadreId?: string, by: SignedInClient = world.admin): Promise<WorldUser> {
  const body = await created(by.call('POST', '/v1/users', { username, fullName: username, roles, ...(cadreId ? { cadreId } : {}) }));
  return { id: body.id, as: await signedIn(service, username) };
}

function expectOwnCase(res: ApiResponse<Json>): void {
  expectProblem(res, 403);
  expect(res.body.rule).toBe('own_case');
}

async function tasksOf(as: SignedInClient, id: string): Promise<Json[]> {
  return (await as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === id);
}

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
  const roles = ['organizer', 'secretary', 'finance', 'reviewer'].map((role) => ({ role, unitId: world.district.id }));
  khoaOfficial = await user('dang.van.khoa.2', roles, world.cadreKhoa.id);
  const policy = { oneTimeVnd: 10_000_000, monthlySupplementVnd: 1_000_000, housingAllowanceVnd: 0, transportTiers: [], earlySalaryRaise: false };
  await created(world.admin.call('PUT', '/v1/policies/support', { ...policy, effectiveFrom: addMonths(today(), -12).slice(0, 10) }));
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

describe('no one decides their own case', () => {
  it('refuses the cadre proposing their own rotation', async () => {
    expectOwnCase(await khoaOfficial.as.call('POST', '/v1/rotations', khoaToNamHung(world)));
    caseId = (await created(world.users.organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world)))).id;
  });

  it("records an organizer's record of the cadre's answer on the cadre's behalf, and refuses the cadre any other party's", async () => {
    const other = (
      await created(world.users.organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world, { cadreId: world.cadreHong.id, nonLocalSecretary: false, position: 'vice_chair' })))
    ).id;
    const byOrganizer = await ok(act(world.users.organizer.as, caseId, 'consultations', { party: 'cadre', outcome: 'agree' }));
    const recorded = byOrganizer.history.find((h: Json) => h.action === 'consultation_recorded');
    expect(recorded).toMatchObject({
      actor: { userId: world.users.organizer.id },
      onBehalfOf: { userId: world.users.khoa.id, username: 'dang.van.khoa', cadreId: world.cadreKhoa.id },
    });
    // Hồng has no user: the organizer acts for her by name.
    const forHong = await ok(act(world.users.organizer.as, other, 'consultations', { party: 'cadre', outcome: 'agree' }));
    expect(forHong.history.at(-1).onBehalfOf).toEqual({ userId: null, username: world.cadreHong.fullName, cadreId: world.cadreHong.id });
    await ok(act(world.users.organizer.as, other, 'withdraw', { reason: 'Thử nghiệm' }));

    expectOwnCase(await act(khoaOfficial.as, caseId, 'consultations', { party: 'sending_unit', outcome: 'agree' }));
    await ok(act(world.users.organizer.as, caseId, 'consultations', { party: 'sending_unit', outcome: 'agree' }));
    await ok(act(world.users.organizer.as, caseId, 'consultations', { party: 'receiving_unit', outcome: 'agree' }));
  });

  it('refuses every step of the case to a user linked to the rotated cadre, naming own_case', async () => {
    expectOwnCase(await act(khoaOfficial.as, caseId, 'appraisal', { outcome: 'endorse' }));
    await ok(endorse(world.users.organizer.as, caseId));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'votes', { vote: 'for' }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'vote/close', {}));
    // The secretary may close the vote only once its deadline has passed; others not at all.
    expectProblem(await act(world.users.secretary.as, caseId, 'vote/close', {}), 409);
    expectProblem(await act(world.users.m1.as, caseId, 'vote/close', {}), 403);
    for (const m of [world.users.m1, world.users.m2, world.users.m3]) await ok(act(m.as, caseId, 'votes', { vote: 'for' }));

    expectOwnCase(await act(khoaOfficial.as, caseId, 'decision', { decisionNumber: '7-QĐ/HU', signedAt: today(), effectiveDate: today() }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'withdraw', { reason: 'Tự rút' }));
    await ok(act(world.users.secretary.as, caseId, 'decision', { decisionNumber: '7-QĐ/HU', signedAt: today(), effectiveDate: today() }));
    await until(
      () => world.admin.call('GET', `/v1/rotations/${caseId}`),
      (r) => r.body.status === 'active' && r.body.support.status === 'awaiting_approval',
      'active with support',
    );

    expectOwnCase(await act(khoaOfficial.as, caseId, 'support/approve', {}));
    expectOwnCase(await act(khoaOfficial.as, caseId, `support/payments/${caseId}:one_time:0/paid`, { paidAt: today(), reference: 'UNC-1' }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'reviews', { seq: 1, heldAt: today(), rating: 'excellent' }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'follow-ups/1.1/close', { note: 'Xong' }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'term-end', { outcome: 'appoint', position: 'chair' }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'continuation', { decision: 'continue', reason: 'Tự quyết' }));
    expectOwnCase(await act(khoaOfficial.as, caseId, 'terminate', { reason: 'Tự kết thúc', decisionNumber: '92-QĐ/HU' }));
    // Nor is a follow-up given to the cadre to close.
    const followUp = { action: 'Báo cáo kết quả', ownerUserId: world.users.khoa.id, dueDate: localDate(addMonths(today(), 1)) };
    const review = await act(world.users.organizer.as, caseId, 'reviews', { seq: 1, heldAt: today(), rating: 'good', followUps: [followUp] });
    expectProblem(review, 422, 'followUps.0.ownerUserId');
    expect(review.body.rule).toBe('own_case');
    // The user linked to the cadre has no task on the case, whatever roles they hold.
    expect(await tasksOf(khoaOfficial.as, caseId)).toEqual([]);
  });

  it('asks the organizers for a finance officer when no one else holds the role over the units', async () => {
    const attention = await until(
      () => tasksOf(world.users.organizer.as, caseId),
      (t) => t.some((x) => x.kind === 'attention'),
      'attention task',
    );
    expect(attention).toEqual([expect.objectContaining({ kind: 'attention', reason: 'missing_role', role: 'finance', unitId: world.namHung.id })]);
    const finance = await user('ke.toan.nam.hung', [{ role: 'finance', unitId: world.namHung.id }]);
    expect(await tasksOf(world.users.organizer.as, caseId)).toEqual([]);
    expect(await tasksOf(finance.as, caseId)).toEqual([expect.objectContaining({ kind: 'support_approval' })]);
    await ok(act(finance.as, caseId, 'support/approve', {}));
  });
});

describe('a Standing Committee of fewer than three', () => {
  it('is refused (422 committee_size); none removes the committee', async () => {
    const two = await world.admin.call('PUT', `/v1/units/${world.otherDistrict.id}/committee`, { memberUserIds: [world.users.m1.id, world.users.m2.id] });
    expectProblem(two, 422, 'memberUserIds');
    expect(two.body.rule).toBe('committee_size');
    expectProblem(await world.admin.call('PUT', `/v1/units/${world.otherDistrict.id}/committee`, { memberUserIds: [world.users.m1.id] }), 422);
    expect((await world.admin.call('PUT', `/v1/units/${world.otherDistrict.id}/committee`, { memberUserIds: [] })).status).toBe(200);
  });
});

describe('users and the admins over their units', () => {
  let kinhMonAdmin: WorldUser;

  beforeAll(async () => {
    kinhMonAdmin = await user('quan.tri.kinh.mon', [{ role: 'admin', unitId: world.otherDistrict.id }]);
  });

  it('lets a scoped admin link a user to a cadre, and grant a role, only within their units', async () => {
    const link = (username: string, roles: Json[], cadreId?: string) =>
      kinhMonAdmin.as.call('POST', '/v1/users', { username, fullName: username, roles, ...(cadreId ? { cadreId } : {}) });
    // Khoa works in Nam Sách: an empty role list does not pass the check on his unit.
    expectProblem(await link('gia.mao.1', [], world.cadreKhoa.id), 403);
    expectProblem(await link('gia.mao.2', [{ role: 'cadre', unitId: world.otherDistrict.id }], world.cadreKhoa.id), 403);
    expectProblem(await link('gia.mao.3', []), 403);
    expectProblem(await link('gia.mao.4', [{ role: 'finance', unitId: world.district.id }]), 403);
    expect((await link('can.bo.kinh.mon', [{ role: 'reviewer', unitId: world.tranHungDao.id }])).status).toBe(201);
  });

  it('deactivates a user, who is refused from the next request on, and revokes roles at once', async () => {
    const reviewer = await user('danh.gia.nam.sach', [{ role: 'reviewer', unitId: world.district.id }]);
    expect((await reviewer.as.call('GET', '/v1/me')).status).toBe(200);
    expectProblem(await kinhMonAdmin.as.call('PATCH', `/v1/users/${reviewer.id}`, { active: false }), 403);
    const adminId = (await world.admin.call('GET', '/v1/me')).body.id;
    expectProblem(await world.admin.call('PATCH', `/v1/users/${adminId}`, { active: false }), 403);

    const off = await ok(world.admin.call('PATCH', `/v1/users/${reviewer.id}`, { active: false }));
    expect(off).toMatchObject({ id: reviewer.id, active: false });
    expectProblem(await reviewer.as.call('GET', '/v1/me'), 401);
    expect(await ok(world.admin.call('PATCH', `/v1/users/${reviewer.id}`, { active: true }))).toMatchObject({ active: true });
    expect((await reviewer.as.call('GET', '/v1/me')).status).toBe(200);

    // The secretary loses the role: their next decision is refused.
    const secretary = await user('thu.ky.tam', [{ role: 'secretary', unitId: world.district.id }]);
    expect(await ok(world.admin.call('PATCH', `/v1/users/${secretary.id}`, { roles: [] }))).toMatchObject({ roles: [] });
    expectProblem(await act(secretary.as, caseId, 'vote/close', {}), 403);
    expectProblem(await world.admin.call('PATCH', `/v1/users/${secretary.id}`, { roles: [{ role: 'secretary' }] }), 400, 'roles.0.unitId');
  });
});
