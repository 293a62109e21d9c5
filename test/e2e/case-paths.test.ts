// The paths a rotation case takes besides the straight one, over real HTTP with a real Temporal
// dev server, the real worker and a fresh database (E2E_DATABASE=postgres: PostgreSQL): return
// and re-consultation, rejection at the appraisal and by the vote, a decision waiting for a
// future date and then withdrawn, unknown case ids, every step refused in a wrong status, to the
// wrong person or by a rule (with nothing recorded anywhere), and the work lists with their
// deadlines, overdue ones included.
import { addDays, localDate } from '../../domain/calendar';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';
import { type CaseStatus, PARTIES, type Party, workflowIdFor } from '../../domain/types';
import { getCase } from '../../workflows/definitions';
import type { Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, type WorldUser, act, buildWorld, created, exception, expectProblem, ok, planFor, signedIn, fileDossier } from '../support/world';

jest.setTimeout(60_000);

/** Not the defaults (14 and 7), so the work lists are seen to follow the configuration. */
const DEADLINES = { consultationDays: 10, voteDays: 3 };

let stack: E2eStack;
let service: TestService;
let world: World;

/** Beyond the shared world: Kinh Môn's secretary and Standing Committee (one member is a cadre), and a user with no role. */
interface Extra {
  kmSecretary: WorldUser;
  noRole: WorldUser;
  cadreTuan: Json;
  tuan: WorldUser;
  km1: WorldUser;
  km2: WorldUser;
}
let extra: Extra;

beforeAll(async () => {
  stack = await startE2eStack({ deadlines: DEADLINES });
  service = stack.service;
  world = await buildWorld(service);
  extra = await buildExtra();
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

async function buildExtra(): Promise<Extra> {
  const { admin, otherDistrict, tranHungDao } = world;
  const user = async (username: string, roles: Json[], cadreId?: string): Promise<WorldUser> => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName: username, roles, ...(cadreId ? { cadreId } : {}) }));
    return { id: body.id, as: await signedIn(service, username) };
  };
  const onKm = (role: string) => [{ role, unitId: otherDistrict.id }];
  const cadreTuan = await created(
    admin.call('POST', '/v1/cadres', {
      fullName: 'Vũ Minh Tuấn',
      sex: 'male',
      birthDate: '1979-09-02',
      homeUnitId: tranHungDao.id,
      currentUnitId: otherDistrict.id,
      currentPosition: 'chief_of_office',
    }),
  );
  await planFor(admin, cadreTuan.id, otherDistrict.id);
  const result: Extra = {
    kmSecretary: await user('le.van.dung', onKm('secretary')),
    noRole: await user('khong.vai.tro', []),
    cadreTuan,
    tuan: await user('vu.minh.tuan', onKm('committee_member'), cadreTuan.id),
    km1: await user('km.member.1', onKm('committee_member')),
    km2: await user('km.member.2', onKm('committee_member')),
  };
  const memberUserIds = [result.tuan.id, result.km1.id, result.km2.id];
  expect((await admin.call('PUT', `/v1/units/${otherDistrict.id}/committee`, { memberUserIds })).status).toBe(200);
  return result;
}

// ---- Driving cases ----

const organizer = () => world.users.organizer.as;
const secretary = () => world.users.secretary.as;
const members = () => [world.users.m1, world.users.m2, world.users.m3, world.users.m4, world.users.m5];

let cadres = 0;

/** A cadre of Nam Sách district, at home in An Lâm, free for a case of their own and in the planning list. */
async function newCadre(): Promise<Json> {
  cadres++;
  const cadre = await created(
    world.admin.call('POST', '/v1/cadres', {
      fullName: `Nguyễn Thị Thử ${cadres}`,
      sex: 'female',
      birthDate: '1986-03-08',
      homeUnitId: world.anLam.id,
      currentUnitId: world.district.id,
      currentPosition: `specialist_${cadres}`,
    }),
  );
  await planFor(world.admin, cadre.id, world.district.id);
  return cadre;
}

/** Nam Sách → Nam Hưng as non-local party secretary, proposed by the district's organizer. */
async function propose(cadreId: string, overrides: Json = {}): Promise<Json> {
  const res = await organizer().call('POST', '/v1/rotations', {
    cadreId,
    fromUnitId: world.district.id,
    toUnitId: world.namHung.id,
    position: 'party_secretary',
    termMonths: 24,
    reviewIntervalMonths: 6,
    nonLocalSecretary: true,
    reason: 'Luân chuyển để đào tạo, bồi dưỡng qua thực tiễn',
    // A 24-month term, shorter than the national minimum, by the district's recorded decision.
    exceptions: [exception('minimum_term')],
    ...overrides,
  });
  expect([res.status, res.body?.detail]).toEqual([201, undefined]);
  return res.body;
}

