// PATCH /v1/cadres/:id and POST /v1/planning-records/:id/withdraw on the API alone: a corrected sex
// or birth date changes the working time left a proposal is checked against, a withdrawn planning
// record no longer counts for the planning list, and both are refused outside the caller's scope.
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { type World, buildWorld, created, expectProblem, ok } from '../support/world';
import type { Json } from '../support/api-client';
import { signToken } from '../../api/auth';
import { checkRotationProposal, type ProposalBody } from '../../api/routes/rotations';
import type { Principal } from '../../api/scope';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;
let world: World;
let organizer: Principal;

beforeAll(async () => {
  service = await startApiAloneOnPglite();
  world = await buildWorld({ client: service.client, token: (username) => signToken(service.secret, username) });
  organizer = { id: world.users.organizer.id, username: 'nguyen.van.an', cadreId: null, roles: [{ role: 'organizer', unitId: world.district.id as string }] };
});

afterAll(() => service?.close());

/** Born early in the year 51 years ago: a man (62) has more than ten years left, a woman (60 at most) less. */
const fiftyOneYearsAgo = () => `${new Date().getUTCFullYear() - 51}-01-01`;

async function newCadre(body: Json = {}): Promise<Json> {
  return created(
    world.admin.call('POST', '/v1/cadres', {
      fullName: 'Vũ Thị Lan',
      sex: 'female',
      birthDate: fiftyOneYearsAgo(),
      homeUnitId: world.anLam.id,
      currentUnitId: world.district.id,
      currentPosition: 'specialist',
      ...body,
    }),
  );
}

function planning(cadreId: string, title = 'vice_chair'): Promise<Json> {
  const year = new Date().getUTCFullYear();
  return created(
    world.admin.call('POST', '/v1/planning-records', { cadreId, title, unitId: world.district.id, from: `${year - 1}-01-01`, to: `${year + 4}-12-31`, decisionNumber: 'QH-01' }),
  );
}

/** To Nam Hưng as vice chair, not a non-local head: ten years of working time are needed. */
function proposal(cadreId: string): ProposalBody {
  return {
    cadreId,
    fromUnitId: world.district.id as string,
    toUnitId: world.namHung.id as string,
    position: 'vice_chair',
    termMonths: 36,
    reviewIntervalMonths: 6,
    nonLocalSecretary: false,
    reason: 'Tăng cường cán bộ cho xã',
    officialHousing: false,
    exceptions: [],
  };
}

const check = (cadreId: string) => checkRotationProposal(service.db.prisma, organizer, proposal(cadreId));

