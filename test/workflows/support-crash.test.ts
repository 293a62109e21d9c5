// Workers dying while a support creates its payments and makes them due, on the time-skipping
// test server with the real activities and a real database. A dying write commits, then its
// worker stops before the write is reported; Temporal retries it on the next worker, which has
// nothing cached and replays the workflow from its history. The rows must come out exact.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Worker } from '@temporalio/worker';
import { type SupportActivities, type SupportChangeInput, createSupportActivities } from '../../activities/support';
import { addDays, localDate } from '../../domain/calendar';
import { type SupportInput, supportWorkflowIdFor } from '../../domain/types';
import type { Database } from '../../infra/db';
import { supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';
import { openTestDatabase } from '../support/databases';
import { WorkflowTestbed, eventually } from './harness';

let testbed: WorkflowTestbed;
let db: Database;
jest.setTimeout(60_000);

beforeAll(async () => {
  [testbed, db] = await Promise.all([WorkflowTestbed.start(), openTestDatabase('postgres')]);
  await db.prisma.supportPolicy.create({
    data: {
      version: 1,
      effectiveFrom: new Date('2020-01-01T00:00:00Z'),
      oneTimeVnd: 50_000_000n,
      monthlySupplementVnd: 3_000_000n,
      housingAllowanceVnd: 2_000_000n,
      transportTiers: [{ maxKm: 50, monthlyVnd: 1_000_000 }],
      earlySalaryRaise: false,
      createdBy: 'admin',
    },
  });
}, 60_000);

afterAll(async () => {
  await testbed?.teardown();
  await db?.close();
});

type Call = { name: 'planSupport' } | { name: 'recordSupportChange'; input: SupportChangeInput };

/** The real activities, except that the write `dies` picks out commits and then takes its worker down with it. */
function dyingAfter(dies: (call: Call) => boolean, worker: () => Worker): SupportActivities {
  const real = createSupportActivities({ prisma: db.prisma });
  const die = (call: Call) => {
    if (!dies(call)) return;
    worker().shutdown();
    throw ApplicationFailure.retryable('the worker died after the commit', 'WorkerDied');
  };
  return {
    async planSupport(input) {
      const plan = await real.planSupport(input);
      die({ name: 'planSupport' });
      return plan;
    },
    async recordSupportChange(input) {
      await real.recordSupportChange(input);
      die({ name: 'recordSupportChange', input });
    },
  };
}

/** Runs one worker after another on `taskQueue`, each started when the one before it has stopped; the last one lives. */
async function generations(taskQueue: string, dying: ((call: Call) => boolean)[], started: Worker[]): Promise<void> {
  for (const [i, dies] of [...dying, () => false].entries()) {
    // A dying worker caches nothing: the test server would otherwise keep sending the workflow's tasks to it.
    const options = i < dying.length ? { taskQueue, maxCachedWorkflows: 0 } : { taskQueue };
    const worker: Worker = await testbed.worker(
      dyingAfter(dies, () => worker),
      options,
    );
    started.push(worker);
    await worker.run();
  }
}

test('workers die while payments are created and fall due: after the restarts exactly 73 payments, all due', async () => {
  const now = new Date(await testbed.env.currentTimeMs());
  const input: SupportInput = {
    caseId: randomUUID(),
    cadreId: 'cadre-not-recorded',
    signedAt: now.toISOString(),
    effectiveDate: localDate(addDays(now, 3)),
    termMonths: 24,
    distanceKm: 30,
    officialHousing: false,
  };
  const taskQueue = `support-crash-${randomUUID()}`;
  let dueWrites = 0;
  const started: Worker[] = [];
  const workers = generations(
    taskQueue,
    [
      // Dies right after the plan and its 73 payments are committed.
      (call) => call.name === 'planSupport',
      // Dies right after the third day of payments falls due.
      (call) => call.name === 'recordSupportChange' && call.input.change.kind === 'due' && ++dueWrites === 3,
    ],
    started,
  );

  const handle = await testbed.env.client.workflow.start(supportWorkflow, { taskQueue, workflowId: supportWorkflowIdFor(input.caseId), args: [input] });
  await eventually(async () => (await handle.query(messages.getSupport)) !== null, 20_000);
  expect(await db.prisma.supportPayment.count({ where: { caseId: input.caseId } })).toBe(73);

  await handle.executeUpdate(messages.approveSupport, { args: [{ note: '', actor: { userId: 'u-finance', username: 'ke.toan' } }] });
  await testbed.env.sleep('800 days');
  await eventually(async () => (await db.prisma.supportPayment.count({ where: { caseId: input.caseId, status: 'due' } })) === 73, 20_000);

  expect(await db.prisma.caseSupport.count({ where: { caseId: input.caseId } })).toBe(1);
  expect(await db.prisma.supportPayment.count({ where: { caseId: input.caseId } })).toBe(73);
  const byComponent = await db.prisma.supportPayment.groupBy({ by: ['component'], where: { caseId: input.caseId }, _count: true, orderBy: { component: 'asc' } });
  expect(byComponent.map((g) => [g.component, g._count])).toEqual([
    ['housing_allowance', 24],
    ['monthly_supplement', 24],
    ['one_time', 1],
    ['transport_allowance', 24],
  ]);
  expect((await handle.query(messages.getSupport))!.payments.every((p) => p.status === 'due')).toBe(true);
  expect(started).toHaveLength(3);

  await handle.terminate('test over');
  started[2].shutdown();
  await workers;
});
