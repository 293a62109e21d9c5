// Reading rotation cases from their projection, with the unit paths that scope checks need.
import { type StoredCaseState, upgradeCaseState } from '../domain/case-upgrade';
import type { CaseState } from '../domain/types';
import { Prisma, type PrismaClient, type RotationCase } from '../generated/prisma/client';

export interface CaseRecord {
  row: RotationCase;
  state: CaseState;
  fromPath: string;
  toPath: string;
  decidingPath: string | null;
}

export function stateOf(row: RotationCase): CaseState {
  return upgradeCaseState(row.state as unknown as StoredCaseState);
}

export async function findCase(prisma: PrismaClient, id: string): Promise<CaseRecord | null> {
  const row = await prisma.rotationCase.findUnique({ where: { id } });
  if (!row) return null;
  const unitIds = [row.fromUnitId, row.toUnitId, ...(row.decidingUnitId ? [row.decidingUnitId] : [])];
  const paths = new Map((await prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, path: true } })).map((u) => [u.id, u.path]));
  return withPaths(row, paths.get(row.fromUnitId)!, paths.get(row.toUnitId)!, row.decidingUnitId ? paths.get(row.decidingUnitId)! : null);
}

function withPaths(row: RotationCase, fromPath: string, toPath: string, decidingPath: string | null): CaseRecord {
  return { row, state: stateOf(row), fromPath, toPath, decidingPath };
}

/** Whom a case reaches: its sending or receiving unit at or below one of `unitIds`, or the person's own part in it. */
export interface CaseReach {
  unitIds: readonly string[];
  /** The cadre of the case, a member of its deciding committee, the owner of one of its follow-ups. */
  person?: { userId: string; cadreId: string | null };
}

export interface CaseQuery {
  ids?: readonly string[];
  statuses?: readonly string[];
  /** From or to unit at or below this unit. */
  underUnitId?: string;
  cadreId?: string;
  /** Only the cases waiting for a person to resolve a write that failed for good. */
  needingAttention?: boolean;
  /** Absent: every case. */
  reach?: CaseReach;
  after?: { createdAt: Date; id: string };
  limit?: number;
}

/** The cases `query` selects, in (createdAt, id) order, narrowed in SQL. */
export async function findCases(prisma: PrismaClient, query: CaseQuery): Promise<CaseRecord[]> {
  const conditions: Prisma.Sql[] = [];
  if (query.ids) conditions.push(query.ids.length ? Prisma.sql`rc.id IN (${Prisma.join(query.ids)})` : Prisma.sql`FALSE`);
  if (query.statuses) conditions.push(Prisma.sql`rc.status IN (${Prisma.join(query.statuses)})`);
  if (query.underUnitId !== undefined) conditions.push(fromOrToUnder(query.underUnitId));
  if (query.cadreId !== undefined) conditions.push(Prisma.sql`rc."cadreId" = ${query.cadreId}`);
  if (query.needingAttention) conditions.push(Prisma.sql`jsonb_typeof(rc.state -> 'attention') = 'object'`);
  if (query.after) conditions.push(Prisma.sql`(rc."createdAt", rc.id) > (${query.after.createdAt.toISOString()}::timestamptz, ${query.after.id})`);
  if (query.reach) conditions.push(reachCondition(query.reach));
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const limit = query.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${query.limit}`;
  const hits = await prisma.$queryRaw<{ id: string; fromPath: string; toPath: string; decidingPath: string | null }[]>`
    SELECT rc.id, f.path AS "fromPath", t.path AS "toPath", d.path AS "decidingPath"
    FROM "RotationCase" rc
    JOIN "Unit" f ON f.id = rc."fromUnitId"
    JOIN "Unit" t ON t.id = rc."toUnitId"
    LEFT JOIN "Unit" d ON d.id = rc."decidingUnitId"
    ${where}
    ORDER BY rc."createdAt", rc.id
    ${limit}`;
  const rows = new Map((await prisma.rotationCase.findMany({ where: { id: { in: hits.map((h) => h.id) } } })).map((r) => [r.id, r]));
  return hits.flatMap((h) => {
    const row = rows.get(h.id);
    return row ? [withPaths(row, h.fromPath, h.toPath, h.decidingPath)] : [];
  });
}

function fromOrToUnder(unitId: string): Prisma.Sql {
  const marker = `/${unitId}/`;
  return Prisma.sql`(strpos(f.path, ${marker}) > 0 OR strpos(t.path, ${marker}) > 0)`;
}

function reachCondition({ unitIds, person }: CaseReach): Prisma.Sql {
  const alternatives = unitIds.map(fromOrToUnder);
  if (person) {
    if (person.cadreId !== null) alternatives.push(Prisma.sql`rc."cadreId" = ${person.cadreId}`);
    alternatives.push(Prisma.sql`(rc.state -> 'votes' -> 'memberUserIds') @> ${JSON.stringify([person.userId])}::jsonb`);
    alternatives.push(Prisma.sql`(rc.state -> 'followUps') @> ${JSON.stringify([{ ownerUserId: person.userId }])}::jsonb`);
  }
  return alternatives.length ? Prisma.sql`(${Prisma.join(alternatives, ' OR ')})` : Prisma.sql`FALSE`;
}
