// A case whose receiving post is taken by another rotation before its effective date, over real
// HTTP with the real worker and a fresh database, on Temporal's time-skipping test server so the
// effective date can come: the decision is refused for a post already kept for another case; a
// case decided before the post was kept waits for a person when its day comes (attention
// position_retained, an attention task and a notification for its organizers), and is resolved
// by withdrawing it, or by retrying it once the post is free.
import { addDays, localDate, startOfLocalDay } from '../../domain/calendar';
import type { Json } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, act, buildWorld, created, exception, expectProblem, khoaToNamHung, ok, planFor, until, endorse } from '../support/world';

jest.setTimeout(120_000);

let stack: E2eStack;
let service: TestService;
let world: World;

beforeAll(async () => {
  stack = await startE2eStack({ timeSkipping: true });
  service = stack.service;
  world = await buildWorld(service);
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

const POST = 'party_secretary';
const tomorrow = () => localDate(addDays(new Date(), 1));
const organizer = () => world.users.organizer.as;
const view = async (caseId: string): Promise<Json> => (await organizer().call('GET', `/v1/rotations/${caseId}`)).body;

/** A rotation of `cadreId` from the district to `toUnitId` as `position`, through the vote: waiting for the decision. */
async function decisionPending(cadreId: string, fromUnitId: string, toUnitId: string, position: string, exceptions: Json[] = []): Promise<string> {
  const proposed = await created(
    organizer().call('POST', '/v1/rotations', {
      cadreId,
      fromUnitId,
      toUnitId,
      position,
      termMonths: 36,
      reviewIntervalMonths: 6,
      nonLocalSecretary: false,
      reason: 'Luân chuyển để đào tạo qua thực tiễn',
      exceptions,
    }),
  );
  const id = proposed.id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer(), id, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer(), id));
  for (const m of [world.users.m1, world.users.m2, world.users.m3]) await ok(act(m.as, id, 'votes', { vote: 'for' }));
  return id;
}

function sign(caseId: string, effectiveDate: string) {
  return act(world.users.secretary.as, caseId, 'decision', { decisionNumber: `${caseId.slice(0, 6)}-QĐ/HU`, signedAt: new Date().toISOString(), effectiveDate });
}

async function attentionTasks(caseId: string): Promise<Json[]> {
  return (await organizer().call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId);
}

async function holderOf(unitId: string, title: string) {
  return service.prisma.positionHolder.findUnique({ where: { unitId_title: { unitId, title } }, select: { cadreId: true, retainedByCaseId: true } });
}