describe('PATCH /v1/cadres/:id', () => {
  it('corrects the sex, and the working time left of a proposal follows', async () => {
    const cadre = await newCadre();
    await planning(cadre.id as string);
    await expect(check(cadre.id as string)).rejects.toMatchObject({ rule: 'working_time_left' });
    const refused = await world.users.organizer.as.call('POST', '/v1/rotations', proposal(cadre.id as string) as unknown as Json);
    expectProblem(refused, 422, 'cadreId');
    expect(refused.body.rule).toBe('working_time_left');

    const corrected = await ok(world.admin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { sex: 'male' }));
    expect(corrected).toMatchObject({ sex: 'male', fullName: 'Vũ Thị Lan' });
    expect(corrected.corrections).toEqual([{ at: expect.any(String), by: expect.any(String), changes: { sex: { from: 'female', to: 'male' } } }]);
    await expect(check(cadre.id as string)).resolves.toMatchObject({ cadre: { sex: 'male' } });

    const older = await ok(world.admin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { birthDate: '1960-03-01', fullName: 'Vũ Văn Lân' }));
    expect(older).toMatchObject({ birthDate: '1960-03-01', fullName: 'Vũ Văn Lân' });
    expect(older.corrections[1].changes).toEqual({ birthDate: { from: fiftyOneYearsAgo(), to: '1960-03-01' }, fullName: { from: 'Vũ Thị Lan', to: 'Vũ Văn Lân' } });
    await expect(check(cadre.id as string)).rejects.toMatchObject({ rule: 'working_time_left' });
    expect((await ok(world.admin.call('GET', `/v1/cadres/${cadre.id as string}`))).corrections).toHaveLength(2);
  });

  it('records nothing when nothing changes', async () => {
    const cadre = await newCadre();
    const same = await ok(world.admin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { sex: 'female', homeUnitId: world.anLam.id }));
    expect(same.corrections).toEqual([]);
  });

  it('moves the home unit, but not while a case of the cadre is open', async () => {
    const cadre = await newCadre();
    const moved = await ok(world.admin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { homeUnitId: world.namHung.id }));
    expect(moved.homeUnitId).toBe(world.namHung.id);

    await service.db.prisma.openCase.create({ data: { cadreId: cadre.id as string, caseId: 'case-of-lan' } });
    const refused = await world.admin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { homeUnitId: world.anLam.id });
    expectProblem(refused, 409, 'homeUnitId');
    expect(refused.body.detail).toContain('case-of-lan');
    // Facts other than the home unit stay correctable under an open case.
    expect(await ok(world.admin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { homeUnitId: world.namHung.id, sex: 'male' }))).toMatchObject({
      homeUnitId: world.namHung.id,
      sex: 'male',
    });
    await service.db.prisma.openCase.delete({ where: { cadreId: cadre.id as string } });
  });

  it('is an admin’s over the cadre’s units, and over the new home unit', async () => {
    const cadre = await newCadre();
    const districtAdmin = await created(
      world.admin.call('POST', '/v1/users', { username: 'admin.ns', fullName: 'Quản trị Nam Sách', roles: [{ role: 'admin', unitId: world.district.id }] }),
    );
    const asDistrictAdmin = await service.client.as(await signToken(service.secret, districtAdmin.username as string));
    expect(await ok(asDistrictAdmin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { fullName: 'Vũ Thị Lan Anh' }))).toMatchObject({ fullName: 'Vũ Thị Lan Anh' });
    expectProblem(await asDistrictAdmin.call('PATCH', `/v1/cadres/${cadre.id as string}`, { homeUnitId: world.tranHungDao.id }), 403);
    expectProblem(await world.users.organizer.as.call('PATCH', `/v1/cadres/${cadre.id as string}`, { fullName: 'X' }), 403);
    const elsewhere = await newCadre({ homeUnitId: world.tranHungDao.id, currentUnitId: world.otherDistrict.id });
    expectProblem(await asDistrictAdmin.call('PATCH', `/v1/cadres/${elsewhere.id as string}`, { fullName: 'X' }), 403);
    expect((await ok(world.admin.call('GET', `/v1/cadres/${elsewhere.id as string}`))).fullName).toBe('Vũ Thị Lan');
  });

  it('is never an admin’s over their own record', async () => {
    const cadre = await newCadre();
    const self = await created(
      world.admin.call('POST', '/v1/users', { username: 'vu.thi.lan', fullName: 'Vũ Thị Lan', cadreId: cadre.id, roles: [{ role: 'admin', unitId: world.district.id }] }),
    );
    const asSelf = await service.client.as(await signToken(service.secret, self.username as string));
    const res = await asSelf.call('PATCH', `/v1/cadres/${cadre.id as string}`, { sex: 'male' });
    expectProblem(res, 403);
    expect(res.body.detail).toMatch(/^no one corrects their own record/);
    expect((await ok(world.admin.call('GET', `/v1/cadres/${cadre.id as string}`))).sex).toBe('female');
  });

  it('refuses invalid fields by their name, and unknown ids', async () => {
    const cadre = await newCadre();
    const path = `/v1/cadres/${cadre.id as string}`;
    expectProblem(await world.admin.call('PATCH', path, { sex: 'other' }), 400, 'sex');
    expectProblem(await world.admin.call('PATCH', path, { birthDate: '2030-01-01' }), 400, 'birthDate');
    expectProblem(await world.admin.call('PATCH', path, { fullName: '' }), 400, 'fullName');
    expectProblem(await world.admin.call('PATCH', path, { homeUnitId: 'no-such-unit' }), 404, 'homeUnitId');
    expectProblem(await world.admin.call('PATCH', '/v1/cadres/no-such-cadre', { fullName: 'X' }), 404);
    expect((await ok(world.admin.call('GET', path))).corrections).toEqual([]);
  });
});

describe('POST /v1/planning-records/:id/withdraw', () => {
  it('takes the record out of the planning list, which refuses again, and keeps it shown as withdrawn', async () => {
    const cadre = await newCadre({ sex: 'male' });
    const record = await planning(cadre.id as string);
    await expect(check(cadre.id as string)).resolves.toBeDefined();

    const withdrawn = await ok(world.users.organizer.as.call('POST', `/v1/planning-records/${record.id as string}/withdraw`, { reason: 'Nhập nhầm cán bộ' }));
    expect(withdrawn.withdrawn).toEqual({ at: expect.any(String), by: world.users.organizer.id, reason: 'Nhập nhầm cán bộ' });
    await expect(check(cadre.id as string)).rejects.toMatchObject({ rule: 'planning_list' });
    const refused = await world.users.organizer.as.call('POST', '/v1/rotations', proposal(cadre.id as string) as unknown as Json);
    expectProblem(refused, 422, 'cadreId');
    expect(refused.body.rule).toBe('planning_list');

    const shown = await ok(world.admin.call('GET', `/v1/cadres/${cadre.id as string}`));
    expect(shown.planning).toEqual([expect.objectContaining({ id: record.id, withdrawn: withdrawn.withdrawn })]);
    expectProblem(await world.admin.call('POST', `/v1/planning-records/${record.id as string}/withdraw`, { reason: 'Lần nữa' }), 409);
  });

  it('is an organizer’s or admin’s over the record’s unit, with a reason', async () => {
    const cadre = await newCadre({ sex: 'male' });
    const record = await planning(cadre.id as string);
    const path = `/v1/planning-records/${record.id as string}/withdraw`;
    expectProblem(await world.users.otherOrganizer.as.call('POST', path, { reason: 'Nhập nhầm' }), 403);
    expectProblem(await world.users.secretary.as.call('POST', path, { reason: 'Nhập nhầm' }), 403);
    expectProblem(await world.users.organizer.as.call('POST', path, { reason: '' }), 400, 'reason');
    expectProblem(await world.users.organizer.as.call('POST', path, {}), 400, 'reason');
    expectProblem(await world.users.organizer.as.call('POST', '/v1/planning-records/no-such-record/withdraw', { reason: 'Nhập nhầm' }), 404);
    expect((await ok(world.admin.call('GET', `/v1/cadres/${cadre.id as string}`))).planning[0].withdrawn).toBeNull();
  });
});
