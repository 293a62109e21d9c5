// The working calendar over HTTP on the API alone: anyone signed in reads a year (the built-in
// holidays and what an admin recorded), only a global admin records one, and dates that are not
// of the year, not a weekend for a swapped working day, or listed twice are refused.
import { readWorkingCalendar } from '../../store/calendar';
import { addWorkingDays } from '../../domain/calendar';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import type { SignedInClient } from '../support/api-client';
import { expectProblem } from '../support/world';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;
let admin: SignedInClient;

beforeAll(async () => {
  service = await startApiAloneOnPglite();
  const { prisma } = service.db;
  await prisma.unit.create({ data: { id: 'u-province', code: 'HD', name: 'Tỉnh Hải Dương', kind: 'province', path: '/u-province/' } });
  await prisma.user.create({
    data: { id: 'u-org', username: 'to.chuc', fullName: 'Nguyễn Văn An', roles: { create: [{ id: 'r-org', role: 'organizer', unitId: 'u-province' }] } },
  });
  await prisma.user.create({
    data: { id: 'u-admin-p', username: 'quan.tri.tinh', fullName: 'Lê Thị Hoa', roles: { create: [{ id: 'r-adm', role: 'admin', unitId: 'u-province' }] } },
  });
  admin = await service.signedIn('admin');
}, 60_000);

afterAll(async () => {
  await service?.close();
});

const TET_2027 = ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'];

test('a year nobody recorded shows the built-in public holidays, Tết among them, and no swapped working day', async () => {
  const res = await (await service.signedIn('to.chuc')).call('GET', '/v1/calendar/2027');
  expect(res.status).toBe(200);
  expect(res.body.year).toBe(2027);
  expect(res.body.workingDays).toEqual([]);
  expect(res.body.daysOff.map((d: { date: string }) => d.date)).toEqual(expect.arrayContaining(['2027-01-01', ...TET_2027, '2027-04-30', '2027-05-01', '2027-09-02']));
  expect(res.body.daysOff.find((d: { date: string }) => d.date === '2027-02-06').name).toBe('Tết Nguyên Đán');
});

test('a global admin records the days off and the swapped Saturdays; they join the built-in ones and move deadlines', async () => {
  const body = {
    daysOff: [
      { date: '2027-02-04', name: 'Nghỉ Tết theo Quyết định của Thủ tướng' },
      { date: '2027-02-10', name: 'Nghỉ Tết' },
    ],
    workingDays: ['2027-02-20'],
  };
  const saved = await admin.call('PUT', '/v1/calendar/2027', body);
  expect(saved.status).toBe(200);
  const read = await admin.call('GET', '/v1/calendar/2027');
  expect(read.body).toEqual(saved.body);
  expect(read.body.daysOff.map((d: { date: string }) => d.date).filter((d: string) => d.startsWith('2027-02'))).toEqual(['2027-02-04', ...TET_2027, '2027-02-10']);
  expect(read.body.workingDays).toEqual(['2027-02-20']);

  // What the case workflow reads when a step opens: 7 working days from 3 February end on 19 February.
  const calendar = await readWorkingCalendar(service.db.prisma, [2027]);
  expect(addWorkingDays(calendar, '2027-02-03', 7)).toBe('2027-02-19');

  // Recording the year again replaces what was recorded, never the built-in holidays.
  await admin.call('PUT', '/v1/calendar/2027', { daysOff: [], workingDays: [] });
  const reset = await admin.call('GET', '/v1/calendar/2027');
  expect(reset.body.daysOff.map((d: { date: string }) => d.date)).toEqual(expect.arrayContaining(TET_2027));
  expect(reset.body.daysOff.map((d: { date: string }) => d.date)).not.toContain('2027-02-04');
});

test('only a global admin records a year: an organizer and an admin of a unit get 403, and nothing changes', async () => {
  const before = await admin.call('GET', '/v1/calendar/2028');
  for (const username of ['to.chuc', 'quan.tri.tinh']) {
    const res = await (await service.signedIn(username)).call('PUT', '/v1/calendar/2028', { daysOff: [{ date: '2028-01-03', name: 'Nghỉ' }], workingDays: [] });
    expectProblem(res, 403);
  }
  expect(await admin.call('GET', '/v1/calendar/2028')).toMatchObject({ body: before.body });
  expectProblem(await service.client.call('GET', '/v1/calendar/2028'), 401);
});

test.each([
  [{ daysOff: [{ date: '2026-12-31', name: 'Năm khác' }], workingDays: [] }, 'daysOff.0.date'],
  [{ daysOff: [{ date: '2027-02-30', name: 'Không có ngày này' }], workingDays: [] }, 'daysOff.0.date'],
  [
    {
      daysOff: [
        { date: '2027-03-01', name: 'Nghỉ' },
        { date: '2027-03-01', name: 'Lặp' },
      ],
      workingDays: [],
    },
    'daysOff.1.date',
  ],
  [{ daysOff: [], workingDays: ['2027-02-17'] }, 'workingDays.0'],
  [{ daysOff: [{ date: '2027-02-20', name: 'Nghỉ' }], workingDays: ['2027-02-20'] }, 'workingDays.0'],
  [{ daysOff: [{ date: '2027-03-01', name: '' }], workingDays: [] }, 'daysOff.0.name'],
  [{ daysOff: [] }, 'workingDays'],
])('refuses %j with 400 naming %s', async (body, path) => {
  const res = await admin.call('PUT', '/v1/calendar/2027', body);
  expectProblem(res, 400);
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
});

test.each(['1999', '2101', 'next', '2027.5'])('a year out of range or not a year (%s) is 400', async (year) => {
  expectProblem(await admin.call('GET', `/v1/calendar/${year}`), 400);
  expectProblem(await admin.call('PUT', `/v1/calendar/${year}`, { daysOff: [], workingDays: [] }), 400);
});