describe('a receiving post kept for another rotation', () => {
  let kept: string;
  let toRetry: string;
  let toWithdraw: string;

  it('is taken by a case that becomes active: the seat its cadre leaves is kept for it', async () => {
    // Khoa and Hồng are both decided for Nam Hưng's party secretary, to start tomorrow, while the post is free.
    toRetry = await decisionPending(world.cadreKhoa.id, world.district.id, world.namHung.id, POST);
    toWithdraw = await decisionPending(world.cadreHong.id, world.district.id, world.namHung.id, POST);
    for (const id of [toRetry, toWithdraw]) expect((await ok(sign(id, tomorrow()))).status).toBe('decided');

    // Nam Hưng's secretary, Mận, is rotated to An Lâm from today: her seat is kept for her case.
    kept = await decisionPending(world.cadreLocal.id, world.namHung.id, world.anLam.id, 'vice_chair');
    await ok(sign(kept, localDate(new Date())));
    await until(
      () => view(kept),
      (c) => c.status === 'active',
      'the other case active',
    );
    expect(await holderOf(world.namHung.id, POST)).toEqual({ cadreId: world.cadreLocal.id, retainedByCaseId: kept });
  });

  it('is not given by a decision signed now (422 naming position)', async () => {
    const other = await created(
      world.admin.call('POST', '/v1/cadres', {
        fullName: 'Ngô Văn Tài',
        sex: 'male',
        birthDate: '1985-09-02',
        homeUnitId: world.anLam.id,
        currentUnitId: world.district.id,
        currentPosition: 'specialist',
      }),
    );
    await planFor(world.admin, other.id, world.district.id);
    // The proposal is refused by the post_unavailable rule unless excepted; the decision still may not take the post.
    expectProblem(await organizer().call('POST', '/v1/rotations', { ...khoaToNamHung(world, { cadreId: other.id, nonLocalSecretary: false }) }), 422, 'position');
    const late = await decisionPending(other.id, world.district.id, world.namHung.id, POST, [exception('post_unavailable')]);
    expectProblem(await sign(late, tomorrow()), 422, 'position');
    expect((await view(late)).status).toBe('decision_pending');
  });

  it('makes the cases decided before wait for a person when their day comes', async () => {
    await stack.temporal.sleep(Date.parse(startOfLocalDay(tomorrow())) - Date.now() + 60_000);
    for (const id of [toRetry, toWithdraw]) {
      const c = await until(
        () => view(id),
        (v) => v.attention !== null,
        'attention',
      );
      expect(c).toMatchObject({ status: 'decided', activatedAt: null, attention: { reason: 'position_retained', since: expect.any(String), source: 'case' } });
      expect(c.history.map((h: Json) => h.action)).toContain('attention_needed');
      expect(c.history.map((h: Json) => h.action)).not.toContain('activated');
      // Due since the case waits (on the test server's clock, days ahead of this one).
      expect(await attentionTasks(id)).toEqual([
        {
          rotationId: id,
          kind: 'attention',
          reason: 'position_retained',
          unitId: world.district.id,
          dueAt: c.attention.since,
          dueDate: localDate(c.attention.since),
          overdue: expect.any(Boolean),
          escalated: false,
        },
      ]);
    }
    const notes = await until(
      async () => (await organizer().call('GET', '/v1/notifications')).body.items.filter((n: Json) => n.kind === 'case_attention'),
      (items) => items.length === 2,
      'attention notifications',
    );
    expect(notes.map((n: Json) => n.rotationId).sort()).toEqual([toRetry, toWithdraw].sort());
    expect(notes[0].body).toContain('vị trí công tác đang được giữ cho một cán bộ luân chuyển khác');
    // Khoa does not hold the post: it is still kept for Mận.
    expect(await holderOf(world.namHung.id, POST)).toEqual({ cadreId: world.cadreLocal.id, retainedByCaseId: kept });
    // No other step is taken meanwhile; a retry is for organizers.
    expectProblem(await act(world.users.secretary.as, toRetry, 'retry', {}), 403);
  });

  it('is resolved by withdrawing the case', async () => {
    const withdrawn = await ok(act(organizer(), toWithdraw, 'withdraw', { reason: 'Vị trí không còn trống' }));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', attention: null });
    expect(await attentionTasks(toWithdraw)).toEqual([]);
    expectProblem(await act(organizer(), toWithdraw, 'retry', {}), 409);
  });

  it('is resolved by a retry once the post is free', async () => {
    // While the post is kept, a retry meets the same refusal: the case waits again.
    const firstSince = (await view(toRetry)).attention.since;
    await ok(act(organizer(), toRetry, 'retry', {}));
    await until(
      () => view(toRetry),
      (c) => c.attention !== null && c.attention.since !== firstSince,
      'attention again',
    );

    await ok(act(organizer(), kept, 'terminate', { reason: 'Điều động về lại đơn vị cũ', decisionNumber: '77-QĐ/HU' }));
    await until(
      async () => (await holderOf(world.namHung.id, POST))?.retainedByCaseId ?? null,
      (by) => by === null,
      'the post free',
    );

    expect(await ok(act(organizer(), toRetry, 'retry', {}))).toMatchObject({ attention: null });
    const active = await until(
      () => view(toRetry),
      (c) => c.status === 'active',
      'active',
    );
    expect(active.attention).toBeNull();
    expect(active.history.map((h: Json) => h.action).slice(-2)).toEqual(['retried', 'activated']);
    expect(await holderOf(world.namHung.id, POST)).toEqual({ cadreId: world.cadreKhoa.id, retainedByCaseId: null });
    expect((await attentionTasks(toRetry)).filter((t: Json) => t.kind === 'attention')).toEqual([]);
  });
});
