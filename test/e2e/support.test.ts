// Relocation support over real HTTP, with a real Temporal dev server, the real worker and a fresh
// database: a versioned policy, a decided case's entitlements and payments, finance approving and
// paying them, the work lists, the refusals, a case decided with no policy, a withdrawal, and a
// restart of the whole service while the payments are being created.
import { randomUUID } from 'node:crypto';
import { addDays, addMonths, endOfWorkingDay, localDate, startOfLocalDay } from '../../domain/calendar';
import type { Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, type WorldUser, act, buildWorld, created, exception, expectProblem, ok, planFor, signedIn, until, endorse } from '../support/world';
import { SUPPORT_POLICY_BODY } from '../support/support-policies';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;
let finance: WorldUser;
let financeReceiving: WorldUser;
let financeElsewhere: WorldUser;

const today = () => localDate(new Date());
const aYearAgo = () => addMonths(today(), -12).slice(0, 10);

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
  const { admin, district, namHung } = world;
  const user = async (username: string, roles: Json[]): Promise<WorldUser> => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName: username, roles }));
    return { id: body.id, as: await signedIn(service, username) };
  };
  const bacNinh = await created(admin.call('POST', '/v1/units', { code: 'BN', name: 'Tỉnh Bắc Ninh', kind: 'province' }));
  finance = await user('ke.toan.nam.sach', [{ role: 'finance', unitId: district.id }]);
  financeReceiving = await user('ke.toan.nam.hung', [{ role: 'finance', unitId: namHung.id }]);
  financeElsewhere = await user('ke.toan.bac.ninh', [{ role: 'finance', unitId: bacNinh.id }]);

  // This suite records no evaluation: its early raise does not wait for one rated excellent.
  const policy = { ...SUPPORT_POLICY_BODY, earlyRaiseRequiresExcellent: false };
  expect((await admin.call('PUT', '/v1/policies/support', { ...policy, effectiveFrom: aYearAgo() })).status).toBe(201);
  // A newer version taking effect next month: cases decided today keep version 1.
  expect((await admin.call('PUT', '/v1/policies/support', { ...policy, oneTimeVnd: 80_000_000, effectiveFrom: localDate(addDays(new Date(), 30)) })).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

let cadres = 0;

/** A cadre of Nam Sách district whose next salary raise is due in six months, planned for the posts proposed here. */
async function newCadre(): Promise<Json> {
  cadres++;
  const cadre = await created(
    world.admin.call('POST', '/v1/cadres', {
      fullName: `Phạm Thị Hỗ Trợ ${cadres}`,
      sex: 'female',
      birthDate: '1984-05-19',
      homeUnitId: world.anLam.id,
      currentUnitId: world.district.id,
      currentPosition: `specialist_${cadres}`,
      nextSalaryRaiseDate: addMonths(today(), 6).slice(0, 10),
    }),
  );
  await planFor(world.admin, cadre.id, world.district.id, [`vice_chair_${cadres}`, 'chief_of_office']);
  return cadre;
}

/** The support scenarios run shorter terms, each to a post of its own at one commune, by the deciding level's decisions. */
const SUPPORT_EXCEPTIONS = [exception('minimum_term'), exception('post_unavailable')];

/** A 24-month rotation to Nam Hưng, 30 km from home, through consultation, appraisal and the vote, then signed. */
async function decidedCase(decision: { signedAt?: string; effectiveDate?: string } = {}): Promise<string> {
  const organizer = world.users.organizer.as;
  const cadre = await newCadre();
  const proposed = await organizer.call('POST', '/v1/rotations', {
    cadreId: cadre.id,
    fromUnitId: world.district.id,
    toUnitId: world.namHung.id,
    position: `vice_chair_${cadres}`,
    termMonths: 24,
    reviewIntervalMonths: 6,
    nonLocalSecretary: false,
    reason: 'Luân chuyển để đào tạo qua thực tiễn',
    distanceKm: 30,
    exceptions: SUPPORT_EXCEPTIONS,
  });
  expect(proposed.status).toBe(201);
  expect(proposed.body).toMatchObject({ distanceKm: 30, officialHousing: false, support: { status: 'not_started', payments: [] } });
  const id = proposed.body.id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer, id, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer, id));
  for (const m of [world.users.m1, world.users.m2, world.users.m3]) await ok(act(m.as, id, 'votes', { vote: 'for' }));
  await ok(
    act(world.users.secretary.as, id, 'decision', {
      decisionNumber: `${400 + cadres}-QĐ/HU`,
      signedAt: decision.signedAt ?? new Date().toISOString(),
      effectiveDate: decision.effectiveDate ?? today(),
    }),
  );
  return id;
}

