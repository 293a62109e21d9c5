// Finding cadres and users by name within the units a caller reaches: the lists behind the
// pickers of the web app and GET /v1/cadres, GET /v1/users.
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * A name as a search compares it: lower case, without diacritics ("Nguyễn Văn Đức" →
 * "nguyen van duc"), spaces collapsed. `đ` has no decomposition, so it is mapped by hand.
 */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface UnitEntry {
  id: string;
  name: string;
  kind: string;
  path: string;
}

/** Units at or below any of `rootIds` (all units when null), narrowed to the subtree of `within` when given, in tree order. */
export async function unitsUnder(prisma: PrismaClient, rootIds: readonly string[] | null, within?: string): Promise<UnitEntry[]> {
  if (rootIds !== null && rootIds.length === 0) return [];
  const filters: Prisma.UnitWhereInput[] = [];
  if (rootIds !== null) filters.push({ OR: rootIds.map((id) => ({ path: { contains: `/${id}/` } })) });
  if (within !== undefined) filters.push({ path: { contains: `/${within}/` } });
  return prisma.unit.findMany({ where: { AND: filters }, select: { id: true, name: true, kind: true, path: true }, orderBy: [{ path: 'asc' }] });
}

async function unitIdsUnder(prisma: PrismaClient, rootIds: readonly string[] | null, within?: string): Promise<string[] | null> {
  if (rootIds === null && within === undefined) return null;
  return (await unitsUnder(prisma, rootIds, within)).map((u) => u.id);
}

export interface DirectorySearch {
  /** Units whose trees the caller reaches; null: everywhere. */
  scopeUnitIds: readonly string[] | null;
  /** Only those in this unit's tree. */
  unitId?: string;
  /** Words of the name, in any case and with or without diacritics. */
  q?: string;
}

/** How much of the folded name the sort key (and so a cursor) carries. */
export const NAME_KEY_LENGTH = 200;

/** Keeps the rows whose name holds the folded query, ordered by folded name (its first NAME_KEY_LENGTH characters) then id: the lists' sort key. */
function byName<T extends { id: string; fullName: string }>(rows: readonly T[], q: string | undefined): (T & { folded: string })[] {
  const wanted = q === undefined ? '' : foldName(q);
  return rows
    .map((r) => ({ row: r, folded: foldName(r.fullName) }))
    .filter((r) => r.folded.includes(wanted))
    .map(({ row, folded }) => ({ ...row, folded: folded.slice(0, NAME_KEY_LENGTH) }))
    .sort((a, b) => (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Cadres working in or coming from a unit in scope (in `unitId`'s tree: working there), by name. */
export async function searchCadres(prisma: PrismaClient, s: DirectorySearch) {
  const [scoped, within] = await Promise.all([unitIdsUnder(prisma, s.scopeUnitIds), s.unitId === undefined ? null : unitIdsUnder(prisma, null, s.unitId)]);
  const where: Prisma.CadreWhereInput[] = [];
  if (scoped !== null) where.push({ OR: [{ currentUnitId: { in: scoped } }, { homeUnitId: { in: scoped } }] });
  if (within !== null) where.push({ currentUnitId: { in: within } });
  return byName(await prisma.cadre.findMany({ where: { AND: where } }), s.q);
}

/** Users holding a role on a unit in scope (in `unitId`'s tree: on a unit there), by name; a global scope sees every user. */
export async function searchUsers(prisma: PrismaClient, s: DirectorySearch) {
  const [scoped, within] = await Promise.all([unitIdsUnder(prisma, s.scopeUnitIds), s.unitId === undefined ? null : unitIdsUnder(prisma, null, s.unitId)]);
  const where: Prisma.UserWhereInput[] = [];
  if (scoped !== null) where.push({ roles: { some: { unitId: { in: scoped } } } });
  if (within !== null) where.push({ roles: { some: { unitId: { in: within } } } });
  return byName(await prisma.user.findMany({ where: { AND: where }, include: { roles: true } }), s.q);
}
