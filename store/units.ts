// Units of the administrative tree: added, read in SQL across the tree, the posts held in them and their Standing Committees.
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** Every commune at or below the unit at `path`, by code, with its party secretary's home unit path (null when the seat is empty). */
export function communesUnder(prisma: PrismaClient, path: string) {
  return prisma.$queryRaw<{ id: string; name: string; path: string; homePath: string | null }[]>`
    SELECT c.id, c.name, c.path, home.path AS "homePath"
    FROM "Unit" c
    LEFT JOIN "PositionHolder" ph ON ph."unitId" = c.id AND ph.title = 'party_secretary'
    LEFT JOIN "Cadre" cadre ON cadre.id = ph."cadreId"
    LEFT JOIN "Unit" home ON home.id = cadre."homeUnitId"
    WHERE c.kind = 'commune' AND starts_with(c.path, ${path})
    ORDER BY c.code`;
}

/** Adds a unit; a unique violation when its code is taken. */
export function createUnit(prisma: PrismaClient, unit: Prisma.UnitUncheckedCreateInput) {
  return prisma.unit.create({ data: unit });
}

/** Who holds the position at the unit; null when nobody was ever recorded. */
export function positionHolderAt(prisma: PrismaClient, unitId: string, title: string) {
  return prisma.positionHolder.findUnique({ where: { unitId_title: { unitId, title } } });
}

/** Records the cadre as the position's holder, replacing the previous one. */
export function setPositionHolder(prisma: PrismaClient, unitId: string, title: string, cadreId: string) {
  const key = { unitId, title };
  return prisma.positionHolder.upsert({ where: { unitId_title: key }, create: { ...key, cadreId }, update: { cadreId } });
}

/** Replaces the unit's Standing Committee with these members (none: no committee), at once. */
export async function replaceCommittee(prisma: PrismaClient, unitId: string, memberUserIds: readonly string[]): Promise<void> {
  await prisma.$transaction([
    prisma.committeeMember.deleteMany({ where: { unitId } }),
    prisma.committeeMember.createMany({ data: memberUserIds.map((userId) => ({ unitId, userId })) }),
  ]);
}