function supportOf(caseId: string, status: string): Promise<Json> {
  return until(
    async () => (await world.admin.call('GET', `/v1/rotations/${caseId}`)).body.support,
    (s) => s.status === status,
    `support ${status}`,
  );
}

async function tasksOf(as: SignedInClient, caseId: string): Promise<Json[]> {
  return (await as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId);
}

describe('a case effective today, under the policy in force on its signing date', () => {
  let caseId: string;
  let payments: Json[];
  const dueToday = () => startOfLocalDay(today());
  /** The deadline of a support step (support_approval, payment:<id>) in working days, once its workflow has written it. */
  const deadlineOf = async (key: string): Promise<string> => {
    const view = await until(
      () => world.admin.call('GET', `/v1/rotations/${caseId}`),
      (res) => res.body.support.deadlines.some((d: Json) => d.key === key),
      `the deadline of ${key}`,
    );
    return view.body.support.deadlines.find((d: Json) => d.key === key).dueAt;
  };
  // A task is overdue once its dueAt has passed: one due today at 17:00 in Vietnam is overdue when the test runs later that day.
  const dueBy = (dueAt: string) => ({ dueAt, dueDate: localDate(dueAt), overdue: Date.parse(dueAt) < Date.now(), escalated: false });

  it('is planned once the decision is signed, keeping version 1, and a restart while the payments are being created changes nothing', async () => {
    caseId = await decidedCase();
    await service.restart();
    const support = await supportOf(caseId, 'awaiting_approval');
    expect(support.policyVersion).toBe(1);
    expect(support.entitlements.map((e: Json) => [e.component, e.amountVnd, e.periods, e.totalVnd, e.policyVersion])).toEqual([
      ['one_time', 50_000_000, 1, 50_000_000, 1],
      ['monthly_supplement', 3_000_000, 24, 72_000_000, 1],
      ['housing_allowance', 2_000_000, 24, 48_000_000, 1],
      ['transport_allowance', 1_000_000, 24, 24_000_000, 1],
      ['early_salary_raise', 0, 1, 0, 1],
    ]);
    payments = support.payments;
    expect(payments).toHaveLength(73);
    expect(payments.every((p: Json) => p.status === 'scheduled')).toBe(true);
    expect(await service.prisma.supportPayment.count({ where: { caseId } })).toBe(73);
    expect(payments.slice(0, 4).map((p: Json) => [p.component, p.period, p.dueDate])).toEqual([
      ['one_time', 0, today()],
      ['monthly_supplement', 1, today()],
      ['housing_allowance', 1, today()],
      ['transport_allowance', 1, today()],
    ]);
  });

  it('asks finance over the district or the receiving commune to approve it, not finance of another province', async () => {
    const approval = { rotationId: caseId, kind: 'support_approval', ...dueBy(await deadlineOf('support_approval')) };
    expect(await tasksOf(finance.as, caseId)).toEqual([{ ...approval, unitId: world.namHung.id }]);
    expect(await tasksOf(financeReceiving.as, caseId)).toEqual([{ ...approval, unitId: world.namHung.id }]);
    expect(await tasksOf(financeElsewhere.as, caseId)).toEqual([]);
    expect(await tasksOf(world.users.organizer.as, caseId)).toEqual([]);
    expectProblem(await act(financeElsewhere.as, caseId, 'support/approve', {}), 403);
    expectProblem(await act(world.users.organizer.as, caseId, 'support/approve', {}), 403);
  });

  it('is approved once: the payments of today fall due at once', async () => {
    const key = randomUUID();
    const approved = await ok(act(finance.as, caseId, 'support/approve', { note: 'Đồng ý chi hỗ trợ luân chuyển' }, key));
    expect(approved.support).toMatchObject({ status: 'approved', approvedBy: finance.id });
    expect(approved.support.payments.filter((p: Json) => p.status === 'due').map((p: Json) => p.id)).toEqual(payments.slice(0, 4).map((p: Json) => p.id));
    const replay = await act(finance.as, caseId, 'support/approve', { note: 'Đồng ý chi hỗ trợ luân chuyển' }, key);
    expect([replay.status, replay.body]).toEqual([200, approved]);
    expectProblem(await act(financeReceiving.as, caseId, 'support/approve', {}), 409);
  });

  it('puts each due payment, and the early salary raise, on finance’s work list', async () => {
    const due = await Promise.all(payments.slice(0, 4).map((p: Json) => deadlineOf(`payment:${p.id}`)));
    const tasks = await tasksOf(finance.as, caseId);
    expect(tasks.filter((t) => t.kind === 'payment')).toEqual(
      payments.slice(0, 4).map((p: Json, i: number) => ({ rotationId: caseId, kind: 'payment', unitId: world.namHung.id, ...dueBy(due[i]), paymentId: p.id })),
    );
    expect(tasks.filter((t) => t.kind === 'salary_raise')).toEqual([{ rotationId: caseId, kind: 'salary_raise', unitId: world.namHung.id, ...dueBy(endOfWorkingDay(today())) }]);
  });

  it('records a payment once: 409 on a second mark, 404 for a payment it does not have, 409 for one not due yet', async () => {
    const [oneTime, , , , nextMonth] = payments;
    const path = (id: string) => `support/payments/${encodeURIComponent(id)}/paid`;
    const body = { paidAt: new Date().toISOString(), reference: 'UNC 2026/0315 Kho bạc Nam Sách' };
    expectProblem(await act(financeElsewhere.as, caseId, path(oneTime.id), body), 403);

    const key = randomUUID();
    const paid = await ok(act(financeReceiving.as, caseId, path(oneTime.id), body, key));
    expect(paid.support.payments[0]).toMatchObject({ id: oneTime.id, status: 'paid', paidAt: body.paidAt, reference: body.reference, paidBy: financeReceiving.id });
    const replay = await act(financeReceiving.as, caseId, path(oneTime.id), body, key);
    expect([replay.status, replay.body]).toEqual([200, paid]);

    expectProblem(await act(finance.as, caseId, path(oneTime.id), { ...body, reference: 'again' }), 409);
    expectProblem(await act(finance.as, caseId, path('no-such-payment'), body), 404);
    expectProblem(await act(finance.as, caseId, path(nextMonth.id), body), 409);
    expectProblem(await act(finance.as, caseId, path(payments[1].id), { paidAt: 'yesterday', reference: 'x' }), 400, 'paidAt');

    expect((await tasksOf(finance.as, caseId)).filter((t) => t.kind === 'payment').map((t) => t.paymentId)).toEqual(payments.slice(1, 4).map((p: Json) => p.id));
    expect(await service.prisma.supportPayment.count({ where: { caseId, status: 'paid' } })).toBe(1);
  });

  it('records the early salary raise once', async () => {
    const raised = await ok(act(finance.as, caseId, 'support/salary-raise', { raisedAt: today(), reference: 'QĐ 88/QĐ-UBND nâng lương trước thời hạn' }));
    expect(raised.support.salaryRaise).toEqual({ dueDate: today(), raisedAt: dueToday(), reference: 'QĐ 88/QĐ-UBND nâng lương trước thời hạn' });
    expectProblem(await act(finance.as, caseId, 'support/salary-raise', { raisedAt: today(), reference: 'again' }), 409);
    expect((await tasksOf(finance.as, caseId)).map((t) => t.kind)).not.toContain('salary_raise');
  });

  it('shows the case active, with its support, in the list too', async () => {
    const listed = await until(
      async () => (await world.users.organizer.as.call('GET', '/v1/rotations?status=active')).body.items.find((c: Json) => c.id === caseId),
      (c) => c !== undefined,
      'the case listed as active',
    );
    expect(listed.support).toMatchObject({ status: 'approved', policyVersion: 1, payments: expect.any(Array) });
    expect(listed.support.payments).toHaveLength(73);
  });
});

