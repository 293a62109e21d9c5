// The term of a rotation over real HTTP, with a real Temporal dev server, the real worker and a
// fresh database: cases whose effective dates lie in the past, so that a review is already due
// or overdue and the term has already ended; the review, its follow-up reaching its owner, the
// end of the term, termination, the work lists, the notifications and the reviews report after
// each step, and the posts the cadre holds afterwards.
import { addDays, addMonths, localDate } from '../../domain/calendar';
import type { Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, type WorldUser, act, buildWorld, created, exception, expectProblem, ok, planFor, signedIn, until, endorse } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;
let reviewer: WorldUser;
let owner: WorldUser;

const today = () => localDate(new Date());
const daysFromToday = (days: number) => localDate(addDays(new Date(), days));
const monthsBefore = (day: string, months: number) => addMonths(day, -months).slice(0, 10);

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
  const user = async (username: string, fullName: string, roles: Json[]): Promise<WorldUser> => {
    const body = await created(world.admin.call('POST', '/v1/users', { username, fullName, roles }));
    return { id: body.id, as: await signedIn(service, username) };
  };
  reviewer = await user('vu.van.danh.gia', 'Vũ Văn Đánh Giá', [{ role: 'reviewer', unitId: world.namHung.id }]);
  owner = await user('le.thi.theo.doi', 'Lê Thị Theo Dõi', [{ role: 'reviewer', unitId: world.namHung.id }]);
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

const view = async (caseId: string): Promise<Json> => (await world.admin.call('GET', `/v1/rotations/${caseId}`)).body;
const actions = (c: Json): string[] => c.history.map((h: Json) => h.action);

/** Waits until the case's history holds every one of `wanted`. */
function caseWith(caseId: string, ...wanted: string[]): Promise<Json> {
  return until(
    () => view(caseId),
    (c) => wanted.every((a) => actions(c).includes(a)),
    wanted.join(', '),
  );
}

async function tasksOf(as: SignedInClient, caseId: string): Promise<Json[]> {
  return (await as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId);
}

async function reviewReport(as: SignedInClient, caseId: string, status: string): Promise<Json[]> {
  const res = await as.call('GET', `/v1/reports/reviews?status=${status}&unitId=${world.district.id}`);
  expect(res.status).toBe(200);
  return res.body.items.filter((i: Json) => i.rotationId === caseId);
}

/** A rotation of `cadreId` to Nam Hưng through every step, decided and in force since `effectiveDate`. */
async function activeCase(cadreId: string, position: string, term: { termMonths: number; reviewIntervalMonths: number; effectiveDate: string }): Promise<string> {
  const organizer = world.users.organizer.as;
  const proposed = await organizer.call('POST', '/v1/rotations', {
    cadreId,
    fromUnitId: world.district.id,
    toUnitId: world.namHung.id,
    position,
    termMonths: term.termMonths,
    reviewIntervalMonths: term.reviewIntervalMonths,
    nonLocalSecretary: position === 'party_secretary',
    reason: 'Luân chuyển để đào tạo qua thực tiễn',
    // The scenarios run terms shorter than the national minimum, by the district's recorded decision.
    exceptions: [exception('minimum_term')],
  });
  expect(proposed.status).toBe(201);
  const id = proposed.body.id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer, id, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer, id));
  for (const m of [world.users.m1, world.users.m2, world.users.m3]) await ok(act(m.as, id, 'votes', { vote: 'for' }));
  await ok(act(world.users.secretary.as, id, 'decision', { decisionNumber: `${id.slice(0, 6)}-QĐ/HU`, signedAt: term.effectiveDate, effectiveDate: term.effectiveDate }));
  await until(
    () => view(id),
    (c) => c.status === 'active',
    'active',
  );
  return id;
}

