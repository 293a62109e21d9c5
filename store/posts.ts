// The posts a rotated cadre holds: PositionHolder rows and the cadre's current unit and position.
// Each change runs in one transaction and writes the same rows however often it runs: a write is
// an upsert, or an update guarded by who holds the post and for which case it is kept.
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { UnitPosition } from '../domain/types';

export interface TakeUpPostInput {
  caseId: string;
  cadreId: string;
  toUnitId: string;
  position: string;
  retainedPosition: UnitPosition;
}

export interface SettlePostsInput {
  caseId: string;
  cadreId: string;
  /** The post the cadre took up at activation, at the receiving unit. */
  rotationPost: UnitPosition;
  /** The cadre's home seat, kept for them (retainedByCaseId = caseId) while the case ran. */
  retainedPosition: UnitPosition;
  /** return: back to the retained seat (term end); terminate: same, ended early; appoint: to appointedTo. */
  outcome: 'return' | 'terminate' | 'appoint';
  appointedTo?: UnitPosition;
}

type Tx = Prisma.TransactionClient;

/** The post is kept for another case: it frees up only when that case ends. */
export class PostRetained extends Error {
  override readonly name = 'PostRetained';
}

/** The settlement cannot be carried out as asked (an appointment without the post appointed to). */
export class InvalidSettlement extends Error {
  override readonly name = 'InvalidSettlement';
}

/** The cadre holds the post at the receiving unit; their home seat stays theirs, retained by this case. */
export async function takeUpPost(prisma: PrismaClient, { caseId, cadreId, toUnitId, position, retainedPosition }: TakeUpPostInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const target = await tx.positionHolder.findUnique({ where: { unitId_title: { unitId: toUnitId, title: position } } });
    if (target?.retainedByCaseId && target.retainedByCaseId !== caseId) {
      throw new PostRetained(`${position} at unit ${toUnitId} is retained for rotation case ${target.retainedByCaseId}`);
    }
    await tx.positionHolder.upsert({
      where: { unitId_title: { unitId: toUnitId, title: position } },
      create: { unitId: toUnitId, title: position, cadreId, retainedByCaseId: null },
      update: { cadreId, retainedByCaseId: null },
    });
    const home = postKey(retainedPosition);
    await tx.positionHolder.upsert({
      where: { unitId_title: home },
      create: { ...home, cadreId, retainedByCaseId: caseId },
      update: { cadreId, retainedByCaseId: caseId },
    });
    await setCurrentPost(tx, cadreId, { unitId: toUnitId, position });
  });
}

/**
 * The posts at the end of the case. Returning (at term end or ended early), the cadre holds the
 * retained seat again; appointed, they hold the post appointed to and the retained seat is
 * released. The rotation post is vacated unless it is where the cadre goes, or someone else
 * holds it by now.
 */
export async function settlePosts(prisma: PrismaClient, input: SettlePostsInput): Promise<void> {
  const { caseId, cadreId, rotationPost, retainedPosition, outcome } = input;
  const destination = outcome === 'appoint' ? input.appointedTo : retainedPosition;
  if (!destination) throw new InvalidSettlement(`settling rotation case ${caseId} by appointment needs the post appointed to`);
  await prisma.$transaction(async (tx) => {
    if (outcome === 'appoint') {
      await appoint(tx, caseId, cadreId, destination);
      if (!samePost(retainedPosition, destination)) await releaseRetained(tx, caseId, retainedPosition);
    } else {
      await returnHome(tx, caseId, cadreId, retainedPosition);
    }
    if (!samePost(rotationPost, destination)) await vacate(tx, caseId, cadreId, rotationPost);
    await setCurrentPost(tx, cadreId, destination);
  });
}

function postKey({ unitId, position }: UnitPosition): { unitId: string; title: string } {
  return { unitId, title: position };
}

function samePost(a: UnitPosition, b: UnitPosition): boolean {
  return a.unitId === b.unitId && a.position === b.position;
}

/** The cadre's current unit and position; a cadre with no record is no error: the posts still move. */
async function setCurrentPost(tx: Tx, cadreId: string, post: UnitPosition): Promise<void> {
  await tx.cadre.updateMany({ where: { id: cadreId }, data: { currentUnitId: post.unitId, currentPosition: post.position } });
}

/**
 * The cadre holds the post, unless it is kept for another case: the API refuses such an
 * appointment first, this is the last guard. The guarded update makes the check and the write one.
 */
async function appoint(tx: Tx, caseId: string, cadreId: string, post: UnitPosition): Promise<void> {
  const key = postKey(post);
  await tx.positionHolder.createMany({ data: [{ ...key, cadreId, retainedByCaseId: null }], skipDuplicates: true });
  const { count } = await tx.positionHolder.updateMany({
    where: { ...key, OR: [{ retainedByCaseId: null }, { retainedByCaseId: caseId }] },
    data: { cadreId, retainedByCaseId: null },
  });
  if (count === 0) throw new PostRetained(`${post.position} at unit ${post.unitId} is retained for another rotation case`);
}

/** The cadre holds the retained seat again, if it was kept for this case or is theirs already. */
async function returnHome(tx: Tx, caseId: string, cadreId: string, seat: UnitPosition): Promise<void> {
  const key = postKey(seat);
  await tx.positionHolder.createMany({ data: [{ ...key, cadreId, retainedByCaseId: null }], skipDuplicates: true });
  await tx.positionHolder.updateMany({
    where: { ...key, OR: [{ retainedByCaseId: caseId }, { cadreId, retainedByCaseId: null }] },
    data: { cadreId, retainedByCaseId: null },
  });
}

/** The seat kept for this case becomes vacant. */
async function releaseRetained(tx: Tx, caseId: string, seat: UnitPosition): Promise<void> {
  await tx.positionHolder.updateMany({ where: { ...postKey(seat), retainedByCaseId: caseId }, data: { cadreId: null, retainedByCaseId: null } });
}

/** The post becomes vacant if the cadre still holds it; someone appointed there meanwhile keeps it. */
async function vacate(tx: Tx, caseId: string, cadreId: string, post: UnitPosition): Promise<void> {
  await tx.positionHolder.updateMany({
    where: { ...postKey(post), cadreId, OR: [{ retainedByCaseId: null }, { retainedByCaseId: caseId }] },
    data: { cadreId: null, retainedByCaseId: null },
  });
}