describe('a case decided when no policy was in force', () => {
  let caseId: string;
  // Approving the support is due by the end of the working day the cadre takes up the post.
  const dueAt = () => endOfWorkingDay(localDate(addDays(new Date(), 10)));

  it('proceeds without support, and a global admin, who writes policies, is asked for one', async () => {
    const signedAt = addMonths(new Date(), -18);
    caseId = await decidedCase({ signedAt, effectiveDate: localDate(addDays(new Date(), 10)) });
    const support = await supportOf(caseId, 'no_policy');
    expect(support).toMatchObject({ policyVersion: null, entitlements: [], payments: [] });
    expect((await world.admin.call('GET', `/v1/rotations/${caseId}`)).body.status).toBe('decided');
    expect(await tasksOf(world.admin, caseId)).toEqual([
      {
        rotationId: caseId,
        kind: 'support_policy',
        unitId: world.namHung.id,
        dueAt: dueAt(),
        dueDate: localDate(addDays(new Date(), 10)),
        overdue: false,
        escalated: false,
      },
    ]);
    expect(await tasksOf(world.users.organizer.as, caseId)).toEqual([]);
    expect(await tasksOf(finance.as, caseId)).toEqual([]);
    expectProblem(await act(finance.as, caseId, 'support/approve', {}), 409);
  });

  it('is planned by a version saved later that is in force on its signing date; finance approves it', async () => {
    const policy = { oneTimeVnd: 30_000_000, monthlySupplementVnd: 2_000_000, housingAllowanceVnd: 1_000_000, transportTiers: [], earlySalaryRaise: false };
    const saved = await created(world.admin.call('PUT', '/v1/policies/support', { ...policy, effectiveFrom: addMonths(today(), -24).slice(0, 10) }));
    const support = await supportOf(caseId, 'awaiting_approval');
    expect(support).toMatchObject({
      policyVersion: saved.version,
      entitlements: expect.arrayContaining([expect.objectContaining({ component: 'one_time', amountVnd: 30_000_000 })]),
    });
    expect(await tasksOf(world.admin, caseId)).toEqual([]);
    // Its approval opened when the policy planned it: due in working days from then, as any support step.
    const planned = await until(
      async () => (await world.admin.call('GET', `/v1/rotations/${caseId}`)).body.support,
      (s) => s.deadlines.some((d: Json) => d.key === 'support_approval'),
      'the deadline of the approval',
    );
    const approval = planned.deadlines.find((d: Json) => d.key === 'support_approval');
    expect(approval.dueAt).toEqual(endOfWorkingDay(localDate(approval.dueAt)));
    expect(Date.parse(approval.dueAt)).toBeGreaterThan(Date.now());
    expect(await tasksOf(finance.as, caseId)).toEqual([expect.objectContaining({ kind: 'support_approval', dueAt: approval.dueAt })]);
    await ok(act(finance.as, caseId, 'support/approve', { note: 'Áp dụng chính sách mới' }));
    await supportOf(caseId, 'approved');
  });
});