describe('a six-month term that began more than six months ago', () => {
  const receivingUnitEvaluation = expect.objectContaining({ kind: 'evaluation', evaluationKind: 'receiving_unit' });
  // Review 1 fell due three months in and is long overdue; the term ended ten days ago.
  const effectiveDate = monthsBefore(daysFromToday(-10), 6);
  let caseId: string;

  it('becomes active with its review overdue and escalated, and its term end reached', async () => {
    caseId = await activeCase(world.cadreKhoa.id, 'party_secretary', { termMonths: 6, reviewIntervalMonths: 3, effectiveDate });
    const c = await caseWith(caseId, 'review_overdue', 'term_end_reached');
    expect(c.reviews).toEqual([expect.objectContaining({ seq: 1, status: 'overdue', dueAt: expect.any(String) })]);
    expect(localDate(c.reviews[0].dueAt)).toBe(addMonths(effectiveDate, 3).slice(0, 10));
    expect(c.nextReviewDueAt).toBe(c.reviews[0].dueAt);
    expect(localDate(c.termEndsAt)).toBe(addMonths(effectiveDate, 6).slice(0, 10));
    // A reminder for a review already overdue would only repeat the escalation.
    expect(actions(c)).not.toContain('review_reminder_sent');
  });

  it('escalates to the secretary of the deciding unit, in Vietnamese with the due date', async () => {
    const notes = await until(
      async () => (await world.users.secretary.as.call('GET', '/v1/notifications')).body.items.filter((n: Json) => n.rotationId === caseId),
      (items) => items.some((n: Json) => n.kind === 'review_escalation'),
      'escalation notification',
    );
    const escalation = notes.find((n: Json) => n.kind === 'review_escalation');
    const [y, m, d] = addMonths(effectiveDate, 3).slice(0, 10).split('-');
    expect(escalation.body).toContain('Đặng Văn Khoa');
    expect(escalation.body).toContain('Xã Nam Hưng');
    expect(escalation.body).toContain(`${d}/${m}/${y}`);
  });

  it('puts the review on the work lists and in the report as overdue', async () => {
    // The term has ended too: the receiving unit's closing evaluation is asked of its reviewers (API v1.2).
    expect(await tasksOf(reviewer.as, caseId)).toEqual([
      expect.objectContaining({ kind: 'review', unitId: world.namHung.id, overdue: true }),
      expect.objectContaining({ kind: 'evaluation', evaluationKind: 'receiving_unit', unitId: world.namHung.id }),
    ]);
    expect(await tasksOf(world.users.organizer.as, caseId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'review', overdue: true }), expect.objectContaining({ kind: 'term_end' })]),
    );
    const [overdue] = await reviewReport(world.users.organizer.as, caseId, 'overdue');
    expect(overdue).toMatchObject({ rotationId: caseId, cadreId: world.cadreKhoa.id, seq: 1, status: 'overdue' });
    expect(overdue.daysOverdue).toBeGreaterThanOrEqual(90);
    expect(await reviewReport(world.users.organizer.as, caseId, 'done')).toEqual([]);
    // Nobody outside the case's units sees it.
    expect((await world.users.otherOrganizer.as.call('GET', '/v1/reports/reviews?status=overdue')).body.items.filter((i: Json) => i.rotationId === caseId)).toEqual([]);
  });

  it('refuses a bad review and records nothing', async () => {
    const before = await view(caseId);
    const review = { seq: 1, heldAt: today(), rating: 'good', aspirations: '', difficulties: '', followUps: [] };
    expectProblem(await act(reviewer.as, caseId, 'reviews', { ...review, rating: 'average' }), 400, 'rating');
    expectProblem(
      await act(reviewer.as, caseId, 'reviews', { ...review, followUps: [{ action: 'Gặp lại', ownerUserId: 'no-such-user', dueDate: daysFromToday(5) }] }),
      422,
      'followUps.0.ownerUserId',
    );
    expectProblem(await act(reviewer.as, caseId, 'reviews', { ...review, seq: 2 }), 409);
    expectProblem(await act(world.users.otherOrganizer.as, caseId, 'reviews', review), 403);
    expectProblem(await act(world.users.khoa.as, caseId, 'reviews', review), 403);
    const after = await view(caseId);
    expect({ version: after.version, history: after.history.length }).toEqual({ version: before.version, history: before.history.length });
  });

  it('takes the late review, and its follow-up reaches its owner as a task and a notification', async () => {
    const c = await ok(
      act(reviewer.as, caseId, 'reviews', {
        seq: 1,
        heldAt: today(),
        rating: 'good',
        aspirations: 'Mong muốn được bố trí nhà công vụ gần trụ sở xã',
        difficulties: 'Đường về nhà xa, đi lại vất vả',
        followUps: [{ action: 'Bố trí nhà công vụ cho đồng chí Khoa', ownerUserId: owner.id, dueDate: daysFromToday(20) }],
      }),
    );
    expect(c.reviews).toEqual([expect.objectContaining({ seq: 1, status: 'done', rating: 'good', aspirations: 'Mong muốn được bố trí nhà công vụ gần trụ sở xã' })]);
    expect(c.nextReviewDueAt).toBeNull();
    expect(c.followUps).toEqual([expect.objectContaining({ id: '1.1', ownerUserId: owner.id, status: 'open', dueDate: daysFromToday(20) })]);
    expect(c.history.at(-1)).toMatchObject({ action: 'review_recorded', actor: { username: 'vu.van.danh.gia' } });
    expect(c.history.at(-1).detail.daysLate).toBeGreaterThanOrEqual(90);

    expectProblem(await act(reviewer.as, caseId, 'reviews', { seq: 1, heldAt: today(), rating: 'good', aspirations: '', difficulties: '', followUps: [] }), 409);
    expect(await tasksOf(owner.as, caseId)).toEqual([receivingUnitEvaluation, expect.objectContaining({ kind: 'follow_up', followUpId: '1.1', overdue: false })]);
    expect(await tasksOf(reviewer.as, caseId)).toEqual([receivingUnitEvaluation]);
    const notes = await until(
      async () => (await owner.as.call('GET', '/v1/notifications')).body.items.filter((n: Json) => n.rotationId === caseId),
      (items) => items.length > 0,
      'follow-up notification',
    );
    expect(notes[0]).toMatchObject({ kind: 'task_assigned' });
    expect(notes[0].body).toContain('Thực hiện việc sau đánh giá định kỳ');
  });

  it('lists the review as done in the report', async () => {
    expect(await reviewReport(world.users.organizer.as, caseId, 'done')).toEqual([expect.objectContaining({ seq: 1, status: 'done', rating: 'good', daysOverdue: 0 })]);
    expect(await reviewReport(world.users.organizer.as, caseId, 'overdue')).toEqual([]);
  });

  it('lets only the owner close the follow-up, with a note', async () => {
    expectProblem(await act(reviewer.as, caseId, 'follow-ups/1.1/close', { note: 'Đã xong' }), 403);
    expectProblem(await act(owner.as, caseId, 'follow-ups/9.9/close', { note: 'Đã xong' }), 404);
    const c = await ok(act(owner.as, caseId, 'follow-ups/1.1/close', { note: 'Đã bố trí phòng ở nhà khách huyện' }));
    expect(c.followUps[0]).toMatchObject({ status: 'closed', note: 'Đã bố trí phòng ở nhà khách huyện', closedBy: { userId: owner.id } });
    expectProblem(await act(owner.as, caseId, 'follow-ups/1.1/close', { note: 'Lần nữa' }), 409);
    expect(await tasksOf(owner.as, caseId)).toEqual([receivingUnitEvaluation]);
  });

  it('counts Nam Hưng as having a non-local secretary while the cadre serves there', async () => {
    const report = await world.admin.call('GET', `/v1/reports/non-local-secretaries?unitId=${world.namHung.id}`);
    expect(report.body.total).toMatchObject({ communes: 1, nonLocal: 1 });
  });

  it('refuses to place the cadre until the self-review, the receiving unit’s evaluation and the conclusion are recorded', async () => {
    const { organizer, khoa, otherOrganizer } = world.users;
    const refusedReturn = async (missing: string) => {
      const res = await act(organizer.as, caseId, 'term-end', { outcome: 'return' });
      expectProblem(res, 422, 'outcome');
      expect(res.body).toMatchObject({ rule: 'closing_evaluations_missing', detail: `the cadre is placed once the closing evaluations are recorded: missing ${missing}` });
    };
    await refusedReturn('self_review, receiving_unit, conclusion');
    expect(await tasksOf(khoa.as, caseId)).toEqual([expect.objectContaining({ kind: 'evaluation', evaluationKind: 'self_review' })]);

    const evaluation = (kind: string, rating = 'good') => ({ kind, rating, text: `Đánh giá ${kind}: hoàn thành tốt nhiệm vụ` });
    expectProblem(await act(khoa.as, caseId, 'evaluations', { ...evaluation('self_review'), rating: 'average' }), 400, 'rating');
    expectProblem(await act(khoa.as, caseId, 'evaluations', evaluation('conclusion')), 403);
    expectProblem(await act(reviewer.as, caseId, 'evaluations', evaluation('conclusion')), 403);
    expectProblem(await act(otherOrganizer.as, caseId, 'evaluations', evaluation('receiving_unit')), 403);
    // The cadre writes their own self-review.
    const selfReviewed = await ok(act(khoa.as, caseId, 'evaluations', evaluation('self_review')));
    expect(selfReviewed.evaluations).toEqual([expect.objectContaining({ kind: 'self_review', rating: 'good', recordedBy: { userId: khoa.id, username: 'dang.van.khoa' } })]);
    expectProblem(await act(organizer.as, caseId, 'evaluations', evaluation('self_review')), 409);
    await refusedReturn('receiving_unit, conclusion');
    await ok(act(reviewer.as, caseId, 'evaluations', evaluation('receiving_unit')));
    await refusedReturn('conclusion');
    const concluded = await ok(act(organizer.as, caseId, 'evaluations', evaluation('conclusion', 'excellent')));
    expect(concluded.evaluations.map((e: Json) => [e.kind, e.rating])).toEqual([
      ['self_review', 'good'],
      ['receiving_unit', 'good'],
      ['conclusion', 'excellent'],
    ]);
    expect(concluded.history.at(-1)).toMatchObject({ action: 'evaluation_recorded', actor: { userId: organizer.id }, detail: { kind: 'conclusion', rating: 'excellent' } });
    expect((await tasksOf(organizer.as, caseId)).map((t) => t.kind)).toEqual(['term_end']);
  });

  it('ends the term with a return: the cadre is back in the kept seat and the post is vacant', async () => {
    expectProblem(await act(world.users.organizer.as, caseId, 'term-end', { outcome: 'extend' }), 422, 'extendMonths');
    expectProblem(await act(world.users.otherOrganizer.as, caseId, 'term-end', { outcome: 'return' }), 403);
    // An appointment is to a post the unit's kind has: a commune has no head of division.
    const wrongPost = await act(world.users.organizer.as, caseId, 'term-end', { outcome: 'appoint', position: 'head_division' });
    expectProblem(wrongPost, 422, 'position');
    expect(wrongPost.body).toMatchObject({ rule: 'appointed_post', detail: "a commune has no post head_division; a cadre is appointed to a post the unit's kind has" });
    const c = await ok(act(world.users.organizer.as, caseId, 'term-end', { outcome: 'return' }));
    expect(c).toMatchObject({ status: 'completed', termEnd: { outcome: 'return' } });
    expect(c.history.at(-1)).toMatchObject({ action: 'term_ended', detail: { outcome: 'return' } });

    const cadre = await until(
      async () => (await world.admin.call('GET', `/v1/cadres/${world.cadreKhoa.id}`)).body,
      (k) => k.currentUnitId === world.district.id,
      'the cadre back home',
    );
    expect(cadre).toMatchObject({ currentUnitId: world.district.id, currentPosition: 'deputy_head_organization' });
    expect(cadre.positions).toEqual([{ unitId: world.district.id, title: 'deputy_head_organization', retainedByCaseId: null }]);
    const report = await world.admin.call('GET', `/v1/reports/non-local-secretaries?unitId=${world.namHung.id}`);
    expect(report.body.total).toMatchObject({ communes: 1, nonLocal: 0 });

    expect(await tasksOf(world.users.organizer.as, caseId)).toEqual([]);
    expect(await reviewReport(world.users.organizer.as, caseId, 'done')).toEqual([expect.objectContaining({ seq: 1, status: 'done' })]);
    expectProblem(await act(world.users.organizer.as, caseId, 'term-end', { outcome: 'return' }), 409);
    expectProblem(await act(world.users.organizer.as, caseId, 'terminate', { reason: 'Quá muộn', decisionNumber: '90-QĐ/HU' }), 409);
    expectProblem(await act(world.users.organizer.as, caseId, 'evaluations', { kind: 'conclusion', rating: 'good', text: 'Muộn' }), 409);
  });
});

