// The rotation cases a user may see, read through the store (store/cases).
import { ROLES, type Role } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import { type CaseQuery, type CaseRecord, findCase, findCases } from '../store/cases';
import { delegatorsOf } from './on-behalf';
import { forbidden, notFound } from './problem';
import { type Principal, reaches, scopeUnitIds } from './scope';
import { refusalText } from '../domain/refusal-texts';

export type { CaseRecord } from '../store/cases';
export { stateOf } from '../store/cases';

export async function caseOr404(prisma: PrismaClient, id: string): Promise<CaseRecord> {
  const c = await findCase(prisma, id);
  if (!c) throw notFound('rotation case');
  return c;
}

/**
 * The case, for a user who may see it (see `canSee`), or whose active delegation comes from a
 * user who may; 403 for one who may not.
 */
export async function visibleCaseOr403(prisma: PrismaClient, user: Principal, id: string): Promise<CaseRecord> {
  const c = await caseOr404(prisma, id);
  if (!canSee(user, c) && !(await delegatorsOf(prisma, user)).some((d) => canSee(d.delegator, c))) throw forbidden(refusalText('case_outside_units'));
  return c;
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

export interface CaseFilter extends Omit<CaseQuery, 'reach'> {
  /**
   * Only the cases these roles reach through the sending or the receiving unit, instead of all
   * the user may see (`canSee`); for reports, which are not for the cadre or a lone voter.
   */
  viaRoles?: readonly Role[];
}

/** Cases the user may see (see `canSee`), in (createdAt, id) order, narrowed in SQL. */
export async function visibleCases(prisma: PrismaClient, user: Principal, filter: CaseFilter): Promise<CaseRecord[]> {
  const { viaRoles, ...query } = filter;
  const unitIds = scopeUnitIds(user, viaRoles ?? ROLES);
  const reach = unitIds === null ? undefined : { unitIds, ...(viaRoles ? {} : { person: { userId: user.id, cadreId: user.cadreId } }) };
  return findCases(prisma, { ...query, reach });
}