/** All three parties, `agree` unless told otherwise; answers the case after the last. */
async function consultAll(caseId: string, answers: Partial<Record<Party, Json>> = {}): Promise<Json> {
  let last: Json;
  for (const party of PARTIES) last = await ok(act(organizer(), caseId, 'consultations', { party, outcome: 'agree', ...answers[party] }));
  return last;
}

async function endorse(caseId: string, resolutions: Json[] = []): Promise<Json> {
  await fileDossier(organizer(), caseId);
  const endorsed = await ok(act(organizer(), caseId, 'appraisal', { outcome: 'endorse', resolutions }));
  expect(endorsed.status).toBe('committee_vote');
  return endorsed;
}

async function passVote(caseId: string): Promise<Json> {
  let last: Json;
  for (const m of members().slice(0, 3)) last = await ok(act(m.as, caseId, 'votes', { vote: 'for' }));
  expect(last.status).toBe('decision_pending');
  return last;
}

let decisions = 0;

async function decide(caseId: string, effectiveDate: string): Promise<Json> {
  decisions++;
  return ok(act(secretary(), caseId, 'decision', { decisionNumber: `${200 + decisions}-QĐ/HU`, signedAt: new Date().toISOString(), effectiveDate }));
}

const today = () => localDate(new Date());
const inDays = (days: number) => localDate(addDays(new Date(), days));

async function waitForStatus(caseId: string, status: CaseStatus): Promise<Json> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await world.admin.call('GET', `/v1/rotations/${caseId}`);
    if (res.body.status === status) return res.body;
    if (Date.now() > deadline) throw new Error(`case ${caseId} stayed ${res.body.status}, expected ${status}`);
    await sleep(200);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A new case of a new cadre, driven to `status` (decided: effective in 30 days). */
async function caseAt(status: CaseStatus): Promise<string> {
  const cadre = await newCadre();
  // Nothing in these cases should depend on who holds Nam Hưng's secretary post, so they take another one.
  const { id } = await propose(cadre.id, { position: 'vice_chair', nonLocalSecretary: false });
  if (status === 'consultation') return id;
  if (status === 'withdrawn') {
    await ok(act(organizer(), id, 'withdraw', { reason: 'Thay đổi kế hoạch' }));
    return id;
  }
  await consultAll(id);
  if (status === 'appraisal') return id;
  if (status === 'rejected') {
    await ok(act(organizer(), id, 'appraisal', { outcome: 'reject', note: 'Không đạt' }));
    return id;
  }
  await endorse(id);
  if (status === 'committee_vote') return id;
  await passVote(id);
  if (status === 'decision_pending') return id;
  if (status === 'decided') {
    await decide(id, inDays(30));
    return id;
  }
  if (status === 'active') {
    await decide(id, today());
    await waitForStatus(id, 'active');
    return id;
  }
  throw new Error(`caseAt does not make ${status} cases`);
}

// ---- Nothing recorded ----

/**
 * Everything that says where a case stands: the API's view, the projection row, its history, its
 * open-case lock, the workflow's own state and the Updates Temporal accepted into its event
 * history (one its validator refuses is not; one refused only by its handler would be).
 */
async function snapshot(caseId: string) {
  const { prisma } = service;
  const handle = stack.temporal.client.workflow.getHandle(workflowIdFor(caseId));
  const [view, row, events, openCase, workflow, history] = await Promise.all([
    world.admin.call('GET', `/v1/rotations/${caseId}`),
    prisma.rotationCase.findUniqueOrThrow({ where: { id: caseId } }),
    prisma.caseEvent.count({ where: { caseId } }),
    prisma.openCase.findUnique({ where: { caseId } }),
    handle.query(getCase),
    handle.fetchHistory(),
  ]);
  expect(view.status).toBe(200);
  const acceptedUpdates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  return { view: view.body, row, events, openCase, workflow, acceptedUpdates };
}

/** Sends a step that must be refused with `status` (naming `errorPath`), and proves the case did not change. */
async function refused(caseId: string, as: SignedInClient, step: string, body: Json, status: number, errorPath?: string): Promise<Json> {
  const before = await snapshot(caseId);
  const res = await act(as, caseId, step, body);
  expectProblem(res, status, errorPath);
  const after = await snapshot(caseId);
  const summary = (s: typeof before) => ({
    view: { status: s.view.status, version: s.view.version, history: s.view.history.length },
    row: { status: s.row.status, version: s.row.version, events: s.events },
    workflow: { status: s.workflow.status, version: s.workflow.version },
  });
  expect(summary(after)).toEqual(summary(before));
  expect(after).toEqual(before);
  return res.body;
}

// ---- Work lists ----

