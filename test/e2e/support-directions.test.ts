// Relocation support by direction over real HTTP: Quảng Ngãi's policy saved as a version, one
// decided case per direction giving the resolution's one-time amount, living and travel support,
// finance of the receiving unit approving and paying while finance of the sending unit only is
// refused, an early raise waiting for an excellent evaluation, and the terms kept at the decision.
import { addMonths, localDate } from '../../domain/calendar';
import type { Json } from '../support/api-client';
import { type E2eStack, startE2eStack } from '../support/service';
import { QUANG_NGAI_POLICY_BODY } from '../support/support-policies';
import { type WorldUser, act, created, endorse, expectProblem, ok, planFor, signedIn, until } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let admin: WorldUser['as'];
const units: Record<string, Json> = {};
const users: Record<string, WorldUser> = {};

const today = () => localDate(new Date());

beforeAll(async () => {
  stack = await startE2eStack();
  const { service } = stack;
  admin = await signedIn(service, 'admin');
  const unit = async (key: string, body: Json) => {
    units[key] = await created(admin.call('POST', '/v1/units', { ...body, code: `QN-${key}` }));
  };
  await unit('province', { name: 'Tỉnh Quảng Ngãi', kind: 'province' });
  await unit('tuNghia', { name: 'Huyện Tư Nghĩa', kind: 'district', parentId: units.province.id });
  await unit('baTo', { name: 'Huyện Ba Tơ', kind: 'district', area: 'mountain_remote', parentId: units.province.id });
  await unit('lySon', { name: 'Huyện Lý Sơn', kind: 'district', area: 'mountain_remote', parentId: units.province.id });
  await unit('nghiaKy', { name: 'Xã Nghĩa Kỳ', kind: 'commune', parentId: units.tuNghia.id });
  await unit('nghiaThuan', { name: 'Xã Nghĩa Thuận', kind: 'commune', parentId: units.tuNghia.id });

  const user = async (username: string, role: string, unitKey: string) => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName: username, roles: [{ role, unitId: units[unitKey].id }] }));
    users[username] = { id: body.id, as: await signedIn(service, username) };
  };
  await user('to.chuc', 'organizer', 'province');
  await user('bi.thu', 'secretary', 'province');
  for (const m of ['uv.1', 'uv.2', 'uv.3']) await user(m, 'committee_member', 'province');
  await user('ke.toan.tu.nghia', 'finance', 'tuNghia');
  await user('ke.toan.nghia.ky', 'finance', 'nghiaKy');
  const memberUserIds = ['uv.1', 'uv.2', 'uv.3'].map((m) => users[m].id);
  expect((await admin.call('PUT', `/v1/units/${units.province.id}/committee`, { memberUserIds })).status).toBe(200);
  await created(admin.call('PUT', '/v1/policies/support', { ...QUANG_NGAI_POLICY_BODY, effectiveFrom: addMonths(today(), -12).slice(0, 10) }));
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

let cadres = 0;

/** A 36-month rotation from `from` to `to` as vice chair, `distanceKm` from home, decided and effective today. */
async function decidedCase(from: string, to: string, distanceKm: number): Promise<string> {
  cadres++;
  const organizer = users['to.chuc'].as;
  const cadre = await created(
    admin.call('POST', '/v1/cadres', {
      fullName: `Nguyễn Văn Quảng ${cadres}`,
      birthDate: '1985-03-02',
      sex: 'male',
      homeUnitId: units[from].id,
      currentUnitId: units[from].id,
      currentPosition: `specialist_${cadres}`,
      nextSalaryRaiseDate: addMonths(today(), 6).slice(0, 10),
    }),
  );
  await planFor(admin, cadre.id, units[from].id, ['vice_chair']);
  const proposed = await created(
    organizer.call('POST', '/v1/rotations', {
      cadreId: cadre.id,
      fromUnitId: units[from].id,
      toUnitId: units[to].id,
      position: 'vice_chair',
      termMonths: 36,
      reviewIntervalMonths: 6,
      nonLocalSecretary: false,
      reason: 'Luân chuyển để đào tạo qua thực tiễn',
      distanceKm,
    }),
  );
  const id = proposed.id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer, id, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer, id));
  // Two of three members for is a majority of all: the vote closes.
  for (const m of ['uv.1', 'uv.2']) await ok(act(users[m].as, id, 'votes', { vote: 'for' }));
  await ok(act(users['bi.thu'].as, id, 'decision', { decisionNumber: `${100 + cadres}-QĐ/TU`, signedAt: new Date().toISOString(), effectiveDate: today() }));
  return id;
}

function supportOf(caseId: string, done: (support: Json) => boolean = (s) => s.status === 'awaiting_approval'): Promise<Json> {
  return until(async () => (await admin.call('GET', `/v1/rotations/${caseId}`)).body.support, done, `the support of ${caseId}`);
}

const amountsOf = (support: Json) => Object.fromEntries(support.entitlements.map((e: Json) => [e.component, e.amountVnd]));

async function tasksOf(who: string, caseId: string): Promise<Json[]> {
  return (await users[who].as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId);
}

const planned: Record<string, string> = {};

