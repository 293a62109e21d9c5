// GET /v1/cadres and GET /v1/users on the API alone: search by name in any case and without
// diacritics, by unit tree, paged by cursor, and only within the caller's units.
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { type World, buildWorld, created, expectProblem, ok } from '../support/world';
import { foldName } from '../../store/directory';
import { signToken } from '../../api/auth';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;
let world: World;

beforeAll(async () => {
  service = await startApiAloneOnPglite();
  world = await buildWorld({ client: service.client, token: (username) => signToken(service.secret, username) });
  await created(
    world.admin.call('POST', '/v1/cadres', {
      fullName: 'Nguyễn Văn Đức',
      sex: 'male',
      birthDate: '1985-01-01',
      homeUnitId: world.tranHungDao.id,
      currentUnitId: world.tranHungDao.id,
      currentPosition: 'vice_chair',
    }),
  );
});

afterAll(() => service?.close());

const names = (page: { items: { fullName: string }[] }) => page.items.map((x) => x.fullName);

describe('foldName', () => {
  it('drops case, diacritics and đ', () => {
    expect(foldName('  Nguyễn  Văn ĐỨC ')).toBe('nguyen van duc');
  });
});

describe('GET /v1/cadres', () => {
  it('finds a name without diacritics, in any case', async () => {
    expect(names(await ok(world.admin.call('GET', '/v1/cadres?q=NGUYEN%20van')))).toEqual(['Nguyễn Văn Đức']);
    expect(names(await ok(world.admin.call('GET', `/v1/cadres?q=${encodeURIComponent('đặng văn')}`)))).toEqual(['Đặng Văn Khoa']);
  });

  it('lists by name, narrowed to a unit tree', async () => {
    expect(names(await ok(world.admin.call('GET', '/v1/cadres')))).toEqual(['Đặng Văn Khoa', 'Lê Thị Mận', 'Nguyễn Văn Đức', 'Trương Thị Hồng']);
    expect(names(await ok(world.admin.call('GET', `/v1/cadres?unitId=${world.otherDistrict.id}`)))).toEqual(['Nguyễn Văn Đức']);
    expect(names(await ok(world.admin.call('GET', `/v1/cadres?unitId=${world.namHung.id}`)))).toEqual(['Lê Thị Mận']);
  });

  it('pages with a cursor, each cadre once', async () => {
    const first = await ok(world.admin.call('GET', '/v1/cadres?limit=3'));
    expect(names(first)).toEqual(['Đặng Văn Khoa', 'Lê Thị Mận', 'Nguyễn Văn Đức']);
    const second = await ok(world.admin.call('GET', `/v1/cadres?limit=3&cursor=${first.nextCursor as string}`));
    expect(names(second)).toEqual(['Trương Thị Hồng']);
    expect(second.nextCursor).toBeNull();
  });

  it('shows only cadres of the units the caller reaches', async () => {
    expect(names(await ok(world.users.organizer.as.call('GET', '/v1/cadres')))).toEqual(['Đặng Văn Khoa', 'Lê Thị Mận', 'Trương Thị Hồng']);
    expect(names(await ok(world.users.otherOrganizer.as.call('GET', '/v1/cadres?q=van')))).toEqual(['Nguyễn Văn Đức']);
  });

  it('refuses a forged cursor, an empty search and an unknown unit', async () => {
    expectProblem(await world.admin.call('GET', '/v1/cadres?cursor=bm90LWEtY3Vyc29y'), 400, 'cursor');
    expectProblem(await world.admin.call('GET', '/v1/cadres?q='), 400, 'q');
    expectProblem(await world.admin.call('GET', '/v1/cadres?unitId=no-such-unit'), 404);
  });
});

describe('GET /v1/users', () => {
  it('finds users by name within the caller’s units', async () => {
    expect(names(await ok(world.users.organizer.as.call('GET', '/v1/users?q=MEMBER.1')))).toEqual(['member.1']);
    expect(names(await ok(world.users.otherOrganizer.as.call('GET', '/v1/users')))).toEqual(['pham.van.binh']);
  });

  it('lets a global admin see every user, narrowed to a unit tree and paged', async () => {
    const all = await ok(world.admin.call('GET', '/v1/users?limit=200'));
    expect(names(all)).toContain('Quản trị hệ thống');
    expect(names(await ok(world.admin.call('GET', `/v1/users?unitId=${world.otherDistrict.id}`)))).toEqual(['pham.van.binh']);
    const first = await ok(world.admin.call('GET', '/v1/users?q=member&limit=2'));
    const second = await ok(world.admin.call('GET', `/v1/users?q=member&limit=2&cursor=${first.nextCursor as string}`));
    expect([...names(first), ...names(second)]).toEqual(['member.1', 'member.2', 'member.3', 'member.4']);
  });

  it('is for admins and organizers only, and refuses a forged cursor', async () => {
    expectProblem(await world.users.secretary.as.call('GET', '/v1/users'), 403);
    expectProblem(await world.admin.call('GET', '/v1/users?cursor=%25%25'), 400, 'cursor');
  });
});