function everyone(): Record<string, SignedInClient> {
  const { users } = world;
  return {
    admin: world.admin,
    ...Object.fromEntries(Object.entries(users).map(([name, u]) => [name, u.as])),
    kmSecretary: extra.kmSecretary.as,
    noRole: extra.noRole.as,
    tuan: extra.tuan.as,
    km1: extra.km1.as,
    km2: extra.km2.as,
  };
}

/** The steps from proposal to decision; what follows the decision (support, reviews, the term) is tested with those steps. */
const DECISION_PATH_TASKS = ['consultation', 'appraisal', 'vote', 'decision'];

/** Who has a task of the decision path for this case, and which: users with none are left out. */
async function taskHolders(caseId: string): Promise<Record<string, Json[]>> {
  const lists = await Promise.all(
    Object.entries(everyone()).map(async ([name, as]) => {
      const res = await as.call('GET', '/v1/tasks');
      expect([name, res.status]).toEqual([name, 200]);
      return [name, res.body.items.filter((t: Json) => t.rotationId === caseId && DECISION_PATH_TASKS.includes(t.kind))] as const;
    }),
  );
  return Object.fromEntries(lists.filter(([, mine]) => mine.length > 0));
}

// ---- The paths ----

describe('appraisal returns the case for another round of consultation', () => {
  it('goes back to consultation in round 2 keeping round 1, is consulted again, then endorsed', async () => {
    const cadre = await newCadre();
    const { id } = await propose(cadre.id);
    const objection = { outcome: 'object', concerns: [{ type: 'local_acceptance', note: 'Cán bộ xã muốn người địa phương' }], note: 'Chưa đồng thuận' };
    expect((await consultAll(id, { receiving_unit: objection })).status).toBe('appraisal');

    const returned = await ok(act(organizer(), id, 'appraisal', { outcome: 'return', note: 'Cần đối thoại thêm với xã' }));
    expect(returned).toMatchObject({ status: 'consultation', round: 2, consultations: [], appraisal: { outcome: 'return', round: 1, note: 'Cần đối thoại thêm với xã' } });
    expect(returned.earlierConsultations.map((c: Json) => [c.party, c.outcome, c.round])).toEqual([
      ['cadre', 'agree', 1],
      ['sending_unit', 'agree', 1],
      ['receiving_unit', 'object', 1],
    ]);
    // The new round has a deadline of its own, counted from the return.
    expect(returned.stepDueAt).toBe(addDays(returned.appraisal.at, DEADLINES.consultationDays));
    const tasks = await taskHolders(id);
    expect(tasks.organizer.map((t: Json) => [t.kind, t.party, t.dueAt])).toEqual(PARTIES.map((p) => ['consultation', p, returned.stepDueAt]));

    // In consultation again: no appraisal until every party has answered this round.
    await refused(id, organizer(), 'appraisal', { outcome: 'endorse' }, 409);

    const second = await consultAll(id);
    expect(second).toMatchObject({ status: 'appraisal', round: 2 });
    expect(second.consultations.map((c: Json) => [c.party, c.outcome, c.round])).toEqual(PARTIES.map((p) => [p, 'agree', 2]));
    expect(second.earlierConsultations).toEqual(returned.earlierConsultations);

    // The objection was answered by the second round: endorsing needs no resolution now.
    const endorsed = await endorse(id);
    expect(endorsed).toMatchObject({ round: 2, appraisal: { outcome: 'endorse', round: 2 }, decidingUnitId: world.district.id, votes: { for: 0, members: 5 } });

    const view = (await world.admin.call('GET', `/v1/rotations/${id}`)).body;
    expect(view.earlierConsultations).toEqual(returned.earlierConsultations);
    expect(view.history.map((h: Json) => h.action)).toEqual([
      'proposed',
      'consultation_recorded',
      'consultation_recorded',
      'consultation_recorded',
      'appraisal_return',
      'consultation_recorded',
      'consultation_recorded',
      'consultation_recorded',
      ...DEFAULT_DOSSIER_RULES.required.map(() => 'document_added'),
      'appraisal_endorse',
    ]);
    const consultations = view.history.filter((h: Json) => h.action === 'consultation_recorded');
    expect(consultations.map((h: Json) => [h.detail.party, h.detail.outcome, h.detail.round])).toEqual([
      ['cadre', 'agree', 1],
      ['sending_unit', 'agree', 1],
      ['receiving_unit', 'object', 1],
      ['cadre', 'agree', 2],
      ['sending_unit', 'agree', 2],
      ['receiving_unit', 'agree', 2],
    ]);
    expect(consultations[2].detail.concerns).toEqual(objection.concerns);
  });
});

