// The post activities on each database: who holds which post, and where the cadre is, when a
// rotated cadre takes up the post and when the case ends; every call run twice leaves the same rows.
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createPostActivities, type PostActivities, type SettlePostsInput } from '../../activities/posts';
import type { UnitPosition } from '../../domain/types';
import type { Database } from '../../infra/db';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';

jest.setTimeout(60_000);

const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
const vacant = { cadreId: null, retainedByCaseId: null };

/** An active case: the cadre holds the rotation post at the receiving unit, their home seat kept for the case. */
interface ActiveCase {
  caseId: string;
  cadreId: string;
  home: UnitPosition;
  rotationPost: UnitPosition;
}

describe.each(DATABASE_KINDS)('post activities on %s', (kind) => {
  let db: Database;
  let activities: PostActivities;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    activities = createPostActivities({ prisma: db.prisma });
  });
  afterAll(() => db?.close());

  const key = ({ unitId, position }: UnitPosition) => ({ unitId_title: { unitId, title: position } });
  const holder = (post: UnitPosition) => db.prisma.positionHolder.findUnique({ where: key(post), select: { cadreId: true, retainedByCaseId: true } });
  const currentPost = async (cadreId: string): Promise<UnitPosition> => {
    const cadre = await db.prisma.cadre.findUniqueOrThrow({ where: { id: cadreId } });
    return { unitId: cadre.currentUnitId, position: cadre.currentPosition };
  };

  /** Every post at the case's two units and where the cadre is, for comparing before and after. */
  async function rowsOf(c: ActiveCase) {
    const posts = await db.prisma.positionHolder.findMany({
      where: { unitId: { in: [c.home.unitId, c.rotationPost.unitId] } },
      select: { unitId: true, title: true, cadreId: true, retainedByCaseId: true },
      orderBy: [{ unitId: 'asc' }, { title: 'asc' }],
    });
    return { posts, current: await currentPost(c.cadreId) };
  }

  async function activeCase(): Promise<ActiveCase> {
    const c: ActiveCase = {
      caseId: randomUUID(),
      cadreId: randomUUID(),
      home: { unitId: randomUUID(), position: 'vice_chair_people_committee' },
      rotationPost: { unitId: randomUUID(), position: 'party_secretary' },
    };
    await db.prisma.cadre.create({
      data: {
        id: c.cadreId,
        fullName: 'Đặng Văn Khoa',
        sex: 'male',
        birthDate: new Date('1982-04-12T00:00:00Z'),
        homeUnitId: c.home.unitId,
        currentUnitId: c.home.unitId,
        currentPosition: c.home.position,
      },
    });
    await db.prisma.positionHolder.create({ data: { unitId: c.home.unitId, title: c.home.position, cadreId: c.cadreId } });
    await db.prisma.positionHolder.create({ data: { unitId: c.rotationPost.unitId, title: c.rotationPost.position, cadreId: 'cadre-previous-secretary' } });
    await takeUpPost(c);
    return c;
  }

  /** The cadre of `c` takes up the rotation post, their home seat kept for the case. */
  function takeUpPost(c: ActiveCase): Promise<void> {
    return activityEnv.run(activities.takeUpPost, {
      caseId: c.caseId,
      cadreId: c.cadreId,
      toUnitId: c.rotationPost.unitId,
      position: c.rotationPost.position,
      retainedPosition: c.home,
    });
  }

  /** Settles twice, as a retry would, and expects the second run to change nothing. */
  async function settle(c: ActiveCase, settlement: Pick<SettlePostsInput, 'outcome' | 'appointedTo'>): Promise<void> {
    const input: SettlePostsInput = { caseId: c.caseId, cadreId: c.cadreId, rotationPost: c.rotationPost, retainedPosition: c.home, ...settlement };
    await activityEnv.run(activities.settlePosts, input);
    const once = await rowsOf(c);
    await activityEnv.run(activities.settlePosts, input);
    expect(await rowsOf(c)).toEqual(once);
  }

  test('taking up the post: the cadre holds it and is there, the home seat kept for the case, however often it runs', async () => {
    const c = await activeCase();
    const once = await rowsOf(c);
    await takeUpPost(c);
    expect(await rowsOf(c)).toEqual(once);

    expect(await holder(c.rotationPost)).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
    expect(await holder(c.home)).toEqual({ cadreId: c.cadreId, retainedByCaseId: c.caseId });
    expect(once.current).toEqual(c.rotationPost);
  });

  test.each(['return', 'terminate'] as const)('%s: the rotation post vacant, the cadre back in the home seat, no longer kept', async (outcome) => {
    const c = await activeCase();
    await settle(c, { outcome });
    expect(await holder(c.rotationPost)).toEqual(vacant);
    expect(await holder(c.home)).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
    expect(await currentPost(c.cadreId)).toEqual(c.home);
  });

  test('return: a home seat with no row is created, held by the cadre', async () => {
    const c = await activeCase();
    await db.prisma.positionHolder.delete({ where: key(c.home) });
    await settle(c, { outcome: 'return' });
    expect(await holder(c.home)).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
    expect(await currentPost(c.cadreId)).toEqual(c.home);
  });

  test('return: a rotation post someone else now holds is left to them', async () => {
    const c = await activeCase();
    await db.prisma.positionHolder.update({ where: key(c.rotationPost), data: { cadreId: 'cadre-appointed-meanwhile' } });
    await settle(c, { outcome: 'return' });
    expect(await holder(c.rotationPost)).toEqual({ cadreId: 'cadre-appointed-meanwhile', retainedByCaseId: null });
    expect(await holder(c.home)).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
  });

  test('appoint at the receiving unit to another title: that post held, the rotation post and the home seat vacant', async () => {
    const c = await activeCase();
    const appointedTo = { unitId: c.rotationPost.unitId, position: 'chair_people_committee' };
    await settle(c, { outcome: 'appoint', appointedTo });
    expect(await holder(appointedTo)).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
    expect(await holder(c.rotationPost)).toEqual(vacant);
    expect(await holder(c.home)).toEqual(vacant);
    expect(await currentPost(c.cadreId)).toEqual(appointedTo);
  });

  test('appoint at the home unit to another title: the kept seat released, vacant', async () => {
    const c = await activeCase();
    const appointedTo = { unitId: c.home.unitId, position: 'chair_people_committee' };
    await db.prisma.positionHolder.create({ data: { unitId: appointedTo.unitId, title: appointedTo.position, cadreId: 'cadre-retiring-chair' } });
    await settle(c, { outcome: 'appoint', appointedTo });
    expect(await holder(appointedTo)).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
    expect(await holder(c.home)).toEqual(vacant);
    expect(await holder(c.rotationPost)).toEqual(vacant);
    expect(await currentPost(c.cadreId)).toEqual(appointedTo);
  });

  test.each([
    { to: 'the very rotation post: it stays held, the kept seat released', appointedTo: 'rotationPost', released: 'home' },
    { to: 'the kept seat itself: held, no longer kept', appointedTo: 'home', released: 'rotationPost' },
  ] as const)('appoint to $to', async ({ appointedTo, released }) => {
    const c = await activeCase();
    await settle(c, { outcome: 'appoint', appointedTo: c[appointedTo] });
    expect(await holder(c[appointedTo])).toEqual({ cadreId: c.cadreId, retainedByCaseId: null });
    expect(await holder(c[released])).toEqual(vacant);
    expect(await currentPost(c.cadreId)).toEqual(c[appointedTo]);
  });

  test('a post kept for another case is not appointed to: PositionRetained, for good, and nothing changes', async () => {
    const c = await activeCase();
    const appointedTo = { unitId: c.rotationPost.unitId, position: 'chair_people_committee' };
    await db.prisma.positionHolder.create({ data: { unitId: appointedTo.unitId, title: appointedTo.position, cadreId: 'cadre-away', retainedByCaseId: 'case-other' } });
    const before = await rowsOf(c);

    const input: SettlePostsInput = { caseId: c.caseId, cadreId: c.cadreId, rotationPost: c.rotationPost, retainedPosition: c.home, outcome: 'appoint', appointedTo };
    const error = await activityEnv.run(activities.settlePosts, input).catch((e) => e);
    expect(error).toMatchObject({ type: 'PositionRetained', nonRetryable: true });
    expect(await rowsOf(c)).toEqual(before);
  });

  test('an appointment without the post appointed to fails for good: InvalidSettlement', async () => {
    const c = await activeCase();
    const before = await rowsOf(c);
    const input: SettlePostsInput = { caseId: c.caseId, cadreId: c.cadreId, rotationPost: c.rotationPost, retainedPosition: c.home, outcome: 'appoint' };
    const error = await activityEnv.run(activities.settlePosts, input).catch((e) => e);
    expect(error).toMatchObject({ type: 'InvalidSettlement', nonRetryable: true });
    expect(await rowsOf(c)).toEqual(before);
  });
});
