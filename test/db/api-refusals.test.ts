// The refusals every route family answers before any workflow is asked, on the app alone with a
// Temporal client that fails when touched: 401 without a valid token, 403 for a role or unit scope
// that does not allow it, 404 for an id that names nothing (whatever its shape), 400 naming the
// field of an invalid body. All as application/problem+json.
import { randomUUID } from 'node:crypto';
import { initialCaseState } from '../../domain/rotation-case';
import type { SignedInClient } from '../support/api-client';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { insertProposedCase } from '../support/case-rows';
import { proposal } from '../support/domain-fixtures';
import { expectProblem } from '../support/world';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;
let admin: SignedInClient;
/** Organizer over the district, finance over the receiving commune only. */
let organizer: SignedInClient;
let finance: SignedInClient;
let caseId: string;
let district: string;
let cadreId: string;

const UNKNOWN_IDS = ['00000000-0000-4000-8000-000000000000', 'no-such-id'];

beforeAll(async () => {
  service = await startApiAloneOnPglite();
  admin = await service.signedIn('admin');
  const unit = async (code: string, kind: string, parentId?: string) => (await admin.call('POST', '/v1/units', { code, name: code, kind, parentId })).body.id as string;
  const province = await unit('HD', 'province');
  district = await unit('NS', 'district', province);
  const sending = await unit('AL', 'commune', district);
  const receiving = await unit('NT', 'commune', district);
  const cadre = await admin.call('POST', '/v1/cadres', {
    fullName: 'Đặng Văn Khoa',
    sex: 'male',
    birthDate: '1980-05-01',
    homeUnitId: sending,
    currentUnitId: sending,
    currentPosition: 'vice_chair',
  });
  const user = (username: string, role: string, unitId: string) => admin.call('POST', '/v1/users', { username, fullName: username, roles: [{ role, unitId }] });
  await user('to.chuc', 'organizer', district);
  await user('ke.toan', 'finance', receiving);
  organizer = await service.signedIn('to.chuc');
  finance = await service.signedIn('ke.toan');
  const state = initialCaseState({ ...proposal, id: randomUUID(), cadreId: cadre.body.id, fromUnitId: sending, toUnitId: receiving });
  cadreId = cadre.body.id;
  await insertProposedCase(service.db.prisma, state, 'admin');
  caseId = state.id;
}, 180_000);

afterAll(async () => {
  await service?.close();
});

/** One request of each family, as a caller allowed to send it would. */
const families = (): [string, 'GET' | 'POST' | 'PUT' | 'PATCH', string, unknown?][] => [
  ['units', 'POST', '/v1/units', { code: 'KM', name: 'Huyện Kinh Môn', kind: 'district', parentId: district }],
  ['cadres', 'GET', `/v1/cadres/${cadreId}`],
  ['users', 'POST', '/v1/users', { username: 'moi', fullName: 'Người mới', roles: [] }],
  ['policies', 'GET', '/v1/policies/support'],
  ['calendar', 'GET', '/v1/calendar/2026'],
  ['rotations', 'GET', `/v1/rotations/${caseId}`],
  ['case steps', 'POST', `/v1/rotations/${caseId}/withdraw`, { reason: 'Thay đổi nhân sự' }],
  ['support steps', 'POST', `/v1/rotations/${caseId}/support/approve`, {}],
  ['tasks', 'GET', '/v1/tasks'],
  ['reports', 'GET', `/v1/reports/non-local-secretaries?unitId=${district}`],
  ['planning', 'GET', `/v1/planning/non-local-secretaries?unitId=${district}`],
  ['notifications', 'GET', '/v1/notifications'],
];

describe('401: no token, or one the service did not sign', () => {
  it.each(['none', 'garbage', 'foreign'])('with %s token, on every route family', async (token) => {
    const bearer = token === 'none' ? undefined : token === 'garbage' ? 'not-a-token' : (await import('../../api/auth')).signToken('another-secret-of-32-bytes-or-more!!', 'admin');
    for (const [family, method, path, body] of families()) {
      const res = await service.client.call(method, path, body, { token: await bearer });
      expect([family, res.status]).toEqual([family, 401]);
      expectProblem(res, 401);
    }
  });

  it('for a user the token names who does not exist', async () => {
    expectProblem(await (await service.signedIn('nobody')).call('GET', '/v1/tasks'), 401);
  });
});