describe('appraisal rejects the case', () => {
  it('ends it as rejected and frees the cadre for a new case', async () => {
    const cadre = await newCadre();
    const { id } = await propose(cadre.id);
    await consultAll(id);
    const rejected = await ok(act(organizer(), id, 'appraisal', { outcome: 'reject', note: 'Không đủ tiêu chuẩn về kinh nghiệm' }));
    expect(rejected).toMatchObject({
      status: 'rejected',
      appraisal: { outcome: 'reject' },
      endedAt: expect.any(String),
      endReason: expect.stringContaining('Không đủ tiêu chuẩn về kinh nghiệm'),
      stepDueAt: null,
    });
    expect(rejected.history.at(-1)).toMatchObject({ action: 'appraisal_reject', actor: { userId: world.users.organizer.id } });
    await expect(stack.temporal.client.workflow.getHandle(workflowIdFor(id)).result()).resolves.toMatchObject({ status: 'rejected' });
    expect(await service.prisma.openCase.findUnique({ where: { cadreId: cadre.id } })).toBeNull();
    expect(await taskHolders(id)).toEqual({});
    await refused(id, organizer(), 'consultations', { party: 'cadre', outcome: 'agree' }, 409);

    const again = await propose(cadre.id);
    expect(again.id).not.toBe(id);
    expect(await service.prisma.openCase.findUnique({ where: { cadreId: cadre.id } })).toMatchObject({ caseId: again.id });
  });
});

describe('the Standing Committee votes the case down', () => {
  it('is rejected at exactly the vote after which it can no longer pass; later votes are refused', async () => {
    const cadre = await newCadre();
    const { id } = await propose(cadre.id);
    await consultAll(id);
    await endorse(id);
    const [m1, m2, m3, m4, m5] = members();
    const path = (m: WorldUser) => act(m.as, id, 'votes', { vote: m === m1 ? 'for' : 'against' });

    // 1 for, 2 against of 5: two outstanding votes could still make 3 of 5.
    for (const m of [m1, m2, m3]) expect((await ok(path(m))).status).toBe('committee_vote');
    const last = await ok(path(m4));
    expect(last).toMatchObject({
      status: 'rejected',
      votes: { for: 1, against: 3, abstain: 0, members: 5, outcome: 'failed' },
      endReason: expect.any(String),
    });
    // A secret ballot (API v1.2): the entry shows who took part, not how they voted.
    expect(last.history.at(-1)).toEqual(expect.objectContaining({ action: 'vote_cast', detail: { voted: 4, members: 5 } }));

    const late = await refused(id, m5.as, 'votes', { vote: 'for' }, 409);
    expect(late.detail).toBe('the vote has closed: the Standing Committee did not pass the rotation (1 for, 3 against, 0 abstain, of 5 members)');
    await refused(id, m1.as, 'votes', { vote: 'against' }, 409);
    await expect(stack.temporal.client.workflow.getHandle(workflowIdFor(id)).result()).resolves.toMatchObject({ status: 'rejected', votes: { for: 1, against: 3 } });
    expect(await service.prisma.openCase.findUnique({ where: { cadreId: cadre.id } })).toBeNull();
    expect((await propose(cadre.id)).status).toBe('consultation');
  });

  it('counts abstentions as votes that do not pass it', async () => {
    const id = await caseAt('committee_vote');
    const [m1, m2, m3] = members();
    expect((await ok(act(m1.as, id, 'votes', { vote: 'abstain' }))).status).toBe('committee_vote');
    expect((await ok(act(m2.as, id, 'votes', { vote: 'against' }))).status).toBe('committee_vote');
    // 0 for, 3 cast: the two outstanding can make 2 of 5, not more than half.
    expect(await ok(act(m3.as, id, 'votes', { vote: 'abstain', note: 'Chưa đủ thông tin' }))).toMatchObject({
      status: 'rejected',
      votes: { for: 0, against: 1, abstain: 2, members: 5, outcome: 'failed' },
    });
  });
});

