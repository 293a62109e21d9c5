// The secret ballot over real HTTP, with a real Temporal dev server, the real worker and a fresh
// database: the case shows who took part in the vote and the tally, never who voted how, to an
// organizer, a committee member or the secretary, in the case, its history, the case list or a
// notification; a vote decided before every member voted tells those yet to vote how it ended,
// and a late ballot is told the same.
import type { Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, act, buildWorld, created, endorse, expectProblem, khoaToNamHung, ok, until } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;
let caseId: string;

/** Each member's ballot note says who cast it, so a note shown anywhere would betray its voter. */
const noteOf = (member: string) => `Phiếu kín của ${member}`;

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
  const { organizer, m1, m2, m3, m4 } = world.users;
  caseId = (await created(organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world)))).id;
  for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer.as, caseId, 'consultations', { party, outcome: 'agree' }));
  await ok(endorse(organizer.as, caseId));
  // 3 for of 5 passes with member 5 yet to vote.
  const ballots: [typeof m1, string, string][] = [
    [m1, 'for', 'm1'],
    [m2, 'against', 'm2'],
    [m3, 'for', 'm3'],
    [m4, 'for', 'm4'],
  ];
  for (const [member, vote, name] of ballots) await ok(act(member.as, caseId, 'votes', { vote, note: noteOf(name) }));
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

/** Every object key anywhere in `value`, with the path to it. */
function keysIn(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysIn(v, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...keysIn(v, `${path}.${k}`)]);
}

/** No choice of a ballot, nor its note, anywhere in `stored`: the ballots kept say who voted and when. */
function expectNoChoice(stored: unknown): void {
  expect(keysIn(stored).filter((k) => /\.vote$|\.ballots\.\d+\.(?!userId$|at$)/.test(k))).toEqual([]);
  expect(JSON.stringify(stored)).not.toMatch(/Phiếu kín/);
}

/** What the API shows: no choice, and no ballots at all (`votes.voted` names who took part). */
function expectNoChoiceShown(body: unknown): void {
  expectNoChoice(body);
  expect(keysIn(body).filter((k) => k.endsWith('.ballots'))).toEqual([]);
}

async function notificationsOf(as: SignedInClient): Promise<Json[]> {
  return (await as.call('GET', '/v1/notifications')).body.items.filter((n: Json) => n.rotationId === caseId);
}

describe('the secret ballot', () => {
  it('shows who took part and the tally in the case, never who voted how', async () => {
    const { m1, m2, m3, m4 } = world.users;
    const c = await ok(world.users.organizer.as.call('GET', `/v1/rotations/${caseId}`));
    expect(c.status).toBe('decision_pending');
    expect(c.votes).toEqual({ for: 3, against: 1, abstain: 0, members: 5, voted: [m1.id, m2.id, m3.id, m4.id], recused: 0, outcome: 'passed', closedAt: null });
    const ballots = c.history.filter((h: Json) => h.action === 'vote_cast');
    expect(ballots.map((h: Json) => [h.actor.userId, h.detail])).toEqual([
      [m1.id, { voted: 1, members: 5 }],
      [m2.id, { voted: 2, members: 5 }],
      [m3.id, { voted: 3, members: 5 }],
      [m4.id, { voted: 4, members: 5 }],
    ]);
  });

  it('shows no choice to an organizer, a member or the secretary: in the case, its history, the case list or a notification', async () => {
    const { organizer, m2, secretary } = world.users;
    await until(
      () => notificationsOf(secretary.as),
      (items) => items.some((n) => n.kind === 'task_assigned'),
      'the decision task',
    );
    for (const who of [organizer, m2, secretary]) {
      expectNoChoiceShown(await ok(who.as.call('GET', `/v1/rotations/${caseId}`)));
      expectNoChoiceShown((await ok(who.as.call('GET', '/v1/rotations'))).items.filter((r: Json) => r.id === caseId));
      expectNoChoiceShown(await notificationsOf(who.as));
    }
    // Nor does the projection row the database keeps, nor its history rows.
    const row = await service.prisma.rotationCase.findUniqueOrThrow({ where: { id: caseId } });
    expectNoChoice(row.state);
    expectNoChoice(await service.prisma.caseEvent.findMany({ where: { caseId } }));
  });

  it('tells the member yet to vote that the vote closed and how it ended, and a late ballot the same (409)', async () => {
    const { m5 } = world.users;
    const notices = await until(
      () => notificationsOf(m5.as),
      (items) => items.some((n) => n.kind === 'vote_closed'),
      'the vote closed',
    );
    const closed = notices.find((n) => n.kind === 'vote_closed')!;
    expect(closed.title).toBe('Đã kết thúc biểu quyết: cán bộ Đặng Văn Khoa');
    expect(closed.body).toContain('đề xuất được thông qua (3 tán thành, 1 không tán thành, 0 không biểu quyết, trên tổng số 5 ủy viên)');
    expectNoChoiceShown(notices);
    // Those who voted are not told again.
    expect((await notificationsOf(world.users.m1.as)).filter((n) => n.kind === 'vote_closed')).toEqual([]);

    const late = await act(m5.as, caseId, 'votes', { vote: 'against' });
    expectProblem(late, 409);
    expect(late.body.detail).toBe('the vote has closed: the Standing Committee passed the rotation (3 for, 1 against, 0 abstain, of 5 members)');
    expect((await ok(m5.as.call('GET', `/v1/rotations/${caseId}`))).votes.voted).toHaveLength(4);
  });
});
