// The API over real HTTP, with a real Temporal dev server, the real worker and a fresh database:
// reference data, a rotation from proposal to `active`, refusals, replays and a restart.
import { randomUUID } from 'node:crypto';
import { actionsToDecision } from '../support/domain-fixtures';
import { addDays, localDate } from '../../domain/calendar';
import type { ApiResponse, Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, buildWorld, created, expectProblem, khoaToNamHung, signedIn as signedInAs, fileDossier } from '../support/world';
import { SUPPORT_POLICY_BODY } from '../support/support-policies';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

async function signedIn(username: string): Promise<SignedInClient> {
  return signedInAs(service, username);
}

let world: World;

function proposal(overrides: Json = {}): Json {
  return khoaToNamHung(world, overrides);
}

async function rotationCount(): Promise<number> {
  return service.prisma.rotationCase.count();
}

/** Records all three consultations as agreed, files the dossier and endorses: the case is then in the committee vote. */
async function toVote(caseId: string): Promise<void> {
  const { organizer } = world.users;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) {
    expect((await organizer.as.call('POST', `/v1/rotations/${caseId}/consultations`, { party, outcome: 'agree' })).status).toBe(200);
  }
  await fileDossier(organizer.as, caseId);
  const endorsed = await organizer.as.call('POST', `/v1/rotations/${caseId}/appraisal`, { outcome: 'endorse' });
  expect(endorsed.body.status).toBe('committee_vote');
}

