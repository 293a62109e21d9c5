// Units read in SQL across the tree and the posts held in it.
import type { PrismaClient } from '../generated/prisma/client';

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
