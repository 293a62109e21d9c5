// The national rules over real HTTP, with a real Temporal dev server, the real worker and a fresh
// database: a proposal each rule refuses (422 naming it) is accepted with the deciding level's
// recorded exception, which the case keeps; the planning list and the rules' versions are
// entered through the API; an early end needs the decision's number.
import { addMonths, localDate } from '../../domain/calendar';
import type { Json } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, type WorldUser, act, buildWorld, created, endorse, exception, expectProblem, khoaToNamHung, ok, planFor, signedIn, until } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;

const today = () => localDate(new Date());
const organizer = () => world.users.organizer.as;

let cadres = 0;

/** A man of Nam Sách district, at home in An Lâm, retiring in ten years and more, planned for `titles`. */
async function newCadre(body: Json = {}, titles: readonly string[] = ['party_secretary', 'vice_chair']): Promise<Json> {
  cadres++;
  const cadre = await created(
    world.admin.call('POST', '/v1/cadres', {
      fullName: `Hoàng Văn Quy Định ${cadres}`,
      sex: 'male',
      birthDate: '1985-03-01',
      homeUnitId: world.anLam.id,
      currentUnitId: world.district.id,
      currentPosition: `specialist_${cadres}`,
      ...body,
    }),
  );
  if (titles.length) await planFor(world.admin, cadre.id, world.district.id, titles);
  return cadre;
}

/** A man who reaches the retirement age (62, from 2028) `months` from today. */
const retiringIn = (months: number) => addMonths(today(), months - 62 * 12).slice(0, 10);

/** Nam Sách → Nam Hưng as vice chair, 36 months: what every rule accepts. */
function proposal(cadreId: string, overrides: Json = {}): Json {
  return khoaToNamHung(world, { cadreId, position: 'vice_chair', nonLocalSecretary: false, reason: 'Luân chuyển để đào tạo', ...overrides });
}

/** Refused naming `rule`, then accepted with its exception, which the case and its proposal entry keep. */
async function refusedThenExcepted(cadreId: string, overrides: Json, rule: string, path: string): Promise<Json> {
  const refused = await organizer().call('POST', '/v1/rotations', proposal(cadreId, overrides));
  expectProblem(refused, 422, path);
  expect(refused.body.rule).toBe(rule);
  const given = exception(rule);
  const accepted = await created(organizer().call('POST', '/v1/rotations', proposal(cadreId, { ...overrides, exceptions: [given] })));
  expect(accepted).toMatchObject({ status: 'consultation', exceptions: [given], history: [{ action: 'proposed', detail: { exceptions: [given] } }] });
  expect((await ok(organizer().call('GET', `/v1/rotations/${accepted.id}`))).exceptions).toEqual([given]);
  return accepted;
}

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

describe('the planning list', () => {
  it('is recorded by an organizer or admin over the unit, and shown with the cadre', async () => {
    const cadre = await newCadre({}, []);
    const record = { cadreId: cadre.id, title: 'chair', unitId: world.district.id, from: '2025-01-01', to: '2030-12-31', decisionNumber: '45-QĐ/HU' };
    expectProblem(await world.users.otherOrganizer.as.call('POST', '/v1/planning-records', record), 403);
    expectProblem(await organizer().call('POST', '/v1/planning-records', { ...record, to: '2024-12-31' }), 422, 'to');
    expectProblem(await organizer().call('POST', '/v1/planning-records', { ...record, decisionNumber: 'a\u0000b' }), 400, 'decisionNumber');
    expectProblem(await organizer().call('POST', '/v1/planning-records', { ...record, cadreId: 'ghost' }), 404, 'cadreId');
    const saved = await created(organizer().call('POST', '/v1/planning-records', record));
    expect(saved).toMatchObject({ ...record, id: expect.any(String), createdBy: world.users.organizer.id });
    const shown = await ok(world.admin.call('GET', `/v1/cadres/${cadre.id}`));
    expect(shown).toMatchObject({ sex: 'male', planning: [expect.objectContaining({ title: 'chair', decisionNumber: '45-QĐ/HU' })] });
  });

  it('refuses a cadre not planned for the title (planning_list), accepts an equivalent title, and an exception', async () => {
    const unplanned = await newCadre({}, []);
    await refusedThenExcepted(unplanned.id, {}, 'planning_list', 'cadreId');
    const plannedAsChair = await newCadre({}, ['vice_chair_people_committee']);
    await created(organizer().call('POST', '/v1/rotations', proposal(plannedAsChair.id)));
  });
});