async function waitForStatus(caseId: string, status: string, as: SignedInClient): Promise<Json> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await as.call('GET', `/v1/rotations/${caseId}`);
    if (res.body.status === status) return res.body;
    if (Date.now() > deadline) throw new Error(`case ${caseId} stayed ${res.body.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('public endpoints', () => {
  it('reports health', async () => {
    const res = await service.client.call('GET', '/health');
    expect([res.status, res.body]).toEqual([200, { status: 'ok', temporal: 'ok', database: 'ok', worker: 'ok' }]);
  });

  it('serves the OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await service.client.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/rotations', '/v1/rotations/{id}/votes', '/v1/reports/non-local-secretaries']));
    expect(res.body.paths['/v1/rotations'].post.requestBody.content['application/json'].schema.required).toContain('termMonths');
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await service.client.call('GET', '/nowhere'), 404);
  });
});

describe('sign-in', () => {
  it('needs a bearer token on /v1', async () => {
    const res = await service.client.call('GET', '/v1/me');
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a token with a wrong signature and one naming nobody', async () => {
    expectProblem(await service.client.call('GET', '/v1/me', undefined, { token: 'not.a.token' }), 401);
    expectProblem(await (await signedIn('nobody')).call('GET', '/v1/me'), 401);
  });

  it('shows the signed-in user: the first admin is global', async () => {
    const res = await (await signedIn('admin')).call('GET', '/v1/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'admin', roles: [{ role: 'admin', unitId: null }] });
  });
});

describe('reference data', () => {
  beforeAll(async () => {
    world = await buildWorld(service);
  }, 60_000);

  it('keeps Vietnamese text and the tree', async () => {
    const res = await world.admin.call('GET', `/v1/units/${world.district.id}`);
    expect(res.body).toMatchObject({ name: 'Huyện Nam Sách', kind: 'district', parentId: world.province.id, path: `/${world.province.id}/${world.district.id}/` });
    expect(res.body.children.map((c: Json) => c.name).sort()).toEqual(['Xã An Lâm', 'Xã Nam Hưng']);
  });

  it('lists a unit’s children page by page', async () => {
    const first = await world.admin.call('GET', `/v1/units?parentId=${world.district.id}&limit=1`);
    expect(first.body.items).toHaveLength(1);
    const second = await world.admin.call('GET', `/v1/units?parentId=${world.district.id}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expectProblem(await world.admin.call('GET', '/v1/units?cursor=bogus'), 400, 'cursor');
  });

  it('keeps each unit’s area, other unless it is given as mountain or remote', async () => {
    expect(world.district.area).toBe('other');
    const mountain = await created(
      world.admin.call('POST', '/v1/units', { code: 'NS-MN', name: 'Xã Miền Núi', kind: 'commune', area: 'mountain_remote', parentId: world.district.id }),
    );
    expect((await world.admin.call('GET', `/v1/units/${mountain.id}`)).body).toMatchObject({ area: 'mountain_remote', children: [] });
    expectProblem(await world.admin.call('POST', '/v1/units', { code: 'NS-X', name: 'X', kind: 'commune', area: 'island', parentId: world.district.id }), 400, 'area');
  });

  it('refuses a unit of the wrong kind under its parent (422) and a taken code (409)', async () => {
    expectProblem(await world.admin.call('POST', '/v1/units', { code: 'X1', name: 'X', kind: 'district', parentId: world.district.id }), 422, 'parentId');
    expectProblem(await world.admin.call('POST', '/v1/units', { code: 'X2', name: 'X', kind: 'commune' }), 422, 'kind');
    expectProblem(await world.admin.call('POST', '/v1/units', { code: 'HD', name: 'X', kind: 'province' }), 409);
  });

  it('answers 404 naming the field for unknown ids in a body', async () => {
    expectProblem(
      await world.admin.call('POST', '/v1/cadres', {
        fullName: 'A',
        sex: 'male',
        birthDate: '1990-01-01',
        homeUnitId: 'nope',
        currentUnitId: world.district.id,
        currentPosition: 'x',
      }),
      404,
      'homeUnitId',
    );
    expectProblem(await world.admin.call('PUT', `/v1/units/${world.district.id}/committee`, { memberUserIds: [world.users.m1.id, 'ghost'] }), 404, 'memberUserIds.1');
    expectProblem(await world.admin.call('GET', '/v1/units/does-not-exist'), 404);
  });

  it('answers 400 naming the field for invalid input', async () => {
    expectProblem(
      await world.admin.call('POST', '/v1/cadres', { fullName: 'A', sex: 'male', birthDate: '1990-02-30', homeUnitId: 'x', currentUnitId: 'y', currentPosition: 'x' }),
      400,
      'birthDate',
    );
    expectProblem(await world.admin.call('POST', '/v1/units', undefined, { rawBody: '{"code": "broken"' }), 400);
  });

  it('refuses a duplicate username (409) and admin work to a non-admin (403)', async () => {
    expectProblem(await world.admin.call('POST', '/v1/users', { username: 'nguyen.van.an', fullName: 'Again', roles: [] }), 409);
    expectProblem(await world.users.organizer.as.call('POST', '/v1/units', { code: 'Y', name: 'Y', kind: 'province' }), 403);
    expectProblem(await world.users.organizer.as.call('PUT', `/v1/units/${world.anLam.id}/positions/party_secretary`, { cadreId: world.cadreKhoa.id }), 403);
  });

  it('lets an admin of a district manage only that district’s tree', async () => {
    const districtAdmin = await created(
      world.admin.call('POST', '/v1/users', { username: 'admin.ns', fullName: 'Quản trị Nam Sách', roles: [{ role: 'admin', unitId: world.district.id }] }),
    );
    const as = await signedIn(districtAdmin.username);
    expect((await as.call('POST', '/v1/units', { code: 'NS-TT', name: 'Thị trấn Nam Sách', kind: 'commune', parentId: world.district.id })).status).toBe(201);
    expectProblem(await as.call('POST', '/v1/units', { code: 'KM-2', name: 'Xã Hiệp Sơn', kind: 'commune', parentId: world.otherDistrict.id }), 403);
    expectProblem(await as.call('POST', '/v1/users', { username: 'global.x', fullName: 'X', roles: [{ role: 'admin' }] }), 403);
  });

  it('versions the support policy, amounts as whole VND', async () => {
    const body = { ...SUPPORT_POLICY_BODY, effectiveFrom: '2026-01-01' };
    const v1 = await world.admin.call('PUT', '/v1/policies/support', body);
    const v2 = await world.admin.call('PUT', '/v1/policies/support', { ...body, oneTimeVnd: 60_000_000 });
    expect([v1.status, v1.body.version, v2.body.version, v2.body.oneTimeVnd]).toEqual([201, 1, 2, 60_000_000]);
    expect(v1.body.transportTiers.map((t: Json) => t.maxKm)).toEqual([20, 50]);
    // Without directions every move gets oneTimeVnd; the early raise waits for an excellent evaluation; housing needs 10 / 30 km.
    expect(v1.body).toMatchObject({ oneTimeByDirection: [], earlyRaiseRequiresExcellent: true, officialHousingMinKm: { mountain_remote: 10, other: 30 } });
    const entry = { from: 'district', to: 'commune', minKm: 40, maxKm: 20, amountVnd: 1 };
    expectProblem(await world.admin.call('PUT', '/v1/policies/support', { ...body, oneTimeByDirection: [entry] }), 400, 'oneTimeByDirection.0.maxKm');
    expectProblem(await world.admin.call('PUT', '/v1/policies/support', { ...body, oneTimeByDirection: [{ ...entry, from: 'ward' }] }), 400, 'oneTimeByDirection.0.from');
    const twice = [
      { from: 'district', to: 'commune', amountVnd: 1 },
      { from: 'district', to: 'commune', amountVnd: 2 },
    ];
    expectProblem(await world.admin.call('PUT', '/v1/policies/support', { ...body, oneTimeByDirection: twice }), 400, 'oneTimeByDirection');
    const list = await world.users.organizer.as.call('GET', '/v1/policies/support');
    expect(list.body.items.map((p: Json) => p.version)).toEqual([2, 1]);
    expectProblem(await world.users.organizer.as.call('PUT', '/v1/policies/support', body), 403);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer to a repeat and changes nothing', async () => {
    const key = randomUUID();
    const body = { code: 'IDEM-1', name: 'Xã Đồng Lạc', kind: 'commune', parentId: world.district.id };
    const first = await world.admin.call('POST', '/v1/units', body, { idempotencyKey: key });
    const again = await world.admin.call('POST', '/v1/units', { parentId: world.district.id, kind: 'commune', name: 'Xã Đồng Lạc', code: 'IDEM-1' }, { idempotencyKey: key });
    expect([first.status, again.status, again.body]).toEqual([201, 201, first.body]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await service.prisma.unit.count({ where: { code: 'IDEM-1' } })).toBe(1);
  });

  it('refuses the same key for a different request (422), and keys are per user', async () => {
    const key = randomUUID();
    await world.admin.call('POST', '/v1/units', { code: 'IDEM-2', name: 'A', kind: 'commune', parentId: world.district.id }, { idempotencyKey: key });
    expectProblem(await world.admin.call('POST', '/v1/units', { code: 'IDEM-3', name: 'A', kind: 'commune', parentId: world.district.id }, { idempotencyKey: key }), 422);
    const other = await world.users.organizer.as.call('POST', '/v1/units', { code: 'IDEM-4', name: 'A', kind: 'commune', parentId: world.district.id }, { idempotencyKey: key });
    expectProblem(other, 403);
  });

  it('replays a refusal too', async () => {
    const key = randomUUID();
    const first = await world.users.organizer.as.call('POST', '/v1/units', { code: 'IDEM-5', name: 'A', kind: 'province' }, { idempotencyKey: key });
    const again = await world.users.organizer.as.call('POST', '/v1/units', { code: 'IDEM-5', name: 'A', kind: 'province' }, { idempotencyKey: key });
    expect([first.status, again.status, again.body]).toEqual([403, 403, first.body]);
  });
});