describe('a term whose first review fell due two days ago', () => {
  let caseId: string;
  let cadre: Json;

  it('has the review due, not yet overdue, on the work list and in the report', async () => {
    cadre = await created(
      world.admin.call('POST', '/v1/cadres', {
        fullName: 'Trần Văn Đúng Hạn',
        sex: 'male',
        birthDate: '1985-09-02',
        homeUnitId: world.anLam.id,
        currentUnitId: world.district.id,
        currentPosition: 'specialist_due',
      }),
    );
    await planFor(world.admin, cadre.id, world.district.id);
    caseId = await activeCase(cadre.id, 'vice_chair', { termMonths: 12, reviewIntervalMonths: 3, effectiveDate: monthsBefore(daysFromToday(-2), 3) });
    const c = await caseWith(caseId, 'review_reminder_sent');
    expect(c.reviews.map((r: Json) => [r.seq, r.status])).toEqual([
      [1, 'due'],
      [2, 'upcoming'],
      [3, 'upcoming'],
    ]);
    expect(actions(c)).not.toContain('review_overdue');
    expect(await tasksOf(reviewer.as, caseId)).toEqual([expect.objectContaining({ kind: 'review', seq: 1, overdue: false })]);
    expect(await reviewReport(world.users.organizer.as, caseId, 'due')).toEqual([expect.objectContaining({ seq: 1, status: 'due', daysOverdue: 0 })]);
    expect(await reviewReport(world.users.organizer.as, caseId, 'overdue')).toEqual([]);
    const reminders = await until(
      async () => (await reviewer.as.call('GET', '/v1/notifications')).body.items.filter((n: Json) => n.rotationId === caseId && n.kind === 'review_reminder'),
      (items) => items.length > 0,
      'reminder notification',
    );
    expect(reminders[0].title).toContain('lần 1');
  });

  it('is terminated by the organizer on the continuation decision, with the decision number: reviews stop and the cadre goes back to the kept seat', async () => {
    await ok(
      act(world.users.organizer.as, caseId, 'reviews', { seq: 1, heldAt: today(), rating: 'not_completed', aspirations: '', difficulties: 'Chưa thích nghi', followUps: [] }),
    );
    // No support policy is in force in this world: a global admin, who writes policies, is asked for one.
    expect((await tasksOf(world.users.organizer.as, caseId)).map((t) => t.kind)).toEqual(['continuation']);
    expect((await tasksOf(world.admin, caseId)).map((t) => t.kind)).toEqual(['support_policy']);
    expectProblem(await act(world.users.organizer.as, caseId, 'terminate', {}), 400, 'reason');
    expectProblem(await act(world.users.organizer.as, caseId, 'terminate', { reason: 'Không hoàn thành nhiệm vụ' }), 400, 'decisionNumber');
    // Ending it on the continuation decision takes the same decision number.
    expectProblem(await act(world.users.organizer.as, caseId, 'continuation', { decision: 'terminate', reason: 'Không hoàn thành nhiệm vụ' }), 400, 'decisionNumber');
    const c = await ok(act(world.users.organizer.as, caseId, 'continuation', { decision: 'terminate', reason: 'Không hoàn thành nhiệm vụ', decisionNumber: '91-QĐ/HU' }));
    expect(c).toMatchObject({ status: 'terminated', endReason: 'Không hoàn thành nhiệm vụ', endDecisionNumber: '91-QĐ/HU' });
    expect(await tasksOf(world.users.organizer.as, caseId)).toEqual([]);
    expect(await tasksOf(reviewer.as, caseId)).toEqual([]);
    const home = await until(
      async () => (await world.admin.call('GET', `/v1/cadres/${cadre.id}`)).body,
      (k) => k.currentUnitId === world.district.id,
      'the cadre back home',
    );
    expect(home.positions).toEqual([{ unitId: world.district.id, title: 'specialist_due', retainedByCaseId: null }]);
  });
});
