// Reference data the end-to-end suites share, entered through the API by the admin: a province
// with two districts and three communes, cadres, officials and the district's Standing Committee.
import { localDate } from '../../domain/calendar';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';
import type { DocumentKind } from '../../domain/types';
import type { ApiResponse, Json, SignedInClient } from './api-client';
import type { TestService } from './service';

/** Asserts an RFC 9457 answer of `status`; with `path`, that its errors name that field. */
export function expectProblem(res: ApiResponse<Json>, status: number, path?: string): void {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status, type: expect.stringContaining('application/problem+json') });
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  if (path) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
}

/** The body of a 201 answer. */
export async function created(res: Promise<ApiResponse<Json>>): Promise<Json> {
  const answer = await res;
  expect([answer.status, answer.body]).toEqual([201, expect.anything()]);
  return answer.body;
}

/** A step on a case: POST /v1/rotations/:id/<step>. */
export function act(as: SignedInClient, caseId: string, step: string, body: Json, idempotencyKey?: string): Promise<ApiResponse<Json>> {
  return as.call('POST', `/v1/rotations/${caseId}/${step}`, body, idempotencyKey ? { idempotencyKey } : {});
}

/** A small valid PDF (one empty page): what the fixtures file as each document of a dossier. */
export const SMALL_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/MediaBox[0 0 3 3]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** POST /v1/rotations/:id/documents: `bytes` as the file, with the form's other fields. */
export function upload(as: SignedInClient, caseId: string, kind: DocumentKind, bytes: Uint8Array = SMALL_PDF, fields: Record<string, string> = {}): Promise<ApiResponse<Json>> {
  const form = new FormData();
  form.set('kind', kind);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), `${kind}.pdf`);
  return as.call('POST', `/v1/rotations/${caseId}/documents`, form);
}

/** The form fields a document of `kind` is filed with in a complete dossier: a health certificate issued today. */
export function dossierFields(kind: DocumentKind): Record<string, string> {
  return kind === 'health_certificate' ? { issuedAt: localDate(new Date()) } : {};
}

/** A small PDF of every kind the default rules require, the health certificate issued today: the case may then be endorsed. */
export async function fileDossier(as: SignedInClient, caseId: string): Promise<void> {
  for (const kind of DEFAULT_DOSSIER_RULES.required) await created(upload(as, caseId, kind, SMALL_PDF, dossierFields(kind)));
}

/** The dossier filed, then the endorsement: POST /v1/rotations/:id/appraisal. */
export async function endorse(as: SignedInClient, caseId: string, body: Json = {}): Promise<ApiResponse<Json>> {
  await fileDossier(as, caseId);
  return act(as, caseId, 'appraisal', { outcome: 'endorse', ...body });
}

/** The body of a 200 answer (the detail shows in the failure otherwise). */
export async function ok(res: Promise<ApiResponse<Json>>): Promise<Json> {
  const answer = await res;
  expect([answer.status, answer.body?.detail]).toEqual([200, undefined]);
  return answer.body;
}

/** Polls `read` until `done` holds: the workflows go on after an answer has been given. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface WorldUser {
  id: string;
  as: SignedInClient;
}

/** Everyone and everything the scenarios use. */
export interface World {
  admin: SignedInClient;
  province: Json;
  district: Json;
  otherDistrict: Json;
  anLam: Json;
  namHung: Json;
  tranHungDao: Json;
  cadreKhoa: Json;
  cadreLocal: Json;
  cadreHong: Json;
  users: Record<'organizer' | 'otherOrganizer' | 'secretary' | 'khoa' | 'm1' | 'm2' | 'm3' | 'm4' | 'm5', WorldUser>;
}

/** The titles the world's cadres are in the planning list for: the posts the scenarios propose them to. */
export const PLANNED_TITLES = ['party_secretary', 'vice_chair', 'chief_of_office'] as const;

/** The planning period around today: five years either side, as a planning list runs a term ahead. */
function planningPeriod(): { from: string; to: string } {
  const year = new Date().getUTCFullYear();
  return { from: `${year - 5}-01-01`, to: `${year + 5}-12-31` };
}

/** Puts the cadre in `unitId`'s planning list for `titles` (QĐ 65: a rotated cadre is planned for a leadership title). */
export async function planFor(admin: SignedInClient, cadreId: string, unitId: string, titles: readonly string[] = PLANNED_TITLES): Promise<void> {
  for (const title of titles) {
    await created(admin.call('POST', '/v1/planning-records', { cadreId, title, unitId, ...planningPeriod(), decisionNumber: `QH-${title}` }));
  }
}

/** An exception the deciding level recorded, e.g. for a term shorter than the national minimum. */
export function exception(rule: string, reason = 'Trường hợp đặc biệt do cấp có thẩm quyền quyết định'): Json {
  return { rule, decisionNumber: `${rule}-01/QĐ-HU`, reason };
}

/** Khoa, from the district to Nam Hưng as its non-local party secretary: the proposal most scenarios start from. */
export function khoaToNamHung(world: World, overrides: Json = {}): Json {
  return {
    cadreId: world.cadreKhoa.id,
    fromUnitId: world.district.id,
    toUnitId: world.namHung.id,
    position: 'party_secretary',
    termMonths: 36,
    reviewIntervalMonths: 6,
    nonLocalSecretary: true,
    reason: 'Luân chuyển Bí thư Đảng ủy xã không phải người địa phương',
    ...overrides,
  };
}