describe('a rotation from proposal to active', () => {
  let caseId: string;
  const today = localDate(new Date());

  it('reports the district before: no non-local secretary', async () => {
    const res = await world.users.organizer.as.call('GET', `/v1/reports/non-local-secretaries?unitId=${world.district.id}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toMatchObject({ unitId: world.district.id, name: 'Huyện Nam Sách', nonLocal: 0, ratio: 0, target: 0.3, meetsTarget: false });
  });

  it('refuses proposals that break the rules, recording nothing', async () => {
    const { organizer, otherOrganizer } = world.users;
    const before = await rotationCount();
    expectProblem(await organizer.as.call('POST', '/v1/rotations', proposal({ termMonths: 5 })), 400, 'termMonths');
    expectProblem(await organizer.as.call('POST', '/v1/rotations', proposal({ reviewIntervalMonths: 7 })), 400, 'reviewIntervalMonths');
    expectProblem(await organizer.as.call('POST', '/v1/rotations', proposal({ effectiveDate: '2026-13-01' })), 400, 'effectiveDate');
    expectProblem(await organizer.as.call('POST', '/v1/rotations', proposal({ cadreId: 'ghost' })), 404, 'cadreId');
    expectProblem(await organizer.as.call('POST', '/v1/rotations', proposal({ cadreId: world.cadreHong.id })), 422, 'nonLocalSecretary');
    expectProblem(await organizer.as.call('POST', '/v1/rotations', proposal({ toUnitId: world.district.id })), 422, 'toUnitId');
    expectProblem(await otherOrganizer.as.call('POST', '/v1/rotations', proposal()), 403);
    expectProblem(await world.users.secretary.as.call('POST', '/v1/rotations', proposal()), 403);
    expect(await rotationCount()).toBe(before);
  });

  it('opens the case in consultation', async () => {
    const res = await world.users.organizer.as.call('POST', '/v1/rotations', proposal());
    expect(res.status).toBe(201);
    caseId = res.body.id;
    expect(res.body).toMatchObject({
      status: 'consultation',
      cadreId: world.cadreKhoa.id,
      reason: 'Luân chuyển Bí thư Đảng ủy xã không phải người địa phương',
      votes: { for: 0, against: 0, abstain: 0, members: 0 },
      retainedPosition: { unitId: world.district.id, position: 'deputy_head_organization' },
      support: { status: expect.any(String), entitlements: [], payments: [] },
      history: [{ action: 'proposed', actor: { userId: world.users.organizer.id, username: 'nguyen.van.an' } }],
    });
  });

  it('allows one open case per cadre', async () => {
    const before = await rotationCount();
    expectProblem(await world.users.organizer.as.call('POST', '/v1/rotations', proposal()), 409);
    expect(await rotationCount()).toBe(before);
  });

  it('shows the case to its units and its cadre only, and lists it', async () => {
    expect((await world.users.khoa.as.call('GET', `/v1/rotations/${caseId}`)).status).toBe(200);
    expectProblem(await world.users.otherOrganizer.as.call('GET', `/v1/rotations/${caseId}`), 403);
    expectProblem(await world.users.organizer.as.call('GET', '/v1/rotations/no-such-case'), 404);
    const mine = await world.users.organizer.as.call('GET', `/v1/rotations?status=consultation&unitId=${world.district.id}`);
    expect(mine.body.items.map((c: Json) => c.id)).toContain(caseId);
    expect((await world.users.otherOrganizer.as.call('GET', '/v1/rotations')).body.items).toEqual([]);
    expectProblem(await world.users.organizer.as.call('GET', '/v1/rotations?unitId=nowhere'), 404, 'unitId');
  });

  it('puts the consultations on the work lists, with their deadline', async () => {
    const organizerTasks = (await world.users.organizer.as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId);
    expect(organizerTasks.map((t: Json) => t.party).sort()).toEqual(['cadre', 'receiving_unit', 'sending_unit']);
    expect(organizerTasks[0]).toMatchObject({ kind: 'consultation', overdue: false, dueAt: expect.any(String) });
    const cadreTasks = (await world.users.khoa.as.call('GET', '/v1/tasks')).body.items;
    expect(cadreTasks).toEqual([expect.objectContaining({ rotationId: caseId, kind: 'consultation', party: 'cadre', unitId: world.district.id })]);
  });

  it('records the consultations: the cadre their own, the organizer the units', async () => {
    const { organizer, khoa } = world.users;
    const path = `/v1/rotations/${caseId}/consultations`;
    expectProblem(await khoa.as.call('POST', path, { party: 'sending_unit', outcome: 'agree' }), 403);
    expectProblem(await organizer.as.call('POST', path, { party: 'cadre', outcome: 'agree_with_concerns', concerns: [] }), 422, 'concerns');
    expectProblem(await organizer.as.call('POST', path, { party: 'nobody', outcome: 'agree' }), 400, 'party');

    const key = randomUUID();
    const concerns = [{ type: 'distance', note: 'Nhà cách xã 40 km' }];
    const own = await khoa.as.call('POST', path, { party: 'cadre', outcome: 'agree_with_concerns', concerns, note: 'Tôi đồng ý' }, { idempotencyKey: key });
    expect(own.status).toBe(200);
    const replay = await khoa.as.call('POST', path, { party: 'cadre', outcome: 'agree_with_concerns', concerns, note: 'Tôi đồng ý' }, { idempotencyKey: key });
    expect([replay.status, replay.body]).toEqual([200, own.body]);
    expectProblem(await organizer.as.call('POST', path, { party: 'cadre', outcome: 'agree' }), 409);

    await organizer.as.call('POST', path, { party: 'sending_unit', outcome: 'agree' });
    const last = await organizer.as.call('POST', path, {
      party: 'receiving_unit',
      outcome: 'object',
      concerns: [{ type: 'local_acceptance', note: 'Cán bộ xã muốn người địa phương' }],
    });
    expect(last.body.status).toBe('appraisal');
    expect(last.body.consultations).toHaveLength(3);
    expect(last.body.history.filter((h: Json) => h.action === 'consultation_recorded')).toHaveLength(3);
  });

  it('endorses once every objection is resolved, for the district committee', async () => {
    const path = `/v1/rotations/${caseId}/appraisal`;
    expectProblem(await world.users.khoa.as.call('POST', path, { outcome: 'endorse' }), 403);
    expectProblem(await world.users.organizer.as.call('POST', path, { outcome: 'endorse', resolutions: [] }), 422, 'resolutions');
    await fileDossier(world.users.organizer.as, caseId);
    const res = await world.users.organizer.as.call('POST', path, {
      outcome: 'endorse',
      note: 'Đủ điều kiện',
      resolutions: [{ party: 'receiving_unit', note: 'Đã đối thoại với cán bộ, đảng viên xã' }],
    });
    expect(res.body).toMatchObject({ status: 'committee_vote', decidingUnitId: world.district.id, votes: { for: 0, members: 5 } });
  });

  it('takes one vote per member and passes on a majority of all members', async () => {
    const { m1, m2, m3, m4, organizer } = world.users;
    const path = `/v1/rotations/${caseId}/votes`;
    expect((await m4.as.call('GET', '/v1/tasks')).body.items).toEqual([expect.objectContaining({ rotationId: caseId, kind: 'vote', unitId: world.district.id })]);
    expectProblem(await organizer.as.call('POST', path, { vote: 'for' }), 403);

    expect((await m1.as.call('POST', path, { vote: 'for' })).body.votes).toMatchObject({ for: 1, members: 5 });
    expectProblem(await m1.as.call('POST', path, { vote: 'against' }), 409);
    await m2.as.call('POST', path, { vote: 'for', note: 'Tán thành' });
    expect((await m2.as.call('GET', '/v1/tasks')).body.items).toEqual([]);
    const passed = await m3.as.call('POST', path, { vote: 'for' });
    expect(passed.body).toMatchObject({ status: 'decision_pending', votes: { for: 3, against: 0, abstain: 0, members: 5 } });
    expectProblem(await m4.as.call('POST', path, { vote: 'for' }), 409);
  });

  it('is signed by the secretary of the deciding unit, then becomes active on the effective date', async () => {
    const { secretary, organizer } = world.users;
    expect((await secretary.as.call('GET', '/v1/tasks')).body.items).toEqual([expect.objectContaining({ rotationId: caseId, kind: 'decision' })]);
    const path = `/v1/rotations/${caseId}/decision`;
    const decision = { decisionNumber: '125-QĐ/HU', signedAt: new Date().toISOString(), effectiveDate: today };
    expectProblem(await organizer.as.call('POST', path, decision), 403);
    expectProblem(await secretary.as.call('POST', path, { ...decision, effectiveDate: localDate(addDays(new Date(), -1)) }), 422, 'effectiveDate');
    const signed = await secretary.as.call('POST', path, decision);
    expect([signed.status, signed.body.decision?.decisionNumber]).toEqual([200, '125-QĐ/HU']);

    const active = await waitForStatus(caseId, 'active', organizer.as);
    expect(active).toMatchObject({
      effectiveDate: today,
      retainedPosition: { unitId: world.district.id, position: 'deputy_head_organization' },
      nextReviewDueAt: expect.any(String),
    });
    expect(active.history.map((h: Json) => h.action)).toEqual(['proposed', ...actionsToDecision(3, DEFAULT_DOSSIER_RULES.required.length), 'activated']);
    expect(active.history.at(-1).actor).toBeNull();
  });

  it('gives the cadre the post, keeps the home seat and refuses it to anyone else', async () => {
    const cadre = await world.admin.call('GET', `/v1/cadres/${world.cadreKhoa.id}`);
    expect(cadre.body.positions).toEqual(
      expect.arrayContaining([
        { unitId: world.namHung.id, title: 'party_secretary', retainedByCaseId: null },
        { unitId: world.district.id, title: 'deputy_head_organization', retainedByCaseId: caseId },
      ]),
    );
    expectProblem(await world.admin.call('PUT', `/v1/units/${world.district.id}/positions/deputy_head_organization`, { cadreId: world.cadreHong.id }), 409);
  });

  it('counts the commune as having a non-local secretary now', async () => {
    const province = await world.admin.call('GET', `/v1/reports/non-local-secretaries?unitId=${world.province.id}`);
    const district = province.body.items.find((i: Json) => i.unitId === world.district.id);
    expect(district).toMatchObject({ name: 'Huyện Nam Sách', nonLocal: 1, target: 0.3 });
    expect(district.ratio).toBeCloseTo(1 / district.communes);
    expect(district.meetsTarget).toBe(district.ratio >= 0.3);
    expect(province.body.items.find((i: Json) => i.unitId === world.otherDistrict.id)).toMatchObject({ communes: 1, nonLocal: 0, ratio: 0 });
    expect(province.body.total).toMatchObject({ unitId: world.province.id, nonLocal: 1 });

    const commune = await world.users.secretary.as.call('GET', `/v1/reports/non-local-secretaries?unitId=${world.namHung.id}&target=0.5`);
    expect(commune.body).toEqual({ items: [], total: { unitId: world.namHung.id, name: 'Xã Nam Hưng', communes: 1, nonLocal: 1, ratio: 1, target: 0.5, meetsTarget: true } });
    expectProblem(await world.users.secretary.as.call('GET', `/v1/reports/non-local-secretaries?unitId=${world.province.id}`), 403);
  });

  it('refuses withdrawal once active', async () => {
    expectProblem(await world.users.organizer.as.call('POST', `/v1/rotations/${caseId}/withdraw`, { reason: 'Quá muộn' }), 409);
  });
});

describe('a restart in the middle of a vote, and a withdrawal', () => {
  let caseId: string;

  it('keeps every vote across a restart of API, worker and database', async () => {
    const { organizer, m1, m2, m3 } = world.users;
    const opened = await organizer.as.call(
      'POST',
      '/v1/rotations',
      proposal({ cadreId: world.cadreHong.id, toUnitId: world.anLam.id, nonLocalSecretary: false, position: 'vice_chair' }),
    );
    caseId = opened.body.id;
    await toVote(caseId);
    await m1.as.call('POST', `/v1/rotations/${caseId}/votes`, { vote: 'for' });
    await m2.as.call('POST', `/v1/rotations/${caseId}/votes`, { vote: 'against' });

    await service.restart();

    const after = await m3.as.call('POST', `/v1/rotations/${caseId}/votes`, { vote: 'for' });
    expect(after.body).toMatchObject({ status: 'committee_vote', votes: { for: 2, against: 1, members: 5 } });
    // A secret ballot (API v1.2): who voted, never how.
    expect(after.body.votes.voted).toEqual([m1.id, m2.id, m3.id]);
    expect(after.body.votes.ballots).toBeUndefined();
  });

  it('withdraws before activation, then refuses further steps and frees the cadre', async () => {
    const { organizer, m4 } = world.users;
    expectProblem(await world.users.khoa.as.call('POST', `/v1/rotations/${caseId}/withdraw`, { reason: 'x' }), 403);
    const withdrawn = await organizer.as.call('POST', `/v1/rotations/${caseId}/withdraw`, { reason: 'Cán bộ xin ở lại vì lý do gia đình' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', endReason: 'Cán bộ xin ở lại vì lý do gia đình' });
    expectProblem(await m4.as.call('POST', `/v1/rotations/${caseId}/votes`, { vote: 'for' }), 409);
    const again = await organizer.as.call('POST', '/v1/rotations', proposal({ cadreId: world.cadreHong.id, toUnitId: world.anLam.id, nonLocalSecretary: false }));
    expect(again.status).toBe(201);
  });

  it('pages through the cases in the order they were proposed', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse<Json> = await world.users.organizer.as.call('GET', `/v1/rotations?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((c: Json) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await world.users.organizer.as.call('GET', '/v1/rotations');
    expect(seen).toEqual(all.body.items.map((c: Json) => c.id));
    expect(seen).toHaveLength(3);
  });
});
