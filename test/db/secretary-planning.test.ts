// GET /v1/planning/non-local-secretaries on the API alone: a unit below the target, how many more
// non-local secretaries it needs, its commune with a local secretary and the ranked candidates.
import { randomUUID } from 'node:crypto';
import { signToken } from '../../api/auth';
import { hashPassword } from '../../infra/passwords';
import { webSignIn } from '../support/web-form';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { type World, buildWorld, created, expectProblem, ok, planFor } from '../support/world';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;
let world: World;
const ids: Record<string, string> = {};

beforeAll(async () => {
  service = await startApiAloneOnPglite();
  world = await buildWorld({ client: service.client, token: (username) => signToken(service.secret, username) });
  const cadre = async (fullName: string, politicalTheory: string, planned: boolean) => {
    const made = await created(
      world.admin.call('POST', '/v1/cadres', {
        fullName,
        sex: 'male',
        birthDate: '1984-03-01',
        politicalTheory,
        homeUnitId: world.anLam.id,
        currentUnitId: world.district.id,
        currentPosition: 'specialist',
      }),
    );
    if (planned) await planFor(world.admin, made.id as string, world.district.id as string);
    ids[fullName] = made.id as string;
  };
  await cadre('Vũ Văn Lâm', 'intermediate', true);
  await cadre('Ngô Văn Mở', 'advanced', true);
  await cadre('Phan Văn Nghĩa', 'advanced', false);
  await service.db.prisma.openCase.create({ data: { cadreId: ids['Ngô Văn Mở'], caseId: randomUUID() } });
});

afterAll(() => service?.close());

const path = (unitId: unknown) => `/v1/planning/non-local-secretaries?unitId=${String(unitId)}`;

describe('GET /v1/planning/non-local-secretaries', () => {
  it('shows what a unit below the target needs and ranks the eligible candidates for its local commune', async () => {
    const body = await ok(world.users.organizer.as.call('GET', path(world.district.id)));
    // Nam Sách: neither of its two communes has a non-local secretary; one more reaches 30 % (1 of 2).
    // Candidates for Nam Hưng: not Lê Thị Mận or Trương Thị Hồng (from Nam Hưng), not Ngô Văn Mở
    // (an open case), not Phan Văn Nghĩa (not planned for party secretary).
    expect(body).toEqual({
      items: [
        {
          unitId: world.district.id,
          name: 'Huyện Nam Sách',
          communes: 2,
          nonLocal: 0,
          needed: 1,
          localCommunes: [
            {
              unitId: world.namHung.id,
              name: 'Xã Nam Hưng',
              candidates: [
                { cadreId: world.cadreKhoa.id, fullName: 'Đặng Văn Khoa', score: 30, reasons: ['Lý luận chính trị cao cấp', '0 năm công tác kể từ khi có hồ sơ'] },
                { cadreId: ids['Vũ Văn Lâm'], fullName: 'Vũ Văn Lâm', score: 20, reasons: ['Lý luận chính trị trung cấp', '0 năm công tác kể từ khi có hồ sơ'] },
              ],
            },
          ],
        },
      ],
    });
  });

  it('lists the unit and its child units below the target, by code, for an admin over the province', async () => {
    const body = await ok(world.admin.call('GET', path(world.province.id)));
    const items = body.items as { unitId: string; communes: number; needed: number; localCommunes: unknown[] }[];
    expect(items.map((i) => [i.unitId, i.communes, i.needed, i.localCommunes.length])).toEqual([
      [world.province.id, 3, 1, 1],
      [world.otherDistrict.id, 1, 1, 0],
      [world.district.id, 2, 1, 1],
    ]);
  });

  it('refuses outside the caller’s units, an unknown unit and a missing unitId', async () => {
    expectProblem(await world.users.otherOrganizer.as.call('GET', path(world.district.id)), 403);
    expectProblem(await world.users.secretary.as.call('GET', path(world.district.id)), 403);
    expectProblem(await world.admin.call('GET', path('no-such-unit')), 404);
    expectProblem(await world.admin.call('GET', '/v1/planning/non-local-secretaries'), 400, 'unitId');
  });
});

describe('the page /quy-hoach', () => {
  it('shows the organizer’s unit, its needed count and each candidate with a link to a prefilled proposal', async () => {
    const password = 'Mật khẩu thử nghiệm 2026';
    await service.db.prisma.user.update({ where: { username: 'nguyen.van.an' }, data: { passwordHash: await hashPassword(password) } });
    const signIn = await webSignIn(service.api.url, 'nguyen.van.an', password);
    const cookie = signIn.cookies.find((c) => c.startsWith('cr_session='))!.split(';')[0];
    const res = await fetch(new URL('/quy-hoach', service.api.url), { headers: { cookie } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Huyện Nam Sách');
    expect(page).toContain('0 trên 2 xã, phường có bí thư không là người địa phương; cần thêm 1.');
    expect(page).toContain('Xã Nam Hưng');
    expect(page.indexOf('Đặng Văn Khoa')).toBeLessThan(page.indexOf('Vũ Văn Lâm'));
    expect(page).toContain(`href="/de-xuat?cadreId=${String(world.cadreKhoa.id)}"`);
    expect(page).not.toContain('Ngô Văn Mở');
  });
});
