// Reading rotation cases from their projection, with the unit paths that scope checks need.
import { type StoredCaseState, upgradeCaseState } from '../domain/case-upgrade';
import { ROLES, type CaseState, type Role } from '../domain/types';
import { Prisma, type PrismaClient, type RotationCase } from '../generated/prisma/client';
import type { Keyset } from './cursor';
import { notFound } from './problem';
import { type Principal, reaches, scopeUnitIds } from './scope';

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

export async function caseOr404(prisma: PrismaClient, id: string): Promise<CaseRecord> {
  const row = await prisma.rotationCase.findUnique({ where: { id } });
  if (!row) throw notFound('rotation case');
  const unitIds = [row.fromUnitId, row.toUnitId, ...(row.decidingUnitId ? [row.decidingUnitId] : [])];
  const paths = new Map((await prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, path: true } })).map((u) => [u.id, u.path]));
  return withPaths(row, paths.get(row.fromUnitId)!, paths.get(row.toUnitId)!, row.decidingUnitId ? paths.get(row.decidingUnitId)! : null);
}

function withPaths(row: RotationCase, fromPath: string, toPath: string, decidingPath: string | null): CaseRecord {
  return { row, state: stateOf(row), fromPath, toPath, decidingPath };
}

/**
 * Who sees a case: any role over either unit, the cadre themself, a member of the deciding
 * committee, the owner of a follow-up agreed at one of its reviews.
 */
export function canSee(user: Principal, c: CaseRecord): boolean {
  return (
    reaches(user, ROLES, c.fromPath) ||
    reaches(user, ROLES, c.toPath) ||
    (user.cadreId !== null && user.cadreId === c.row.cadreId) ||
    (c.state.votes?.memberUserIds.includes(user.id) ?? false) ||
    c.state.followUps.some((f) => f.ownerUserId === user.id)
  );
}

export interface CaseFilter {
  ids?: readonly string[];
  statuses?: readonly string[];
  /** From or to unit at or below this unit. */
  underUnitId?: string;
  cadreId?: string;
  /** Only the cases waiting for a person to resolve a write that failed for good. */
  needingAttention?: boolean;
  /**
   * Only the cases these roles reach through the sending or the receiving unit, instead of all
   * the user may see (`canSee`); for reports, which are not for the cadre or a lone voter.
   */
  viaRoles?: readonly Role[];
  after?: Keyset;
  limit?: number;
}

/** Cases the user may see (see `canSee`), in (createdAt, id) order, narrowed in SQL. */
export async function visibleCases(prisma: PrismaClient, user: Principal, filter: CaseFilter): Promise<CaseRecord[]> {
  const conditions: Prisma.Sql[] = [];
  if (filter.ids) conditions.push(filter.ids.length ? Prisma.sql`rc.id IN (${Prisma.join(filter.ids)})` : Prisma.sql`FALSE`);
  if (filter.statuses) conditions.push(Prisma.sql`rc.status IN (${Prisma.join(filter.statuses)})`);
  if (filter.underUnitId !== undefined) conditions.push(fromOrToUnder(filter.underUnitId));
  if (filter.cadreId !== undefined) conditions.push(Prisma.sql`rc."cadreId" = ${filter.cadreId}`);
  if (filter.needingAttention) conditions.push(Prisma.sql`jsonb_typeof(rc.state -> 'attention') = 'object'`);
  if (filter.after) conditions.push(Prisma.sql`(rc."createdAt", rc.id) > (${filter.after.createdAt.toISOString()}::timestamptz, ${filter.after.id})`);
  const visibility = filter.viaRoles ? roleCondition(user, filter.viaRoles) : visibilityCondition(user);
  if (visibility) conditions.push(visibility);
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const limit = filter.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${filter.limit}`;
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

/** `canSee` in SQL; null when the user sees every case. */
function visibilityCondition(user: Principal): Prisma.Sql | null {
  const scopes = scopeUnitIds(user, ROLES);
  if (scopes === null) return null;
  const alternatives = scopes.map(fromOrToUnder);
  if (user.cadreId !== null) alternatives.push(Prisma.sql`rc."cadreId" = ${user.cadreId}`);
  alternatives.push(Prisma.sql`(rc.state -> 'votes' -> 'memberUserIds') @> ${JSON.stringify([user.id])}::jsonb`);
  alternatives.push(Prisma.sql`(rc.state -> 'followUps') @> ${JSON.stringify([{ ownerUserId: user.id }])}::jsonb`);
  return Prisma.sql`(${Prisma.join(alternatives, ' OR ')})`;
}

/** Cases that `roles` reach through the sending or the receiving unit; null when one of them is global. */
function roleCondition(user: Principal, roles: readonly Role[]): Prisma.Sql | null {
  const scopes = scopeUnitIds(user, roles);
  if (scopes === null) return null;
  return scopes.length ? Prisma.sql`(${Prisma.join(scopes.map(fromOrToUnder), ' OR ')})` : Prisma.sql`FALSE`;
}
