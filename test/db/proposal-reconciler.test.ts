// The proposal reconciler on each database: a proposal whose rows were written by a process that
// died before its workflow started is finished when the workflow runs and taken back (rows and the
// cadre's open-case lock) when none does; several reconcilers at once agree.
import { randomUUID } from 'node:crypto';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { DEFAULT_DEADLINES } from '../../domain/deadlines';
import { reconcilePendingProposals } from '../../api/proposal-reconciler';
import { confirmProposal, recordProposal, takeBackProposal } from '../../store/proposals';
import { initialCaseState } from '../../domain/rotation-case';
import { type CaseInput, workflowIdFor } from '../../domain/types';
import type { Database } from '../../infra/db';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';

jest.setTimeout(60_000);

const ORGANIZER = { userId: 'u-organizer', username: 'to.chuc' };

/** What Temporal says of each workflow: its status, or that there is none. */
type Workflows = Record<string, 'RUNNING' | 'TERMINATED' | 'COMPLETED' | 'unavailable'>;

/** A Temporal client that answers describe() from `workflows`, counting the questions. */
function temporalKnowing(workflows: Workflows): Client & { described: string[] } {
  const described: string[] = [];
  const client = {
    described,
    workflow: {
      getHandle: (workflowId: string) => ({
        describe: async () => {
          described.push(workflowId);
          const status = workflows[workflowId];
          if (status === undefined) throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
          if (status === 'unavailable') throw new Error('14 UNAVAILABLE: no connection');
          return { status: { name: status } };
        },
      }),
    },
  };
  return client as unknown as Client & { described: string[] };
}

describe.each(DATABASE_KINDS)('proposal reconciler on %s', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.close());

  /** A proposal as the API records it before starting its workflow, for a cadre of its own unless given. */
  async function pendingProposal(cadreId: string = randomUUID()): Promise<string> {
    const input: CaseInput = {
      id: randomUUID(),
      cadreId,
      fromUnitId: 'u-district',
      toUnitId: 'u-commune',
      position: 'party_secretary',
      termMonths: 36,
      reviewIntervalMonths: 6,
      nonLocalSecretary: false,
      reason: 'Luân chuyển cán bộ',
      effectiveDate: null,
      retainedPosition: { unitId: 'u-district', position: 'specialist' },
      proposedBy: ORGANIZER,
      proposedAt: new Date().toISOString(),
      deadlines: DEFAULT_DEADLINES,
    };
    await recordProposal(db.prisma, initialCaseState(input), ORGANIZER.userId);
    return input.id;
  }

  /** Which of the proposal's rows exist. */
  async function rowsOf(caseId: string) {
    const [rotation, openCase, events, pending] = await Promise.all([
      db.prisma.rotationCase.count({ where: { id: caseId } }),
      db.prisma.openCase.count({ where: { caseId } }),
      db.prisma.caseEvent.count({ where: { caseId } }),
      db.prisma.pendingProposal.count({ where: { caseId } }),
    ]);
    return { rotation, openCase, events, pending };
  }

  const whole = { rotation: 1, openCase: 1, events: 1, pending: 0 };
  const pendingRows = { ...whole, pending: 1 };
  const gone = { rotation: 0, openCase: 0, events: 0, pending: 0 };

  afterEach(async () => {
    await db.prisma.pendingProposal.deleteMany();
  });

  test('takes back a proposal without a workflow, and its cadre may be proposed again', async () => {
    const cadreId = randomUUID();
    const caseId = await pendingProposal(cadreId);
    expect(await rowsOf(caseId)).toEqual(pendingRows);

    expect(await reconcilePendingProposals(db.prisma, temporalKnowing({}), { olderThanMs: 0 })).toEqual({ finished: [], takenBack: [caseId] });
    expect(await rowsOf(caseId)).toEqual(gone);
    const again = await pendingProposal(cadreId);
    expect(await rowsOf(again)).toEqual(pendingRows);
  });

  test('finishes a proposal whose workflow runs or has already ended on its own, keeping every row', async () => {
    const [running, completed] = [await pendingProposal(), await pendingProposal()];
    const temporal = temporalKnowing({ [workflowIdFor(running)]: 'RUNNING', [workflowIdFor(completed)]: 'COMPLETED' });
    const reconciled = await reconcilePendingProposals(db.prisma, temporal, { olderThanMs: 0 });
    expect(reconciled.finished.sort()).toEqual([running, completed].sort());
    expect(reconciled.takenBack).toEqual([]);
    expect(await rowsOf(running)).toEqual(whole);
    expect(await rowsOf(completed)).toEqual(whole);
    // Settled: the next run has nothing to ask.
    const later = temporalKnowing({});
    expect(await reconcilePendingProposals(db.prisma, later, { olderThanMs: 0 })).toEqual({ finished: [], takenBack: [] });
    expect(later.described).toEqual([]);
  });

  test('takes back a proposal whose workflow the API terminated after a failed start', async () => {
    const caseId = await pendingProposal();
    const reconciled = await reconcilePendingProposals(db.prisma, temporalKnowing({ [workflowIdFor(caseId)]: 'TERMINATED' }), { olderThanMs: 0 });
    expect(reconciled).toEqual({ finished: [], takenBack: [caseId] });
    expect(await rowsOf(caseId)).toEqual(gone);
  });

  test('leaves a proposal younger than the safe age alone: its start may still be in flight', async () => {
    const caseId = await pendingProposal();
    const temporal = temporalKnowing({});
    expect(await reconcilePendingProposals(db.prisma, temporal, { olderThanMs: 60_000 })).toEqual({ finished: [], takenBack: [] });
    expect(temporal.described).toEqual([]);
    expect(await rowsOf(caseId)).toEqual(pendingRows);
  });

  test('changes nothing when Temporal does not answer', async () => {
    const caseId = await pendingProposal();
    await expect(reconcilePendingProposals(db.prisma, temporalKnowing({ [workflowIdFor(caseId)]: 'unavailable' }), { olderThanMs: 0 })).rejects.toThrow('UNAVAILABLE');
    expect(await rowsOf(caseId)).toEqual(pendingRows);
  });

  test('several reconcilers at once take each proposal back once', async () => {
    const caseIds = [await pendingProposal(), await pendingProposal(), await pendingProposal()];
    const runs = await Promise.all([1, 2, 3].map(() => reconcilePendingProposals(db.prisma, temporalKnowing({}), { olderThanMs: 0 })));
    expect(runs.flatMap((run) => run.takenBack).sort()).toEqual([...caseIds].sort());
    for (const caseId of caseIds) expect(await rowsOf(caseId)).toEqual(gone);
  });

  test('does not take back a proposal confirmed in the meantime', async () => {
    const caseId = await pendingProposal();
    await confirmProposal(db.prisma, caseId);
    expect(await takeBackProposal(db.prisma, caseId)).toBe(false);
    expect(await rowsOf(caseId)).toEqual(whole);
  });
});
