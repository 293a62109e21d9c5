// Reports computed from counts, never from typed percentages.
import { z } from 'zod';
import { DEFAULT_NON_LOCAL_TARGET, ancestorIds, isNonLocalSecretary, nonLocalTally } from '../../domain/rules';
import type { PrismaClient, Unit } from '../../generated/prisma/client';
import { endpoint } from '../endpoint';
import { unitOr404 } from '../lookups';
import { id } from '../schemas';
import { requireRole } from '../scope';

const tallySchema = z
  .object({
    unitId: z.string(),
    name: z.string(),
    communes: z.number().int(),
    nonLocal: z.number().int(),
    ratio: z.number(),
    target: z.number(),
    meetsTarget: z.boolean(),
  })
  .meta({ id: 'NonLocalSecretaryTally' });

/** Every commune at or below `unit`, with its party secretary's home unit path (null when the seat is empty). */
function communesUnder(prisma: PrismaClient, unit: Unit) {
  return prisma.$queryRaw<{ id: string; path: string; homePath: string | null }[]>`
    SELECT c.id, c.path, home.path AS "homePath"
    FROM "Unit" c
    LEFT JOIN "PositionHolder" ph ON ph."unitId" = c.id AND ph.title = 'party_secretary'
    LEFT JOIN "Cadre" cadre ON cadre.id = ph."cadreId"
    LEFT JOIN "Unit" home ON home.id = cadre."homeUnitId"
    WHERE c.kind = 'commune' AND starts_with(c.path, ${unit.path})`;
}

export const reportEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/reports/non-local-secretaries',
    summary: 'Communes whose party secretary is not local, for each child unit of `unitId` and in total',
    tag: 'reports',
    request: z.object({
      query: z.object({ unitId: id, target: z.coerce.number().min(0).max(1).default(DEFAULT_NON_LOCAL_TARGET) }),
    }),
    success: { status: 200, description: 'The tallies', schema: z.object({ items: z.array(tallySchema), total: tallySchema }) },
    problems: [403, 404],
    async handle({ query }, { user, deps: { prisma } }) {
      const unit = await unitOr404(prisma, query.unitId, 'unitId');
      requireRole(user, ['organizer', 'admin', 'secretary', 'committee_member'], unit.path);
      const [children, communes] = await Promise.all([
        prisma.unit.findMany({ where: { parentId: unit.id }, orderBy: { code: 'asc' } }),
        communesUnder(prisma, unit),
      ]);
      const depth = ancestorIds(unit.path).length;
      const counts = new Map<string, { communes: number; nonLocal: number }>(children.map((c) => [c.id, { communes: 0, nonLocal: 0 }]));
      let nonLocal = 0;
      for (const commune of communes) {
        const isNonLocal = isNonLocalSecretary(commune.id, commune.homePath);
        if (isNonLocal) nonLocal++;
        const child = counts.get(ancestorIds(commune.path)[depth]);
        if (child) {
          child.communes++;
          if (isNonLocal) child.nonLocal++;
        }
      }
      const tally = (u: Unit, c: { communes: number; nonLocal: number }) => ({ unitId: u.id, name: u.name, ...nonLocalTally(c.communes, c.nonLocal, query.target) });
      return {
        items: children.map((c) => tally(c, counts.get(c.id)!)),
        total: tally(unit, { communes: communes.length, nonLocal }),
      };
    },
  }),
];
