// The HTTP API under hostile input, over real HTTP with a real Temporal dev server: first the
// requests that once answered 500 or froze a case, then a property-based fuzz of every endpoint
// of the OpenAPI document. Whatever is sent, nothing answers 5xx, everything is answered within
// 15 s, and a refused request changes nothing. `npm test` runs it with a fixed seed and a few
// runs; `npm run fuzz -- --runs N [--seed S]` runs it longer.
import fc from 'fast-check';
import { openApiDocument } from '../../api/openapi';
import { v1Endpoints } from '../../api/routes';
import { addMonths, localDate } from '../../domain/calendar';
import type { Json } from '../support/api-client';
import { type FuzzRequest, type OpenApiDocument, fuzzRequests, operationsOf, send } from '../support/fuzz-requests';
import { type FuzzWorld, buildFuzzWorld, settle, snapshotDifference, snapshotOf } from '../support/fuzz-world';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { act, expectProblem, ok } from '../support/world';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PROGRESS = process.env.FUZZ_PROGRESS === '1';
const ANSWER_WITHIN_MS = 15_000;

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let fuzz: FuzzWorld;

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  fuzz = await buildFuzzWorld(service);
  await settle(service.prisma);
}, 240_000);

afterAll(async () => {
  await stack?.dispose();
});

/** Asserts `request` is refused with `status` naming `path`, and that nothing changed meanwhile. */
async function refusedWithoutTrace(request: () => Promise<{ status: number; headers: Headers; body: Json }>, status: number, path?: string): Promise<void> {
  const before = await snapshotOf(service.prisma);
  expectProblem(await request(), status, path);
  expect(snapshotDifference(before, await snapshotOf(service.prisma))).toBe('');
}

describe('input that once answered 500 or froze a case', () => {
  const admin = () => fuzz.world.admin;
  const cadre = (overrides: Json) => ({
    fullName: 'Hoàng Văn Thử',
    sex: 'male',
    birthDate: '1980-01-15',
    homeUnitId: fuzz.world.anLam.id,
    currentUnitId: fuzz.world.district.id,
    currentPosition: 'specialist',
    ...overrides,
  });

  it('refuses a consultation note holding U+0000, and the case still takes the next answer', async () => {
    const [consulting] = fuzz.ids.case;
    const organizer = fuzz.world.users.organizer.as;
    const consult = (body: Json) => act(organizer, consulting, 'consultations', { party: 'cadre', ...body });
    await refusedWithoutTrace(() => consult({ outcome: 'agree', note: 'Đồng ý\u0000' }), 400, 'note');
    await refusedWithoutTrace(() => consult({ outcome: 'agree_with_concerns', concerns: [{ type: 'family', note: 'x\uD800' }] }), 400, 'concerns.0.note');
    const answered = await ok(consult({ outcome: 'agree', note: 'Đồng ý' }));
    expect(answered.consultations).toEqual([expect.objectContaining({ party: 'cadre', note: 'Đồng ý' })]);
    await settle(service.prisma);
  });

  it.each([
    ['U+0000', '%00'],
    ['a path out of the collection', '..%2F'],
    ['5,000 characters', 'x'.repeat(5000)],
  ])('answers 404 for a case id of %s', async (_what, id) => {
    await refusedWithoutTrace(() => admin().call('GET', `/v1/rotations/${id}`), 404);
    await refusedWithoutTrace(() => fuzz.world.users.organizer.as.call('POST', `/v1/rotations/${id}/withdraw`, { reason: 'Thử' }), 404);
  });

  it('answers 400 for a path that is not percent-encoded UTF-8', async () => {
    await refusedWithoutTrace(() => admin().call('GET', '/v1/units/%E0%A4%A'), 400);
  });

  it('refuses a cadre whose name holds U+0000, naming fullName, and stores nothing', async () => {
    await refusedWithoutTrace(() => admin().call('POST', '/v1/cadres', cadre({ fullName: 'Hoàng\u0000Văn' })), 400, 'fullName');
  });

  it.each([
    ['0000-01-01', 'no year 0'],
    ['2999-01-01', 'the future'],
    [localDate(addMonths(new Date(), -12 * 17)), 'someone 17 years old'],
    [localDate(addMonths(new Date(), -12 * 81)), 'someone 81 years old'],
  ])('refuses the birth date %s (%s), naming birthDate, and stores nothing', async (birthDate) => {
    await refusedWithoutTrace(() => admin().call('POST', '/v1/cadres', cadre({ birthDate })), 400, 'birthDate');
  });

  it.each(['/v1/units', '/v1/rotations', '/v1/notifications', '/v1/reports/reviews'])('refuses a forged cursor on %s, naming cursor', async (list) => {
    const forged = Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', fuzz.ids.unit[0]])).toString('base64url');
    await refusedWithoutTrace(() => admin().call('GET', `${list}?cursor=${forged}`), 400, 'cursor');
  });

  it('refuses a role other than admin on no unit, naming roles.0.unitId, and stores no user', async () => {
    const globalOrganizer = { username: 'to.chuc.toan.cau', fullName: 'X', roles: [{ role: 'organizer' }] };
    await refusedWithoutTrace(() => admin().call('POST', '/v1/users', globalOrganizer), 400, 'roles.0.unitId');
  });

  it('refuses a non-local secretary proposed to any post but party_secretary, naming position', async () => {
    const proposal = {
      cadreId: fuzz.world.cadreHong.id,
      fromUnitId: fuzz.world.district.id,
      toUnitId: fuzz.world.anLam.id,
      position: 'vice_chair',
      termMonths: 36,
      reviewIntervalMonths: 6,
      nonLocalSecretary: true,
      reason: 'Luân chuyển',
    };
    await refusedWithoutTrace(() => fuzz.world.users.organizer.as.call('POST', '/v1/rotations', proposal), 422, 'position');
  });
});