describe('working time left', () => {
  it('refuses a cadre with less than ten years left (working_time_left), unless excepted', async () => {
    const cadre = await newCadre({ birthDate: retiringIn(66) });
    await refusedThenExcepted(cadre.id, {}, 'working_time_left', 'cadreId');
  });

  it('takes one full term for a rotation making a head non-local', async () => {
    const enough = await newCadre({ birthDate: retiringIn(66) });
    await created(organizer().call('POST', '/v1/rotations', proposal(enough.id, { position: 'party_secretary', nonLocalSecretary: true })));
    const tooFew = await newCadre({ birthDate: retiringIn(54) });
    const refused = await organizer().call('POST', '/v1/rotations', proposal(tooFew.id, { position: 'party_secretary', nonLocalSecretary: true }));
    expect([refused.status, refused.body.rule]).toEqual([422, 'working_time_left']);
  });

  it('counts a woman to her own, earlier, retirement age', async () => {
    const woman = await newCadre({ sex: 'female', birthDate: retiringIn(130) });
    const refused = await organizer().call('POST', '/v1/rotations', proposal(woman.id));
    expect([refused.status, refused.body.rule]).toEqual([422, 'working_time_left']);
  });

  it('takes the sex of every new cadre', async () => {
    const body = { fullName: 'Không Rõ', birthDate: '1985-03-01', homeUnitId: world.anLam.id, currentUnitId: world.district.id, currentPosition: 'specialist' };
    expectProblem(await world.admin.call('POST', '/v1/cadres', body), 400, 'sex');
    expectProblem(await world.admin.call('POST', '/v1/cadres', { ...body, sex: 'other' }), 400, 'sex');
  });
});

describe('the term and the post', () => {
  it('refuses a term under 36 months (minimum_term), unless excepted', async () => {
    const cadre = await newCadre();
    await refusedThenExcepted(cadre.id, { termMonths: 24 }, 'minimum_term', 'termMonths');
  });

  it('refuses a post the receiving unit does not have (post_unavailable), unless excepted', async () => {
    const cadre = await newCadre({}, ['director_department']);
    await refusedThenExcepted(cadre.id, { position: 'director_department' }, 'post_unavailable', 'position');
  });

  it("names the receiving post's current holder", async () => {
    const cadre = await newCadre();
    const c = await created(organizer().call('POST', '/v1/rotations', proposal(cadre.id, { position: 'party_secretary', nonLocalSecretary: true })));
    expect(c.currentHolder).toEqual({ cadreId: world.cadreLocal.id, fullName: 'Lê Thị Mận' });
    expect((await ok(organizer().call('GET', `/v1/rotations/${c.id}`))).currentHolder).toEqual({ cadreId: world.cadreLocal.id, fullName: 'Lê Thị Mận' });
  });
});

