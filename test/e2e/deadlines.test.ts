// Requests Temporal cannot answer in time, over real HTTP with a real dev server: with no worker
// to run an Update, the API answers 503 with Retry-After within its deadline and records
// nothing; once a worker is back, the retry with the same Idempotency-Key takes the step once.
// GET /health names the worker while none polls.
import { randomUUID } from 'node:crypto';
import type { ApiResponse, Json } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { type World, act, buildWorld, created, expectProblem, khoaToNamHung, ok, until } from '../support/world';

jest.setTimeout(120_000);

const DEADLINE_MS = 2_000;
/** Slack for the reads around the Update on a busy two-core machine. */
const SLACK_MS = 3_000;

let stack: E2eStack;
let service: TestService;
let world: World;
let caseId: string;

beforeAll(async () => {
  stack = await startE2eStack({ temporalDeadlineMs: DEADLINE_MS, withWorker: false });
  service = stack.service;
  world = await buildWorld(service);
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

const consultation = (party: string) => ({ party, outcome: 'agree' });

async function history(): Promise<Json[]> {
  return (await ok(world.users.organizer.as.call('GET', `/v1/rotations/${caseId}`))).history;
}

/** As a client should: the same request with the same key, again while the answer is 503. */
function retriedWhileUnavailable(request: () => Promise<ApiResponse<Json>>): Promise<ApiResponse<Json>> {
  return until(request, (res) => res.status !== 503, 'an answer other than 503', 60_000);
}

/** A step sent while no worker runs: 503 with Retry-After within the deadline, and no trace of it. */
async function expectUnavailableStep(party: string, key: string): Promise<void> {
  const before = await history();
  const started = Date.now();
  const res = await act(world.users.organizer.as, caseId, 'consultations', consultation(party), key);
  expect(Date.now() - started).toBeLessThan(DEADLINE_MS + SLACK_MS);
  expectProblem(res, 503);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(await history()).toEqual(before);
  expect(await service.prisma.idempotencyRecord.count({ where: { key } })).toBe(0);
}

async function expectTakenOnce(party: string, key: string): Promise<void> {
  const res = await retriedWhileUnavailable(() => act(world.users.organizer.as, caseId, 'consultations', consultation(party), key));
  expect([res.status, res.body.detail]).toEqual([200, undefined]);
  expect(res.body.consultations.filter((c: Json) => c.party === party)).toHaveLength(1);
  const recorded = (await history()).filter((h) => h.action === 'consultation_recorded' && h.detail?.party === party);
  expect(recorded).toHaveLength(1);
}

it('health answers 503 naming the worker while none polls the task queue', async () => {
  const res = await service.client.call('GET', '/health');
  expect([res.status, res.body]).toEqual([503, { status: 'unavailable', temporal: 'ok', database: 'ok', worker: 'unavailable' }]);
});

it('a proposal needs no worker: the workflow waits for one', async () => {
  caseId = (await created(world.users.organizer.as.call('POST', '/v1/rotations', khoaToNamHung(world)))).id;
});

it('a step no worker runs answers 503 in time and records nothing; with the worker up the same key takes it once', async () => {
  const key = randomUUID();
  await expectUnavailableStep('cadre', key);

  await service.startWorker();
  await expectTakenOnce('cadre', key);
  const health = await service.client.call('GET', '/health');
  expect([health.status, health.body]).toEqual([200, { status: 'ok', temporal: 'ok', database: 'ok', worker: 'ok' }]);
});

it('the same when the worker that ran the case stops and comes back', async () => {
  await service.stopWorker();
  const key = randomUUID();
  await expectUnavailableStep('sending_unit', key);

  await service.startWorker();
  await expectTakenOnce('sending_unit', key);
});