describe('a case withdrawn while it waits for its effective date', () => {
  it('stops its support: nothing falls due, nothing can be approved', async () => {
    const caseId = await decidedCase({ effectiveDate: localDate(addDays(new Date(), 30)) });
    await supportOf(caseId, 'awaiting_approval');
    await ok(act(world.users.organizer.as, caseId, 'withdraw', { reason: 'Cán bộ được điều động công tác khác' }));
    const support = await supportOf(caseId, 'stopped');
    expect(support.payments.every((p: Json) => p.status === 'cancelled')).toBe(true);
    expect(support.stoppedAt).toEqual(expect.any(String));
    expectProblem(await act(finance.as, caseId, 'support/approve', {}), 409);
    expect(await tasksOf(finance.as, caseId)).toEqual([]);
  });
});

describe('support steps on a case not decided yet', () => {
  it('are refused with 409, and unknown cases with 404', async () => {
    const cadre = await newCadre();
    const proposal = {
      cadreId: cadre.id,
      fromUnitId: world.district.id,
      toUnitId: world.namHung.id,
      position: 'chief_of_office',
      termMonths: 12,
      reviewIntervalMonths: 3,
      nonLocalSecretary: false,
      reason: 'Tăng cường',
      officialHousing: true,
      exceptions: [exception('minimum_term')],
    };
    expectProblem(await world.users.organizer.as.call('POST', '/v1/rotations', { ...proposal, distanceKm: -1 }), 400, 'distanceKm');
    const proposed = await world.users.organizer.as.call('POST', '/v1/rotations', proposal);
    expect(proposed.body).toMatchObject({ distanceKm: null, officialHousing: true });
    expectProblem(await act(finance.as, proposed.body.id, 'support/approve', {}), 409);
    expectProblem(await act(finance.as, 'no-such-case', 'support/approve', {}), 404);
  });
});