/** Khoa's case to Nam Hưng (`overrides` on its proposal), consulted, endorsed and voted through by three members: waiting for the secretary's decision. */
export async function caseAwaitingDecision(world: World, overrides: Json = {}): Promise<string> {
  const { organizer, m1, m2, m3 } = world.users;
  const caseId = (await created(organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world, overrides)))).id as string;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer.as, caseId, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer.as, caseId));
  for (const m of [m1, m2, m3]) await ok(act(m.as, caseId, 'votes', { vote: 'for' }));
  return caseId;
}

/**
 * Khoa's case to Nam Hưng for `termMonths` (shorter than the national minimum, by the district's
 * recorded exception) decided by the secretary and in force since `effectiveDate` (YYYY-MM-DD, in
 * the past for a review or the term's end to have come): the case once its workflow has it active.
 */
export async function caseInForceSince(world: World, effectiveDate: string, term: { termMonths: number; reviewIntervalMonths: number }): Promise<Json> {
  const caseId = await caseAwaitingDecision(world, { ...term, exceptions: [exception('minimum_term')] });
  const decision = { decisionNumber: `${caseId.slice(0, 6)}-QĐ/HU`, signedAt: effectiveDate, effectiveDate };
  await ok(act(world.users.secretary.as, caseId, 'decision', decision));
  return until(
    async () => (await world.admin.call('GET', `/v1/rotations/${caseId}`)).body,
    (c) => c.status === 'active',
    'the case active',
  );
}

/** What the world is entered through: the service in this process, or one running elsewhere. */
export type WorldService = Pick<TestService, 'client' | 'token'>;

export async function signedIn(service: WorldService, username: string): Promise<SignedInClient> {
  return service.client.as(await service.token(username));
}

/**
 * Province Hải Dương > districts Nam Sách (communes An Lâm, Nam Hưng) and Kinh Môn (Trần Hưng
 * Đạo); Nam Hưng's party secretary is local; Nam Sách has an organizer, a secretary, the cadre
 * Khoa as a user and a five-member Standing Committee; Kinh Môn has an organizer.
 */
export async function buildWorld(service: WorldService): Promise<World> {
  const admin = await signedIn(service, 'admin');
  const unit = (body: Json) => created(admin.call('POST', '/v1/units', body));
  const province = await unit({ code: 'HD', name: 'Tỉnh Hải Dương', kind: 'province' });
  const district = await unit({ code: 'NS', name: 'Huyện Nam Sách', kind: 'district', parentId: province.id });
  const otherDistrict = await unit({ code: 'KM', name: 'Thị xã Kinh Môn', kind: 'district', parentId: province.id });
  const anLam = await unit({ code: 'NS-AL', name: 'Xã An Lâm', kind: 'commune', parentId: district.id });
  const namHung = await unit({ code: 'NS-NH', name: 'Xã Nam Hưng', kind: 'commune', parentId: district.id });
  const tranHungDao = await unit({ code: 'KM-THD', name: 'Phường Trần Hưng Đạo', kind: 'commune', parentId: otherDistrict.id });

  const cadre = async (body: Json) => {
    const made = await created(admin.call('POST', '/v1/cadres', { birthDate: '1982-04-12', politicalTheory: 'advanced', ...body }));
    await planFor(admin, made.id, district.id);
    return made;
  };
  const cadreKhoa = await cadre({ fullName: 'Đặng Văn Khoa', sex: 'male', homeUnitId: anLam.id, currentUnitId: district.id, currentPosition: 'deputy_head_organization' });
  const cadreLocal = await cadre({ fullName: 'Lê Thị Mận', sex: 'female', homeUnitId: namHung.id, currentUnitId: namHung.id, currentPosition: 'party_secretary' });
  const cadreHong = await cadre({ fullName: 'Trương Thị Hồng', sex: 'female', homeUnitId: namHung.id, currentUnitId: district.id, currentPosition: 'specialist' });
  expect((await admin.call('PUT', `/v1/units/${namHung.id}/positions/party_secretary`, { cadreId: cadreLocal.id })).status).toBe(200);

  const user = async (username: string, roles: Json[], cadreId?: string): Promise<WorldUser> => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName: username, roles, ...(cadreId ? { cadreId } : {}) }));
    return { id: body.id as string, as: await signedIn(service, username) };
  };
  const onDistrict = (role: string) => [{ role, unitId: district.id }];
  const users: World['users'] = {
    organizer: await user('nguyen.van.an', onDistrict('organizer')),
    otherOrganizer: await user('pham.van.binh', [{ role: 'organizer', unitId: otherDistrict.id }]),
    secretary: await user('tran.thi.cuc', onDistrict('secretary')),
    khoa: await user('dang.van.khoa', onDistrict('cadre'), cadreKhoa.id),
    m1: await user('member.1', onDistrict('committee_member')),
    m2: await user('member.2', onDistrict('committee_member')),
    m3: await user('member.3', onDistrict('committee_member')),
    m4: await user('member.4', onDistrict('committee_member')),
    m5: await user('member.5', onDistrict('committee_member')),
  };
  const memberUserIds = [users.m1, users.m2, users.m3, users.m4, users.m5].map((m) => m.id);
  const committee = await admin.call('PUT', `/v1/units/${district.id}/committee`, { memberUserIds });
  expect(committee.body).toEqual({ unitId: district.id, memberUserIds });
  return { admin, province, district, otherDistrict, anLam, namHung, tranHungDao, cadreKhoa, cadreLocal, cadreHong, users };
}