describe('403: a role or unit scope that does not allow it', () => {
  it.each([
    ['units', 'POST', '/v1/units', () => ({ code: 'KM', name: 'Huyện Kinh Môn', kind: 'district', parentId: district })],
    [
      'cadres',
      'POST',
      '/v1/cadres',
      () => ({ fullName: 'Lê Văn Cường', sex: 'male', birthDate: '1982-01-01', homeUnitId: district, currentUnitId: district, currentPosition: 'vice_chair' }),
    ],
    ['users', 'POST', '/v1/users', () => ({ username: 'moi', fullName: 'Người mới', roles: [{ role: 'cadre', unitId: district }] })],
    [
      'policies',
      'PUT',
      '/v1/policies/support',
      () => ({ effectiveFrom: '2026-01-01', oneTimeVnd: 1, monthlySupplementVnd: 1, housingAllowanceVnd: 1, transportTiers: [], earlySalaryRaise: false }),
    ],
    ['calendar', 'PUT', '/v1/calendar/2026', () => ({ daysOff: [], workingDays: [] })],
  ] as const)('%s: an organizer does what only an admin may', async (_family, method, path, body) => {
    expectProblem(await organizer.call(method, path, body()), 403);
  });

  it('rotations: finance proposes a case', async () => {
    const propose = {
      cadreId,
      fromUnitId: district,
      toUnitId: district,
      position: 'party_secretary',
      termMonths: 24,
      reviewIntervalMonths: 6,
      nonLocalSecretary: false,
      reason: 'Tăng cường',
    };
    expectProblem(await finance.call('POST', '/v1/rotations', propose), 403);
  });

  it('case steps: finance takes an organizer step, an organizer signs the decision', async () => {
    expectProblem(await finance.call('POST', `/v1/rotations/${caseId}/withdraw`, { reason: 'Thay đổi nhân sự' }), 403);
    expectProblem(await organizer.call('POST', `/v1/rotations/${caseId}/decision`, { decisionNumber: '15-QĐ/HU', signedAt: '2026-03-20', effectiveDate: '2026-04-01' }), 403);
  });

  it('support steps: an organizer approves the support', async () => {
    expectProblem(await organizer.call('POST', `/v1/rotations/${caseId}/support/approve`, {}), 403);
  });

  it('reports: finance reads the report of non-local secretaries', async () => {
    expectProblem(await finance.call('GET', `/v1/reports/non-local-secretaries?unitId=${district}`), 403);
  });
});