describe('a decision effective in 30 days', () => {
  it('stays decided, with no review due, and can still be withdrawn: the post is then not taken', async () => {
    const cadre = await newCadre();
    const { id } = await propose(cadre.id);
    await consultAll(id);
    await endorse(id);
    await passVote(id);
    const { prisma } = service;
    const positions = () =>
      prisma.positionHolder.findMany({
        where: { OR: [{ cadreId: cadre.id }, { unitId: world.namHung.id }, { unitId: world.district.id, title: cadre.currentPosition }] },
        orderBy: [{ unitId: 'asc' }, { title: 'asc' }],
      });
    const before = await positions();

    const effectiveDate = inDays(30);
    const decided = await decide(id, effectiveDate);
    expect(decided).toMatchObject({ status: 'decided', effectiveDate, decision: { effectiveDate }, nextReviewDueAt: null, activatedAt: null });

    await sleep(1000);
    const waiting = await snapshot(id);
    expect(waiting.view).toMatchObject({ status: 'decided', effectiveDate, nextReviewDueAt: null, activatedAt: null });
    expect(waiting.view.history.map((h: Json) => h.action)).toContain('decision_signed');
    expect(waiting.view.history.map((h: Json) => h.action)).not.toContain('activated');
    expect(waiting.workflow).toMatchObject({ status: 'decided', activatedAt: null });
    expect(waiting.row).toMatchObject({ status: 'decided', effectiveDate: new Date(`${effectiveDate}T00:00:00Z`) });
    expect(await taskHolders(id)).toEqual({});

    const withdrawn = await ok(act(organizer(), id, 'withdraw', { reason: 'Cán bộ được điều động công tác khác' }));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', endReason: 'Cán bộ được điều động công tác khác', activatedAt: null, nextReviewDueAt: null });
    expect(withdrawn.history.at(-1)).toMatchObject({ action: 'withdrawn', detail: { from: 'decided' } });
    await expect(stack.temporal.client.workflow.getHandle(workflowIdFor(id)).result()).resolves.toMatchObject({ status: 'withdrawn', activatedAt: null });

    expect(await positions()).toEqual(before);
    expect((await world.admin.call('GET', `/v1/cadres/${cadre.id}`)).body.positions).toEqual([]);
    expect(await prisma.positionHolder.findUnique({ where: { unitId_title: { unitId: world.namHung.id, title: 'party_secretary' } } })).toMatchObject({
      cadreId: world.cadreLocal.id,
      retainedByCaseId: null,
    });
    expect(await prisma.openCase.findUnique({ where: { cadreId: cadre.id } })).toBeNull();
  });
});

describe('a case id that names nothing', () => {
  // API.md: "Ids are opaque strings: an id that names nothing is 404, whatever its shape."
  const SHAPES: [string, string][] = [
    ['a word', 'no-such-case'],
    ['digits', '42'],
    ['Vietnamese letters', 'Đồng-Lạc'],
    ['300 characters', 'a'.repeat(300)],
    ['5000 characters', 'x'.repeat(5000)],
    ['a percent sign', '%'],
    ['a space', ' '],
    ['quotes', "' OR '1'='1"],
  ];
  const STEPS: [string, Json][] = [
    ['consultations', { party: 'cadre', outcome: 'agree' }],
    ['appraisal', { outcome: 'endorse' }],
    ['votes', { vote: 'for' }],
    ['decision', { decisionNumber: '1-QĐ', signedAt: '2026-01-05', effectiveDate: '2026-01-05' }],
    ['withdraw', { reason: 'x' }],
  ];

  it.each(SHAPES)('is 404 to read and to every step: %s', async (_shape, id) => {
    const path = `/v1/rotations/${encodeURIComponent(id)}`;
    expectProblem(await world.admin.call('GET', path), 404);
    for (const [step, body] of STEPS) expectProblem(await organizer().call('POST', `${path}/${step}`, body), 404);
  });
});

