// Loading what a request names: an unknown id is a 404 that, for an id sent in the body, names the field.
import { ancestorIds, decidingUnit } from '../domain/units';
import type { Cadre, PrismaClient, Unit } from '../generated/prisma/client';
import { HttpProblem, notFound } from './problem';
import { type Thing, refusalText } from '../domain/refusal-texts';

export async function unitOr404(prisma: PrismaClient, id: string, field?: string): Promise<Unit> {
  const unit = await prisma.unit.findUnique({ where: { id } });
  if (!unit) throw notFound('unit', field);
  return unit;
}

export async function cadreOr404(prisma: PrismaClient, id: string, field?: string): Promise<Cadre> {
  const cadre = await prisma.cadre.findUnique({ where: { id } });
  if (!cadre) throw notFound('cadre', field);
  return cadre;
}

/** The paths of the units named in a list field, in one query; 404 naming every unknown entry. */
export async function unitPathsOr404(prisma: PrismaClient, ids: readonly (string | null)[], field: (index: number) => string): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  const found = await prisma.unit.findMany({ where: { id: { in: wanted } }, select: { id: true, path: true } });
  const paths = new Map(found.map((u) => [u.id, u.path]));
  missing(ids, (i) => paths.has(i), 'unit', field);
  return paths;
}

/** 404 naming every entry of a list field that is not a user. */
export async function usersOr404(prisma: PrismaClient, ids: readonly string[], field: (index: number) => string): Promise<void> {
  missing(ids, await existingUsers(prisma, ids), 'user', field);
}

/**
 * 422 naming every entry of a list field that is not a user: for users named deep inside a
 * record (a follow-up's owner), where the rule "an owner is a user" refuses the record.
 */
export async function usersOr422(prisma: PrismaClient, ids: readonly string[], field: (index: number) => string): Promise<void> {
  missing(ids, await existingUsers(prisma, ids), 'user', field, 422);
}

async function existingUsers(prisma: PrismaClient, ids: readonly string[]): Promise<(id: string) => boolean> {
  if (ids.length === 0) return () => true;
  const found = new Set((await prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true } })).map((u) => u.id));
  return (id) => found.has(id);
}

function missing(ids: readonly (string | null)[], exists: (id: string) => boolean, what: Thing, field: (index: number) => string, status = 404): void {
  const errors = ids.flatMap((id, index) => (id === null || exists(id) ? [] : [{ path: field(index), message: refusalText('not_found', { what }) }]));
  if (errors.length) throw new HttpProblem(status, refusalText(errors.length === 1 ? 'not_found' : 'not_found_many', { what }), errors);
}

/**
 * The unit whose Standing Committee decides a case between these units, from today's committees:
 * the same resolution the appraisal makes (null when no unit above has a committee).
 */
export async function decidingUnitOf(prisma: PrismaClient, fromPath: string, toPath: string): Promise<Unit | null> {
  const members = await activeCommitteeMembers(prisma, ancestorIds(fromPath));
  const unitId = decidingUnit(fromPath, toPath, new Set(members.map((m) => m.unitId)));
  return unitId === null ? null : prisma.unit.findUnique({ where: { id: unitId } });
}

/** A seat on a Standing Committee held by an active user, with the cadre the user is linked to. */
export interface CommitteeSeat {
  unitId: string;
  userId: string;
  cadreId: string | null;
}

/** The seats of the committees of `unitIds` held by active users: a deactivated user sits on none. */
export async function activeCommitteeMembers(prisma: PrismaClient, unitIds: readonly string[]): Promise<CommitteeSeat[]> {
  const seats = await prisma.committeeMember.findMany({ where: { unitId: { in: [...unitIds] } } });
  const users = await prisma.user.findMany({ where: { id: { in: [...new Set(seats.map((s) => s.userId))] }, active: true }, select: { id: true, cadreId: true } });
  const cadreOf = new Map(users.map((u) => [u.id, u.cadreId]));
  return seats.filter((s) => cadreOf.has(s.userId)).map((s) => ({ unitId: s.unitId, userId: s.userId, cadreId: cadreOf.get(s.userId) ?? null }));
}
