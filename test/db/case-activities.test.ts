// The case activities on each database: the projection of a case and the posts it takes up,
// written however often they run.
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities, type CaseActivities, type TakeUpPostInput } from '../../activities';
import { activate, initialCaseState, recordConsultation, withdraw, type Transition } from '../../domain/rotation-case';
import { ACTIVITY_FAILURE_TYPES, type CaseEventInput, type CaseState } from '../../domain/types';
import type { Database } from '../../infra/db';
import type { PrismaClient } from '../../generated/prisma/client';
import { insertProposedCase } from '../support/case-rows';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';
import { caseInput, organizer } from '../workflows/harness';

jest.setTimeout(60_000);

const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

describe.each(DATABASE_KINDS)('case activities on %s', (kind) => {
  let db: Database;
  let prisma: PrismaClient;
  let activities: CaseActivities;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    prisma = db.prisma;
    activities = createActivities({ prisma });
  });
  afterAll(() => db?.close());

  /** A case as the API leaves it: projection row at version 1, 'proposed' event, open-case lock. */
  async function proposedCase(): Promise<CaseState> {
    const input = caseInput(new Date('2026-03-02T03:00:00Z'));
    const state = initialCaseState({ ...input, cadreId: `cadre-${input.id}` });
    await insertProposedCase(prisma, state, organizer.userId);
    await prisma.caseEvent.create({
      data: { id: `${state.id}:1`, caseId: state.id, seq: 1, at: new Date(state.proposedAt), action: 'proposed', detail: {} },
    });
    await prisma.openCase.create({ data: { cadreId: state.cadreId, caseId: state.id } });
    return state;
  }

  function step(state: CaseState, at: string, change: (s: CaseState, now: string) => Transition) {
    const transition = change(state, at);
    const event: CaseEventInput = { seq: transition.state.version, at, ...transition.event };
    return { state: transition.state, event };
  }

  function project(input: Parameters<CaseActivities['projectCase']>[0]): Promise<void> {
    return activityEnv.run(activities.projectCase, input);
  }

  function takeUpPost(input: TakeUpPostInput): Promise<void> {
    return activityEnv.run(activities.takeUpPost, input);
  }

  describe('projectCase', () => {
    test('mirrors the case and appends its event once, however often it runs', async () => {
      const proposed = await proposedCase();
      const at = '2026-03-03T02:00:00.000Z';
      const consulted = step(proposed, at, (s, now) => recordConsultation(s, { party: 'cadre', outcome: 'agree', concerns: [], note: 'Đồng ý', actor: organizer }, now));
      await project(consulted);
      await project(consulted);

      const row = await prisma.rotationCase.findUniqueOrThrow({ where: { id: proposed.id } });
      expect(row).toMatchObject({ status: 'consultation', version: 2, state: consulted.state });
      const events = await prisma.caseEvent.findMany({ where: { caseId: proposed.id }, orderBy: { seq: 'asc' } });
      expect(events.map((e) => [e.seq, e.action])).toEqual([
        [1, 'proposed'],
        [2, 'consultation_recorded'],
      ]);
      expect(events[1]).toMatchObject({
        id: `${proposed.id}:2`,
        at: new Date(at),
        actorUserId: organizer.userId,
        actorUsername: organizer.username,
        detail: { party: 'cadre', note: 'Đồng ý' },
      });
    });

    test('an older write never overwrites a newer one, but its event is still kept', async () => {
      const proposed = await proposedCase();
      const first = step(proposed, '2026-03-03T02:00:00.000Z', (s, now) =>
        recordConsultation(s, { party: 'cadre', outcome: 'agree', concerns: [], note: '', actor: organizer }, now),
      );
      const second = step(first.state, '2026-03-03T02:05:00.000Z', (s, now) => withdraw(s, { reason: 'Thay đổi nhân sự', actor: organizer }, now));
      await project(second);
      await project(first);

      const row = await prisma.rotationCase.findUniqueOrThrow({ where: { id: proposed.id } });
      expect(row).toMatchObject({ status: 'withdrawn', version: 3, stepDueAt: null });
      expect(await prisma.caseEvent.count({ where: { caseId: proposed.id } })).toBe(3);
    });

    test('an ended case releases the one-open-case lock of its cadre', async () => {
      const proposed = await proposedCase();
      await project(step(proposed, '2026-03-04T00:00:00.000Z', (s, now) => withdraw(s, { reason: 'Rút đề xuất', actor: organizer }, now)));
      expect(await prisma.openCase.findUnique({ where: { cadreId: proposed.cadreId } })).toBeNull();
    });

    test('the effective date is stored as the calendar day in Vietnam', async () => {
      const proposed = await proposedCase();
      const decided: CaseState = { ...proposed, status: 'decided', effectiveDate: '2026-04-01', version: 2 };
      await project({ state: decided, event: { seq: 2, at: '2026-03-05T00:00:00.000Z', actor: organizer, action: 'decision_signed', detail: {} } });
      const row = await prisma.rotationCase.findUniqueOrThrow({ where: { id: proposed.id } });
      expect(row.effectiveDate?.toISOString().slice(0, 10)).toBe('2026-04-01');
      expect(await prisma.openCase.findUnique({ where: { cadreId: proposed.cadreId } })).not.toBeNull();

      const instant: CaseState = { ...decided, effectiveDate: '2026-04-01T00:00:00+07:00', version: 3 };
      await project({ state: instant, event: { seq: 3, at: '2026-03-05T00:00:01.000Z', actor: null, action: 'test', detail: {} } });
      const again = await prisma.rotationCase.findUniqueOrThrow({ where: { id: proposed.id } });
      expect(again.effectiveDate?.toISOString().slice(0, 10)).toBe('2026-04-01');
    });

    test('a case without a projection row fails for good, not retried, and writes no event', async () => {
      const state = { ...initialCaseState(caseInput(new Date())), version: 2 };
      const error = await project({ state, event: { seq: 2, at: new Date().toISOString(), actor: null, action: 'x', detail: {} } }).catch((e) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: ACTIVITY_FAILURE_TYPES.projectionMissing, nonRetryable: true });
      expect(await prisma.caseEvent.count({ where: { caseId: state.id } })).toBe(0);
    });
  });

  describe('takeUpPost', () => {
    function postOf(state: CaseState): TakeUpPostInput {
      const { id, cadreId, toUnitId, position, retainedPosition } = activate({ ...state, status: 'decided', effectiveDate: '2026-04-01' }, '2026-03-31T17:00:00.000Z').state;
      return { caseId: id, cadreId, toUnitId, position, retainedPosition };
    }

    async function holder(unitId: string, title: string) {
      return prisma.positionHolder.findUnique({ where: { unitId_title: { unitId, title } }, select: { cadreId: true, retainedByCaseId: true } });
    }

    test('the cadre holds the new post and keeps the home seat, idempotently', async () => {
      const state = await proposedCase();
      const post = { ...postOf(state), toUnitId: `unit-${state.id}` };
      await prisma.positionHolder.create({ data: { unitId: post.toUnitId, title: post.position, cadreId: 'cadre-previous-secretary' } });
      await prisma.positionHolder.upsert({
        where: { unitId_title: { unitId: post.retainedPosition.unitId, title: post.retainedPosition.position } },
        create: { unitId: post.retainedPosition.unitId, title: post.retainedPosition.position, cadreId: post.cadreId },
        update: { cadreId: post.cadreId, retainedByCaseId: null },
      });

      await takeUpPost(post);
      await takeUpPost(post);

      expect(await holder(post.toUnitId, post.position)).toEqual({ cadreId: post.cadreId, retainedByCaseId: null });
      expect(await holder(post.retainedPosition.unitId, post.retainedPosition.position)).toEqual({ cadreId: post.cadreId, retainedByCaseId: post.caseId });
    });

    test('a post retained for another rotated cadre is not taken; the activity fails for good, for an organizer to retry once it is free', async () => {
      const state = await proposedCase();
      const post = { ...postOf(state), toUnitId: `unit-${state.id}` };
      await prisma.positionHolder.create({ data: { unitId: post.toUnitId, title: post.position, cadreId: 'cadre-away', retainedByCaseId: 'case-other' } });

      const error = await takeUpPost(post).catch((e) => e);
      expect(error).toMatchObject({ type: ACTIVITY_FAILURE_TYPES.positionRetained, nonRetryable: true });
      expect(await holder(post.toUnitId, post.position)).toEqual({ cadreId: 'cadre-away', retainedByCaseId: 'case-other' });
    });
  });
});