describe('Quảng Ngãi’s one-time support by direction', () => {
  it.each([
    ['province → district (other area)', 'province', 'tuNghia', 30, 6_000_000, 1_000_000],
    ['province → district (mountain or remote)', 'province', 'baTo', 30, 7_500_000, 1_000_000],
    ['province → district (mountain or remote, 60 km or more)', 'province', 'lySon', 70, 10_500_000, 1_500_000],
    ['district → commune', 'tuNghia', 'nghiaKy', 20, 3_000_000, 1_000_000],
    ['commune → district', 'nghiaKy', 'tuNghia', 10, 2_000_000, undefined],
    ['commune → commune', 'nghiaKy', 'nghiaThuan', 45, 3_000_000, 1_500_000],
  ])('%s: the resolution’s amount once, living support 1.5 million a month, travel by distance', async (_name, from, to, km, oneTime, travel) => {
    const caseId = await decidedCase(from, to, km);
    planned[`${from}>${to}`] = caseId;
    const support = await supportOf(caseId);
    expect(amountsOf(support)).toEqual({
      one_time: oneTime,
      monthly_supplement: 1_500_000,
      ...(travel ? { transport_allowance: travel } : {}),
      early_salary_raise: 0,
    });
    expect(support.payments.find((p: Json) => p.component === 'one_time')).toMatchObject({ period: 0, dueDate: today(), amountVnd: oneTime });
  });
});

describe('who approves and pays: finance of the receiving unit', () => {
  let caseId: string;

  it('asks finance of the receiving district, not of the sending commune, and refuses the latter (403)', async () => {
    caseId = await decidedCase('nghiaKy', 'tuNghia', 25);
    await supportOf(caseId);
    expect((await tasksOf('ke.toan.tu.nghia', caseId)).map((t) => [t.kind, t.unitId])).toEqual([['support_approval', units.tuNghia.id]]);
    expect(await tasksOf('ke.toan.nghia.ky', caseId)).toEqual([]);
    expectProblem(await act(users['ke.toan.nghia.ky'].as, caseId, 'support/approve', {}), 403);
    const approved = await ok(act(users['ke.toan.tu.nghia'].as, caseId, 'support/approve', { note: 'Đồng ý chi hỗ trợ' }));
    expect(approved.support).toMatchObject({ status: 'approved', approvedBy: users['ke.toan.tu.nghia'].id });
  });

  it('lets only the receiving unit’s finance record a payment', async () => {
    const support = await supportOf(caseId, (s) => s.payments.some((p: Json) => p.component === 'one_time' && p.status === 'due'));
    const oneTime = support.payments.find((p: Json) => p.component === 'one_time');
    const path = `support/payments/${oneTime.id}/paid`;
    const body = { paidAt: today(), reference: 'UNC-QN-01' };
    expectProblem(await act(users['ke.toan.nghia.ky'].as, caseId, path, body), 403);
    const paid = await ok(act(users['ke.toan.tu.nghia'].as, caseId, path, body));
    expect(paid.support.payments.find((p: Json) => p.id === oneTime.id)).toMatchObject({ status: 'paid', amountVnd: 2_000_000, paidBy: users['ke.toan.tu.nghia'].id });
  });

  it('holds the early salary raise until an evaluation rated excellent: refused (422) and not on the work list, then asked for and recorded', async () => {
    const support = (await admin.call('GET', `/v1/rotations/${caseId}`)).body.support;
    expect(support.entitlements.find((e: Json) => e.component === 'early_salary_raise')).toMatchObject({ requiresExcellent: true });
    const refused = await act(users['ke.toan.tu.nghia'].as, caseId, 'support/salary-raise', { raisedAt: today(), reference: 'QĐ nâng lương' });
    expectProblem(refused, 422);
    expect(refused.body.rule).toBe('early_raise_needs_excellent');
    expect((await tasksOf('ke.toan.tu.nghia', caseId)).map((t) => t.kind)).not.toContain('salary_raise');

    // The receiving unit's evaluation rates the cadre excellent: the raise is asked for, then recorded.
    await ok(act(users['to.chuc'].as, caseId, 'evaluations', { kind: 'receiving_unit', rating: 'excellent', text: 'Hoàn thành xuất sắc nhiệm vụ' }));
    await until(
      () => tasksOf('ke.toan.tu.nghia', caseId),
      (tasks) => tasks.some((t) => t.kind === 'salary_raise'),
      'the salary raise task',
    );
    await ok(act(users['ke.toan.tu.nghia'].as, caseId, 'support/salary-raise', { raisedAt: today(), reference: 'QĐ nâng lương' }));
    expect((await supportOf(caseId, (s) => s.salaryRaise?.raisedAt !== null)).salaryRaise).toMatchObject({ reference: 'QĐ nâng lương' });
  });
});

describe('a version saved after the decision', () => {
  it('leaves a decided case its terms; a case decided after it gets the new ones', async () => {
    const caseId = planned['province>lySon'];
    const v2 = await created(
      admin.call('PUT', '/v1/policies/support', { ...QUANG_NGAI_POLICY_BODY, oneTimeVnd: 1, oneTimeByDirection: [], effectiveFrom: addMonths(today(), -6).slice(0, 10) }),
    );
    expect(v2.version).toBe(2);
    const support = (await admin.call('GET', `/v1/rotations/${caseId}`)).body.support;
    expect([support.policyVersion, amountsOf(support).one_time]).toEqual([1, 10_500_000]);
    const later = await supportOf(await decidedCase('province', 'lySon', 70));
    expect([later.policyVersion, amountsOf(later).one_time]).toEqual([2, 1]);
  });
});