describe('the language of a refusal', () => {
  const vi = { headers: { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8' } };

  it('answers the same refusal in Vietnamese when asked, in English otherwise, its field errors too', async () => {
    const cadre = await newCadre();
    const body = proposal(cadre.id, { termMonths: 24 });
    const english = await organizer().call('POST', '/v1/rotations', body);
    const vietnamese = await organizer().call('POST', '/v1/rotations', body, vi);
    const inEnglish = 'a rotation lasts at least 36 months, not 24 (minimum_term); the competent level may record an exception';
    const inVietnamese = 'thời hạn luân chuyển ít nhất là 36 tháng, không phải 24 tháng (minimum_term); cấp có thẩm quyền có thể ghi nhận ngoại lệ';
    expect(english.body).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: inEnglish,
      errors: [{ path: 'termMonths', message: inEnglish }],
      rule: 'minimum_term',
    });
    expect(vietnamese.body).toEqual({ ...english.body, detail: inVietnamese, errors: [{ path: 'termMonths', message: inVietnamese }] });

    const invalid = proposal(cadre.id, { termMonths: 'ba mươi sáu' });
    expect((await organizer().call('POST', '/v1/rotations', invalid)).body).toMatchObject({
      status: 400,
      detail: 'the request is not valid',
      errors: [{ path: 'termMonths', message: 'Invalid input: expected number, received string' }],
    });
    expect((await organizer().call('POST', '/v1/rotations', invalid, vi)).body).toMatchObject({
      status: 400,
      detail: 'yêu cầu không hợp lệ',
      errors: [{ path: 'termMonths', message: 'Đầu vào không hợp lệ: mong đợi số, nhận được string' }],
    });
  });

  it("answers a workflow validator's refusal in Vietnamese when asked", async () => {
    const c = await created(organizer().call('POST', '/v1/rotations', proposal((await newCadre()).id)));
    const concernless = { party: 'sending_unit', outcome: 'agree_with_concerns', concerns: [] };
    const english = await organizer().call('POST', `/v1/rotations/${c.id}/consultations`, concernless);
    const vietnamese = await organizer().call('POST', `/v1/rotations/${c.id}/consultations`, concernless, vi);
    expect(english.body).toMatchObject({ status: 422, detail: 'agree_with_concerns needs at least one concern', errors: [{ path: 'concerns' }] });
    const inVietnamese = 'đồng ý nhưng có băn khoăn (agree_with_concerns) thì phải nêu ít nhất một băn khoăn';
    expect(vietnamese.body).toMatchObject({ status: 422, detail: inVietnamese, errors: [{ path: 'concerns', message: inVietnamese }] });
  });
});

describe('who gives an exception', () => {
  let twoUnits: WorldUser;

  beforeAll(async () => {
    const roles = [
      { role: 'organizer', unitId: world.district.id },
      { role: 'organizer', unitId: world.tranHungDao.id },
    ];
    await created(world.admin.call('POST', '/v1/users', { username: 'to.chuc.hai.noi', fullName: 'Tổ chức hai nơi', roles }));
    twoUnits = { id: '', as: await signedIn(service, 'to.chuc.hai.noi') };
  });

  it('needs a deciding unit with a Standing Committee, and an organizer of it', async () => {
    const cadre = await newCadre();
    const across = proposal(cadre.id, { toUnitId: world.tranHungDao.id, termMonths: 24, exceptions: [exception('minimum_term')] });
    expectProblem(await twoUnits.as.call('POST', '/v1/rotations', across), 422, 'exceptions');
    const members = [world.users.m1.id, world.users.m2.id, world.users.m3.id];
    expect((await world.admin.call('PUT', `/v1/units/${world.province.id}/committee`, { memberUserIds: members })).status).toBe(200);
    expectProblem(await twoUnits.as.call('POST', '/v1/rotations', across), 403);
    const { exceptions: _none, ...plain } = across;
    expect((await twoUnits.as.call('POST', '/v1/rotations', plain)).body.rule).toBe('minimum_term');
  });

  it('refuses an exception without its decision, or a rule excepted twice (400)', async () => {
    const cadre = await newCadre();
    const without = { rule: 'minimum_term', reason: 'Đặc biệt' };
    expectProblem(await organizer().call('POST', '/v1/rotations', proposal(cadre.id, { exceptions: [without] })), 400, 'exceptions.0.decisionNumber');
    const twice = [exception('minimum_term'), exception('minimum_term')];
    expectProblem(await organizer().call('POST', '/v1/rotations', proposal(cadre.id, { exceptions: twice })), 400, 'exceptions');
    expectProblem(await organizer().call('POST', '/v1/rotations', proposal(cadre.id, { exceptions: [exception('no_such_rule')] })), 400, 'exceptions.0.rule');
  });
});