describe('404: an id that names nothing, whatever its shape', () => {
  it.each(UNKNOWN_IDS)('%s', async (id) => {
    const requests: ['GET' | 'POST' | 'PUT' | 'PATCH', string, unknown?][] = [
      ['GET', `/v1/units/${id}`],
      ['PUT', `/v1/units/${id}/positions/party_secretary`, { cadreId: id }],
      ['GET', `/v1/cadres/${id}`],
      ['PATCH', `/v1/users/${id}`, { active: false }],
      ['GET', `/v1/rotations/${id}`],
      ['POST', `/v1/rotations/${id}/withdraw`, { reason: 'Thay đổi nhân sự' }],
      ['POST', `/v1/rotations/${id}/support/approve`, {}],
      ['POST', `/v1/notifications/${id}/read`],
      ['GET', `/v1/reports/non-local-secretaries?unitId=${id}`],
    ];
    for (const [method, path, body] of requests) {
      const res = await admin.call(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expectProblem(res, 404);
    }
  });

  it('an organizer asking for a case step on a case that does not exist', async () => {
    expectProblem(await organizer.call('POST', `/v1/rotations/${UNKNOWN_IDS[0]}/appraisal`, { outcome: 'reject', note: 'Không đủ điều kiện' }), 404);
  });
});

describe('400: an invalid body, naming the field', () => {
  it.each([
    ['units', 'POST', '/v1/units', { code: 'KM', name: 'Huyện Kinh Môn', kind: 'planet' }, 'kind'],
    [
      'cadres',
      'POST',
      '/v1/cadres',
      { fullName: 'Lê Văn Cường', sex: 'male', birthDate: '1982-02-30', homeUnitId: 'x', currentUnitId: 'x', currentPosition: 'vice_chair' },
      'birthDate',
    ],
    ['users', 'POST', '/v1/users', { username: 'moi', fullName: 'Người mới', roles: [{ role: 'king' }] }, 'roles.0.role'],
    [
      'policies',
      'PUT',
      '/v1/policies/support',
      { effectiveFrom: '2026-01-01', oneTimeVnd: -1, monthlySupplementVnd: 1, housingAllowanceVnd: 1, transportTiers: [], earlySalaryRaise: false },
      'oneTimeVnd',
    ],
    ['calendar', 'PUT', '/v1/calendar/2026', { daysOff: [{ date: '2027-01-01', name: 'Tết' }], workingDays: [] }, 'daysOff.0.date'],
    [
      'rotations',
      'POST',
      '/v1/rotations',
      { cadreId: 'x', fromUnitId: 'x', toUnitId: 'y', position: 'party_secretary', termMonths: 100, reviewIntervalMonths: 6, nonLocalSecretary: false, reason: 'Tăng cường' },
      'termMonths',
    ],
  ] as const)('%s', async (_family, method, path, body, field) => {
    expectProblem(await admin.call(method, path, body), 400, field);
  });

  it('case steps', async () => {
    expectProblem(await organizer.call('POST', `/v1/rotations/${caseId}/appraisal`, { outcome: 'maybe', note: '' }), 400, 'outcome');
    expectProblem(await organizer.call('POST', `/v1/rotations/${caseId}/consultations`, { party: 'neighbour', outcome: 'agree' }), 400, 'party');
  });

  it('support steps', async () => {
    expectProblem(await finance.call('POST', `/v1/rotations/${caseId}/support/payments/${caseId}:one_time:1/paid`, { paidAt: 'hôm qua', reference: 'UNC 1' }), 400, 'paidAt');
  });
});

describe('refusals in the language the request asks for (Accept-Language), English without one', () => {
  const VI = { headers: { 'accept-language': 'vi' } };
  /** The answer in English by default and in Vietnamese when asked: its `detail` and the named field's message. */
  async function inBothLanguages(client: SignedInClient, method: 'GET' | 'POST', path: string, body: unknown, status: number, field: string) {
    const answers = [await client.call(method, path, body), await client.call(method, path, body, VI)];
    for (const res of answers) expectProblem(res, status, field);
    return answers.map((res) => ({ detail: res.body.detail, message: res.body.errors.find((e: { path: string }) => e.path === field).message }));
  }

  it('a unit under a parent of the wrong kind (422)', async () => {
    const [en, vi] = await inBothLanguages(admin, 'POST', '/v1/units', { code: 'TX', name: 'Thị xã', kind: 'district', parentId: district }, 422, 'parentId');
    expect(en).toEqual({ detail: 'a district sits under a province', message: 'a district sits under a province' });
    expect(vi).toEqual({ detail: 'đơn vị cấp district phải trực thuộc đơn vị cấp province', message: 'đơn vị cấp district phải trực thuộc đơn vị cấp province' });
  });

  it('a role held on no unit (400)', async () => {
    const [en, vi] = await inBothLanguages(admin, 'POST', '/v1/users', { username: 'moi', fullName: 'Người mới', roles: [{ role: 'organizer' }] }, 400, 'roles.0.unitId');
    expect(en).toEqual({ detail: 'the request is not valid', message: 'the role organizer is held on a unit' });
    expect(vi).toEqual({ detail: 'yêu cầu không hợp lệ', message: 'vai trò organizer phải gắn với một đơn vị' });
  });

  it('a proposal to the unit the cadre is sent from (422), and a term too short (400)', async () => {
    const from = (await admin.call('GET', `/v1/cadres/${cadreId}`)).body.currentUnitId as string;
    const body = { cadreId, fromUnitId: from, toUnitId: from, position: 'vice_chair', termMonths: 36, reviewIntervalMonths: 6, nonLocalSecretary: false, reason: 'Tăng cường' };
    const [en, vi] = await inBothLanguages(organizer, 'POST', '/v1/rotations', body, 422, 'toUnitId');
    expect(en.message).toBe('the receiving unit must differ from the sending unit');
    expect(vi.message).toBe('đơn vị tiếp nhận phải khác đơn vị cử đi');
    const [shortEn, shortVi] = await inBothLanguages(organizer, 'POST', '/v1/rotations', { ...body, termMonths: 5 }, 400, 'termMonths');
    expect(shortEn.message).toBe('termMonths must be a whole number from 6 to 60');
    expect(shortVi.message).toBe('thời hạn luân chuyển (termMonths) phải là số tháng nguyên từ 6 đến 60');
  });

  it('a cursor this API did not give out (400)', async () => {
    const [en, vi] = await inBothLanguages(admin, 'GET', '/v1/notifications?cursor=not-a-cursor', undefined, 400, 'cursor');
    expect(en.message).toBe('not a cursor this API gave out');
    expect(vi.message).toBe('không phải con trỏ phân trang do API này cấp');
  });
});