/** How each operation was answered, for the progress of long runs. */
class Tally {
  private readonly byOperation = new Map<string, Map<number, number>>();
  private readonly started = Date.now();
  runs = 0;

  record(operation: string, status: number): void {
    const counts = this.byOperation.get(operation) ?? new Map<number, number>();
    this.byOperation.set(operation, counts.set(status, (counts.get(status) ?? 0) + 1));
    this.runs++;
  }

  summary(): string {
    const statuses = new Map<number, number>();
    for (const counts of this.byOperation.values()) for (const [status, n] of counts) statuses.set(status, (statuses.get(status) ?? 0) + n);
    return `${this.runs} requests in ${Math.round((Date.now() - this.started) / 1000)} s, answers ${JSON.stringify(Object.fromEntries(statuses))}`;
  }

  table(): string {
    return [...this.byOperation]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, counts]) => `  ${operation}: ${JSON.stringify(Object.fromEntries(counts))}`)
      .join('\n');
  }
}

describe('every endpoint of the OpenAPI document, under generated input', () => {
  it(
    `answers below 500, within 15 s, and changes nothing when it refuses (${RUNS} runs, seed ${SEED})`,
    async () => {
      const operations = operationsOf(openApiDocument(v1Endpoints) as OpenApiDocument);
      const tally = new Tally();
      /** The world as the last request left it, once still. */
      let still = await snapshotOf(service.prisma);
      const property = fc.asyncProperty(fuzzRequests(operations, fuzz), async (request: FuzzRequest) => {
        let before = await snapshotOf(service.prisma);
        // An earlier step still at work (a timer, a late child workflow) is waited for, not taken for this request's doing.
        if (before !== still) before = await settle(service.prisma);
        const answer = await send(service.url, request, fuzz, ANSWER_WITHIN_MS).catch((err: unknown) => {
          throw new Error(`no answer within ${ANSWER_WITHIN_MS / 1000} s: ${String(err)}`);
        });
        tally.record(request.operation, answer.status);
        if (PROGRESS && tally.runs % 50 === 0) process.stderr.write(`fuzz: ${tally.summary()}\n`);
        if (answer.status >= 500) throw new Error(`answered ${answer.status}: ${answer.body.slice(0, 500)}`);
        if (answer.status >= 400) {
          const after = await snapshotOf(service.prisma);
          const changed = snapshotDifference(before, after);
          if (changed) throw new Error(`refused with ${answer.status} (${answer.body.slice(0, 300)}) but changed:\n${changed}`);
          still = after;
        } else {
          still = request.method === 'GET' ? before : await settle(service.prisma);
        }
      });
      try {
        await fc.assert(property, { numRuns: RUNS, seed: SEED });
      } catch (err) {
        throw new Error(`the fuzz failed with seed ${SEED}; run it again with: npm run fuzz -- --runs ${RUNS} --seed ${SEED}\n${(err as Error).message}`);
      }
      if (PROGRESS) process.stderr.write(`fuzz: passed, ${tally.summary()}\n${tally.table()}\n`);
    },
    process.env.FUZZ_RUNS ? RUNS * ANSWER_WITHIN_MS + 600_000 : 180_000,
  );
});
