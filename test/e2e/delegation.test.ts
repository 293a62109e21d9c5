// Delegation over real HTTP, with a real Temporal dev server, the real worker and a fresh database:
// the district's secretary, on leave, hands the decision to a deputy, who sees the task and signs
// on her behalf, as the history says; votes stay personal, delegates do not re-delegate, no one
// acts on their own case through a delegation, and a revoked delegation lets no one act.
import { localDate } from '../../domain/calendar';
import type { ApiResponse, Json, SignedInClient } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, type WorldUser, act, buildWorld, caseAwaitingDecision, created, expectProblem, ok, signedIn } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;
/** A deputy of the district's office, with no role to sign anything. */
let deputy: WorldUser;
/** A secretary over the district who is linked to the rotated cadre Khoa. */
let khoaSecretary: WorldUser;
let caseId: string;
let delegationId: string;

const today = () => localDate(new Date());
const inDays = (days: number) => localDate(new Date(Date.now() + days * 24 * 60 * 60 * 1000));

async function user(username: string, roles: Json[], cadreId?: string): Promise<WorldUser> {
  const body = await created(world.admin.call('POST', '/v1/users', { username, fullName: username, roles, ...(cadreId ? { cadreId } : {}) }));
  return { id: body.id, as: await signedIn(service, username) };
}

function delegate(as: SignedInClient, body: Json): Promise<ApiResponse<Json>> {
  return as.call('POST', '/v1/delegations', { from: today(), to: inDays(14), ...body });
}

async function tasksOf(as: SignedInClient): Promise<Json[]> {
  return (await as.call('GET', '/v1/tasks')).body.items.filter((t: Json) => t.rotationId === caseId);
}

const decision = () => ({ decisionNumber: '88-QĐ/HU', signedAt: new Date().toISOString(), effectiveDate: inDays(7) });

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
  deputy = await user('vu.van.pho', [{ role: 'reviewer', unitId: world.anLam.id }]);
  khoaSecretary = await user('dang.van.khoa.bt', [{ role: 'secretary', unitId: world.district.id }], world.cadreKhoa.id);
  caseId = await caseAwaitingDecision(world);
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

describe('delegation', () => {
  it('refuses delegating a committee vote, a period ending before it begins, and an unknown delegate, naming the field', async () => {
    expectProblem(await delegate(world.users.m4.as, { toUserId: deputy.id, kinds: ['vote'] }), 422, 'kinds');
    expectProblem(await delegate(world.users.secretary.as, { toUserId: deputy.id, from: inDays(3), to: inDays(2) }), 422, 'to');
    expectProblem(await delegate(world.users.secretary.as, { toUserId: deputy.id, from: inDays(-1) }), 422, 'from');
    expectProblem(await delegate(world.users.secretary.as, { toUserId: '00000000-0000-4000-8000-000000000000' }), 422, 'toUserId');
    expect((await world.users.m4.as.call('GET', '/v1/delegations')).body).toEqual({ given: [], received: [] });
  });

  it('lets the secretary on leave delegate the decision to a deputy, who sees the task on her behalf', async () => {
    const { secretary } = world.users;
    const given = await created(delegate(secretary.as, { toUserId: deputy.id, kinds: ['decision'] }));
    expect(given).toMatchObject({ fromUserId: secretary.id, toUserId: deputy.id, kinds: ['decision'], status: 'active', revokedAt: null });
    delegationId = given.id;
    expect((await deputy.as.call('GET', '/v1/delegations')).body).toEqual({ given: [], received: [given] });
    expect((await secretary.as.call('GET', '/v1/delegations')).body).toEqual({ given: [given], received: [] });
    expect(await tasksOf(deputy.as)).toEqual([expect.objectContaining({ kind: 'decision', onBehalfOf: { userId: secretary.id, username: 'tran.thi.cuc' } })]);
    // The case is outside the deputy's units; the delegation lets them read what they sign.
    expect((await deputy.as.call('GET', `/v1/rotations/${caseId}`)).body).toMatchObject({ id: caseId, status: 'decision_pending' });
  });

  it('refuses the deputy re-delegating what they hold by delegation', async () => {
    expectProblem(await delegate(deputy.as, { toUserId: world.users.m5.id, kinds: ['decision'] }), 422, 'toUserId');
    expectProblem(await delegate(deputy.as, { toUserId: world.users.m5.id }), 422, 'toUserId');
  });

  it('never lets anyone act on their own case through a delegation', async () => {
    // The delegate is the rotated cadre.
    await created(delegate(world.users.secretary.as, { toUserId: world.users.khoa.id, kinds: ['decision'] }));
    expect(await tasksOf(world.users.khoa.as)).toEqual([]);
    const asDelegate = await act(world.users.khoa.as, caseId, 'decision', decision());
    expectProblem(asDelegate, 403);
    expect(asDelegate.body.rule).toBe('own_case');
    // The delegator is the rotated cadre.
    await created(delegate(khoaSecretary.as, { toUserId: world.users.m5.id, kinds: ['decision'] }));
    expect(await tasksOf(world.users.m5.as)).toEqual([]);
    const forDelegator = await act(world.users.m5.as, caseId, 'decision', decision());
    expectProblem(forDelegator, 403);
    expect(forDelegator.body.rule).toBe('own_case');
  });

  it("lets the deputy sign the decision, and the case's history says on whose behalf", async () => {
    const signed = await ok(act(deputy.as, caseId, 'decision', decision()));
    expect(signed.status).toBe('decided');
    expect(signed.history.find((h: Json) => h.action === 'decision_signed')).toMatchObject({
      actor: { userId: deputy.id, username: 'vu.van.pho' },
      onBehalfOf: { userId: world.users.secretary.id, username: 'tran.thi.cuc' },
    });
  });

  it('ends with its revocation, by the delegator alone: the deputy then gets 403', async () => {
    expectProblem(await deputy.as.call('POST', `/v1/delegations/${delegationId}/revoke`), 403);
    const revoked = await ok(world.users.secretary.as.call('POST', `/v1/delegations/${delegationId}/revoke`));
    expect(revoked).toMatchObject({ id: delegationId, status: 'revoked', revokedAt: expect.any(String) });
    expectProblem(await act(deputy.as, caseId, 'decision', decision()), 403);
    expect((await deputy.as.call('GET', '/v1/tasks')).body.items).toEqual([]);
    expectProblem(await deputy.as.call('GET', `/v1/rotations/${caseId}`), 403);
    expectProblem(await deputy.as.call('POST', '/v1/delegations/00000000-0000-4000-8000-000000000000/revoke'), 404);
  });
});