describe('steps in a wrong status', () => {
  const STATUSES = ['consultation', 'appraisal', 'committee_vote', 'decision_pending', 'decided', 'active', 'withdrawn', 'rejected'] as const;
  const ACTIONS = {
    consultation: { by: organizer, step: 'consultations', body: () => ({ party: 'sending_unit', outcome: 'agree' }), allowed: ['consultation'] },
    'appraisal endorse': { by: organizer, step: 'appraisal', body: () => ({ outcome: 'endorse' }), allowed: ['appraisal'] },
    'appraisal return': { by: organizer, step: 'appraisal', body: () => ({ outcome: 'return' }), allowed: ['appraisal'] },
    'appraisal reject': { by: organizer, step: 'appraisal', body: () => ({ outcome: 'reject' }), allowed: ['appraisal'] },
    vote: { by: () => world.users.m5.as, step: 'votes', body: () => ({ vote: 'for' }), allowed: ['committee_vote'] },
    decision: {
      by: secretary,
      step: 'decision',
      body: () => ({ decisionNumber: '999-QĐ/HU', signedAt: new Date().toISOString(), effectiveDate: inDays(30) }),
      allowed: ['decision_pending'],
    },
    // API.md: withdrawal is for organizers "before `active`".
    withdraw: { by: organizer, step: 'withdraw', body: () => ({ reason: 'Thử rút' }), allowed: ['consultation', 'appraisal', 'committee_vote', 'decision_pending', 'decided'] },
  } satisfies Record<string, { by: () => SignedInClient; step: string; body: () => Json; allowed: readonly CaseStatus[] }>;
  const cases = {} as Record<(typeof STATUSES)[number], string>;
  const wrong = Object.entries(ACTIONS).flatMap(([action, a]) =>
    STATUSES.filter((s) => !(a.allowed as readonly string[]).includes(s)).map((status) => [action as keyof typeof ACTIONS, status] as const),
  );

  beforeAll(async () => {
    const made = await Promise.all(STATUSES.map((status) => caseAt(status)));
    STATUSES.forEach((status, i) => (cases[status] = made[i]));
  }, 60_000);

  it('has the cases in the statuses it needs', async () => {
    for (const status of STATUSES) expect([status, (await world.admin.call('GET', `/v1/rotations/${cases[status]}`)).body.status]).toEqual([status, status]);
  });

  it.each(wrong)('refuses %s while the case is %s with 409, recording nothing', async (action, status) => {
    const a = ACTIONS[action];
    await refused(cases[status], a.by(), a.step, a.body(), 409);
  });

  it('refuses a consultation already recorded in this round, and a second vote by the same member', async () => {
    const id = await caseAt('consultation');
    await ok(act(organizer(), id, 'consultations', { party: 'sending_unit', outcome: 'agree' }));
    await refused(id, organizer(), 'consultations', { party: 'sending_unit', outcome: 'object' }, 409);
    const voting = await caseAt('committee_vote');
    await ok(act(world.users.m1.as, voting, 'votes', { vote: 'for' }));
    await refused(voting, world.users.m1.as, 'votes', { vote: 'for' }, 409);
  });

  it('refuses malformed steps with 400 naming the field, recording nothing', async () => {
    const consultation = await caseAt('consultation');
    await refused(consultation, organizer(), 'consultations', { party: 'cadre', outcome: 'maybe' }, 400, 'outcome');
    await refused(
      consultation,
      organizer(),
      'consultations',
      { party: 'cadre', outcome: 'agree_with_concerns', concerns: [{ type: 'weather', note: 'x' }] },
      400,
      'concerns.0.type',
    );
    await refused(cases.committee_vote, world.users.m5.as, 'votes', { vote: 'yes' }, 400, 'vote');
    await refused(cases.decision_pending, secretary(), 'decision', { decisionNumber: '1-QĐ', signedAt: 'yesterday', effectiveDate: today() }, 400, 'signedAt');
    await refused(cases.decision_pending, secretary(), 'decision', { decisionNumber: '1-QĐ', signedAt: today(), effectiveDate: '2026-02-30' }, 400, 'effectiveDate');
    await refused(consultation, organizer(), 'withdraw', {}, 400, 'reason');
  });
});