describe('an early end', () => {
  it('needs the number of the decision ending the term, kept on the case', async () => {
    const cadre = await newCadre();
    const { id } = await created(organizer().call('POST', '/v1/rotations', proposal(cadre.id)));
    for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer(), id, 'consultations', { party, outcome: 'agree' }));
    await ok(endorse(organizer(), id));
    for (const m of [world.users.m1, world.users.m2, world.users.m3]) await ok(act(m.as, id, 'votes', { vote: 'for' }));
    await ok(act(world.users.secretary.as, id, 'decision', { decisionNumber: '300-QĐ/HU', signedAt: today(), effectiveDate: today() }));
    await until(
      async () => (await organizer().call('GET', `/v1/rotations/${id}`)).body,
      (c) => c.status === 'active',
      'active',
    );
    expectProblem(await act(organizer(), id, 'terminate', { reason: 'Điều động công tác khác' }), 400, 'decisionNumber');
    const ended = await ok(act(organizer(), id, 'terminate', { reason: 'Điều động công tác khác', decisionNumber: '301-QĐ/HU' }));
    expect(ended).toMatchObject({ status: 'terminated', endDecisionNumber: '301-QĐ/HU' });
    const history = await until(
      async () => (await organizer().call('GET', `/v1/rotations/${id}`)).body.history as Json[],
      (h) => h.some((e) => e.action === 'terminated'),
      'terminated in the history',
    );
    expect(history.find((e) => e.action === 'terminated').detail).toMatchObject({ decisionNumber: '301-QĐ/HU' });
  });
});

describe('versions of the rules', () => {
  const rules = {
    minimumTermMonths: 24,
    workingTimeLeft: { minMonths: 120, nonLocalHeadMinMonths: 60 },
    retirementAge: {
      male: { beforeMonths: 720, fromYear: 2021, startMonths: 723, stepMonths: 3, finalMonths: 744 },
      female: { beforeMonths: 660, fromYear: 2021, startMonths: 664, stepMonths: 4, finalMonths: 720 },
    },
    posts: { province: ['chair'], district: ['chair', 'vice_chair'], commune: ['party_secretary', 'vice_chair'] },
    titleEquivalences: [],
  };

  it('are saved by an admin, never edited, and the one in force on the proposal day applies', async () => {
    expect((await ok(organizer().call('GET', '/v1/national-rules'))).items).toEqual([]);
    expectProblem(await organizer().call('POST', '/v1/national-rules', { ...rules, effectiveFrom: today() }), 403);
    expectProblem(await world.admin.call('POST', '/v1/national-rules', { ...rules, posts: { ...rules.posts, commune: [] }, effectiveFrom: today() }), 422, 'posts.commune');
    expectProblem(await world.admin.call('POST', '/v1/national-rules', { ...rules, minimumTermMonths: 0, effectiveFrom: today() }), 400, 'minimumTermMonths');

    const later = await created(world.admin.call('POST', '/v1/national-rules', { ...rules, effectiveFrom: addMonths(today(), 12).slice(0, 10) }));
    expect(later).toMatchObject({ version: 1, minimumTermMonths: 24 });
    const cadre = await newCadre();
    expect((await organizer().call('POST', '/v1/rotations', proposal(cadre.id, { termMonths: 24 }))).body.rule).toBe('minimum_term');

    const now = await created(world.admin.call('POST', '/v1/national-rules', { ...rules, effectiveFrom: today() }));
    expect(now.version).toBe(2);
    await created(organizer().call('POST', '/v1/rotations', proposal(cadre.id, { termMonths: 24 })));
    expect((await ok(organizer().call('GET', '/v1/national-rules'))).items.map((v: Json) => v.version)).toEqual([2, 1]);
  });
});
