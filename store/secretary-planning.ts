// The rows the secretary planning reads: a unit and its children, the communes of its tree with
// their secretary's home, and the cadres working in the tree with their planning and open case.
import type { PoliticalTheoryLevel, PlanningCadre, PlanningCommune, PlanningUnit } from '../domain/secretary-planning';
import type { Sex } from '../domain/national-rules';
import type { PrismaClient, Unit } from '../generated/prisma/client';
import { dateOnly } from './columns';
import { planningView } from './national-rules';
import { communesUnder } from './units';

/** The unit itself, then its children that are not communes (a commune is planned for within its parent), by code. */
export async function unitAndChildren(prisma: PrismaClient, unit: Unit): Promise<PlanningUnit[]> {
  const children = await prisma.unit.findMany({
    where: { parentId: unit.id, kind: { not: 'commune' } },
    orderBy: { code: 'asc' },
    select: { id: true, name: true, path: true },
  });
  return [{ id: unit.id, name: unit.name, path: unit.path }, ...children];
}

/** Every commune at or below `path`, by code, with its party secretary's home unit path. */
export async function planningCommunesUnder(prisma: PrismaClient, path: string): Promise<PlanningCommune[]> {
  return (await communesUnder(prisma, path)).map(({ homePath, ...c }) => ({ ...c, secretaryHomePath: homePath }));
}

interface CadreRow {
  id: string;
  fullName: string;
  homePath: string;
  currentPath: string;
  sex: Sex;
  birthDate: Date;
  politicalTheory: PoliticalTheoryLevel | null;
  createdAt: Date;
  hasOpenCase: boolean;
}

/** The cadres whose current unit is at or below `path`, with their planning records and whether a case of theirs is open. */
export async function planningCadresUnder(prisma: PrismaClient, path: string): Promise<PlanningCadre[]> {
  const rows = await prisma.$queryRaw<CadreRow[]>`
    SELECT k.id, k."fullName", home.path AS "homePath", cur.path AS "currentPath", k.sex::text AS sex, k."birthDate",
      k."politicalTheory", k."createdAt", EXISTS (SELECT 1 FROM "OpenCase" o WHERE o."cadreId" = k.id) AS "hasOpenCase"
    FROM "Cadre" k
    JOIN "Unit" cur ON cur.id = k."currentUnitId"
    JOIN "Unit" home ON home.id = k."homeUnitId"
    WHERE starts_with(cur.path, ${path})`;
  const records = await prisma.planningRecord.findMany({ where: { cadreId: { in: rows.map((r) => r.id) }, withdrawnAt: null } });
  const planning = new Map<string, ReturnType<typeof planningView>[]>();
  for (const r of records) planning.set(r.cadreId, [...(planning.get(r.cadreId) ?? []), planningView(r)]);
  return rows.map(({ birthDate, createdAt, ...r }) => ({
    ...r,
    birthDate: dateOnly(birthDate),
    recordedOn: createdAt.toISOString().slice(0, 10),
    planning: planning.get(r.id) ?? [],
  }));
}