describe('steps by the wrong person (403), recording nothing', () => {
  it('refuses the decision to a secretary of another district and to an organizer', async () => {
    const id = await caseAt('decision_pending');
    const decision = { decisionNumber: '300-QĐ/HU', signedAt: new Date().toISOString(), effectiveDate: inDays(30) };
    await refused(id, extra.kmSecretary.as, 'decision', decision, 403);
    await refused(id, organizer(), 'decision', decision, 403);
    await refused(id, world.users.m1.as, 'decision', decision, 403);
    expect((await ok(act(secretary(), id, 'decision', decision))).status).toBe('decided');
  });

  it('refuses consultations to the cadre for another party and to an organizer of another district', async () => {
    const id = await caseAt('consultation');
    // Khoa, a cadre with a user of his own, may record only his own consultation, and this is not his case.
    await refused(id, world.users.khoa.as, 'consultations', { party: 'cadre', outcome: 'agree' }, 403);
    await refused(id, world.users.otherOrganizer.as, 'consultations', { party: 'receiving_unit', outcome: 'agree' }, 403);
    await refused(id, extra.noRole.as, 'consultations', { party: 'sending_unit', outcome: 'agree' }, 403);
  });

  it('refuses every step to a user with no role, who cannot read the case either', async () => {
    const id = await caseAt('committee_vote');
    const { noRole } = extra;
    expectProblem(await noRole.as.call('GET', `/v1/rotations/${id}`), 403);
    expect((await noRole.as.call('GET', '/v1/rotations')).body.items).toEqual([]);
    expect((await noRole.as.call('GET', '/v1/tasks')).body.items).toEqual([]);
    await refused(id, noRole.as, 'votes', { vote: 'for' }, 403);
    await refused(id, noRole.as, 'withdraw', { reason: 'x' }, 403);
    await refused(id, noRole.as, 'appraisal', { outcome: 'reject' }, 403);
  });

  it('lets the cadre record only their own consultation, and keeps a committee member off the vote on their own rotation', async () => {
    const { tuan, km1, km2, cadreTuan } = extra;
    const kmOrganizer = world.users.otherOrganizer.as;
    const opened = await kmOrganizer.call('POST', '/v1/rotations', {
      cadreId: cadreTuan.id,
      fromUnitId: world.otherDistrict.id,
      toUnitId: world.tranHungDao.id,
      position: 'vice_chair',
      termMonths: 36,
      reviewIntervalMonths: 3,
      nonLocalSecretary: false,
      reason: 'Tăng cường cho phường',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;

    await refused(id, tuan.as, 'consultations', { party: 'sending_unit', outcome: 'agree' }, 403);
    await refused(id, tuan.as, 'consultations', { party: 'receiving_unit', outcome: 'agree' }, 403);
    const own = await ok(act(tuan.as, id, 'consultations', { party: 'cadre', outcome: 'agree_with_concerns', concerns: [{ type: 'family', note: 'Con nhỏ' }] }));
    expect(own.consultations).toEqual([expect.objectContaining({ party: 'cadre', recordedBy: { userId: tuan.id, username: 'vu.minh.tuan' } })]);
    await ok(act(kmOrganizer, id, 'consultations', { party: 'sending_unit', outcome: 'agree' }));
    await ok(act(kmOrganizer, id, 'consultations', { party: 'receiving_unit', outcome: 'agree' }));
    await fileDossier(kmOrganizer, id);
    const endorsed = await ok(act(kmOrganizer, id, 'appraisal', { outcome: 'endorse' }));
    expect(endorsed).toMatchObject({ status: 'committee_vote', decidingUnitId: world.otherDistrict.id, votes: { members: 3 } });

    // Tuấn sits on Kinh Môn's committee but is the cadre of this case: no ballot for him.
    expect(await taskHolders(id)).toEqual({
      km1: [expect.objectContaining({ kind: 'vote', unitId: world.otherDistrict.id })],
      km2: [expect.objectContaining({ kind: 'vote', unitId: world.otherDistrict.id })],
    });
    await refused(id, tuan.as, 'votes', { vote: 'for' }, 403);
    await refused(id, world.users.m1.as, 'votes', { vote: 'for' }, 403);
    await ok(act(km1.as, id, 'votes', { vote: 'for' }));
    expect(await ok(act(km2.as, id, 'votes', { vote: 'for' }))).toMatchObject({ status: 'decision_pending', votes: { for: 2, members: 3 } });
  });
});

describe('steps a rule refuses (422), recording nothing', () => {
  it('refuses a decision effective before the day it is signed, naming effectiveDate', async () => {
    const id = await caseAt('decision_pending');
    const signedAt = new Date().toISOString();
    const body = await refused(id, secretary(), 'decision', { decisionNumber: '301-QĐ/HU', signedAt, effectiveDate: localDate(addDays(signedAt, -1)) }, 422, 'effectiveDate');
    expect(body.detail).toMatch(/effective date/);
    // The day it is signed is fine.
    expect((await ok(act(secretary(), id, 'decision', { decisionNumber: '301-QĐ/HU', signedAt, effectiveDate: localDate(signedAt) }))).decision).toMatchObject({
      signedAt,
      effectiveDate: localDate(signedAt),
    });
  });

  it('refuses to endorse while an objection has no resolution, naming resolutions', async () => {
    const cadre = await newCadre();
    const { id } = await propose(cadre.id);
    await consultAll(id, { sending_unit: { outcome: 'object', note: 'Thiếu người thay thế' }, receiving_unit: { outcome: 'object' } });
    await refused(id, organizer(), 'appraisal', { outcome: 'endorse' }, 422, 'resolutions');
    await refused(id, organizer(), 'appraisal', { outcome: 'endorse', resolutions: [{ party: 'sending_unit', note: 'Đã bố trí người thay' }] }, 422, 'resolutions');
    await refused(
      id,
      organizer(),
      'appraisal',
      {
        outcome: 'endorse',
        resolutions: [
          { party: 'sending_unit', note: 'Đã bố trí người thay' },
          { party: 'receiving_unit', note: '   ' },
        ],
      },
      422,
      'resolutions',
    );
    const endorsed = await endorse(id, [
      { party: 'sending_unit', note: 'Đã bố trí người thay' },
      { party: 'receiving_unit', note: 'Đã đối thoại với cán bộ xã' },
    ]);
    expect(endorsed.appraisal.resolutions).toHaveLength(2);
  });

  it('refuses agree_with_concerns with no concern, naming concerns', async () => {
    const id = await caseAt('consultation');
    await refused(id, organizer(), 'consultations', { party: 'cadre', outcome: 'agree_with_concerns' }, 422, 'concerns');
    await refused(id, organizer(), 'consultations', { party: 'cadre', outcome: 'agree_with_concerns', concerns: [] }, 422, 'concerns');
  });
});

describe('work lists', () => {
  it('show each step to the people who take it, with the configured deadline', async () => {
    const { users, district, cadreKhoa } = world;
    const proposed = await propose(cadreKhoa.id);
    const id = proposed.id;
    const consultationDue = addDays(proposed.proposedAt, DEADLINES.consultationDays);
    expect(proposed.stepDueAt).toBe(consultationDue);
    const consultation = (party: Party) => ({
      rotationId: id,
      kind: 'consultation',
      party,
      unitId: party === 'receiving_unit' ? world.namHung.id : district.id,
      dueAt: consultationDue,
      dueDate: localDate(consultationDue),
      overdue: false,
      escalated: false,
    });
    expect(await taskHolders(id)).toEqual({ organizer: PARTIES.map(consultation), khoa: [consultation('cadre')] });

    await ok(act(users.khoa.as, id, 'consultations', { party: 'cadre', outcome: 'agree' }));
    expect(await taskHolders(id)).toEqual({ organizer: [consultation('sending_unit'), consultation('receiving_unit')] });

    await ok(act(organizer(), id, 'consultations', { party: 'sending_unit', outcome: 'agree' }));
    await ok(act(organizer(), id, 'consultations', { party: 'receiving_unit', outcome: 'agree' }));
    expect(await taskHolders(id)).toEqual({
      organizer: [{ rotationId: id, kind: 'appraisal', unitId: district.id, dueAt: null, dueDate: null, overdue: false, escalated: false }],
    });

    const endorsed = await endorse(id);
    const voteDueAt = addDays(endorsed.appraisal.at, DEADLINES.voteDays);
    const vote = { rotationId: id, kind: 'vote', unitId: district.id, dueAt: voteDueAt, dueDate: localDate(voteDueAt), overdue: false, escalated: false };
    expect(endorsed.stepDueAt).toBe(vote.dueAt);
    expect(await taskHolders(id)).toEqual({ m1: [vote], m2: [vote], m3: [vote], m4: [vote], m5: [vote] });

    await ok(act(users.m1.as, id, 'votes', { vote: 'for' }));
    expect(await taskHolders(id)).toEqual({ m2: [vote], m3: [vote], m4: [vote], m5: [vote] });
    await ok(act(users.m2.as, id, 'votes', { vote: 'against' }));
    expect(await taskHolders(id)).toEqual({ m3: [vote], m4: [vote], m5: [vote] });
    await ok(act(users.m3.as, id, 'votes', { vote: 'for' }));
    await ok(act(users.m4.as, id, 'votes', { vote: 'for' }));
    expect(await taskHolders(id)).toEqual({ secretary: [{ rotationId: id, kind: 'decision', unitId: district.id, dueAt: null, dueDate: null, overdue: false, escalated: false }] });

    expect((await decide(id, inDays(30))).status).toBe('decided');
    expect(await taskHolders(id)).toEqual({});
  });

  // Long enough that the answers before a deadline come before it, even on a slow machine.
  describe('with deadlines of ten seconds', () => {
    const SECONDS = 10;
    beforeAll(() => service.restart({ deadlines: { consultationDays: SECONDS / 86_400, voteDays: SECONDS / 86_400 } }), 60_000);

    async function tasksOf(as: SignedInClient, caseId: string): Promise<Json[]> {
      return (await as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId && DECISION_PATH_TASKS.includes(t.kind));
    }

    async function sleepPast(instant: string): Promise<void> {
      await sleep(Math.max(0, Date.parse(instant) - Date.now()) + 100);
    }

    it('marks a consultation and a vote overdue once their deadline has passed', async () => {
      const cadre = await newCadre();
      const proposed = await propose(cadre.id);
      const id = proposed.id;
      expect(Date.parse(proposed.stepDueAt) - Date.parse(proposed.proposedAt)).toBe(SECONDS * 1000);
      const before = await tasksOf(organizer(), id);
      expect(Date.now()).toBeLessThan(Date.parse(proposed.stepDueAt));
      expect(before.map((t) => [t.kind, t.party, t.dueAt, t.overdue])).toEqual(PARTIES.map((p) => ['consultation', p, proposed.stepDueAt, false]));

      await sleepPast(proposed.stepDueAt);
      const after = await tasksOf(organizer(), id);
      expect(after.map((t) => [t.kind, t.party, t.dueAt, t.overdue])).toEqual(PARTIES.map((p) => ['consultation', p, proposed.stepDueAt, true]));

      await consultAll(id);
      const endorsed = await endorse(id);
      const m5 = world.users.m5.as;
      const voteTasks = await tasksOf(m5, id);
      expect(Date.now()).toBeLessThan(Date.parse(endorsed.stepDueAt));
      expect(voteTasks).toEqual([expect.objectContaining({ kind: 'vote', dueAt: endorsed.stepDueAt, overdue: false })]);
      await sleepPast(endorsed.stepDueAt);
      expect(await tasksOf(m5, id)).toEqual([
        { rotationId: id, kind: 'vote', unitId: world.district.id, dueAt: endorsed.stepDueAt, dueDate: localDate(endorsed.stepDueAt), overdue: true, escalated: false },
      ]);
    });
  });
});
