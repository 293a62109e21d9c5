// Who may do what where: a role held on a unit reaches that unit and everything below it; a
// role held on no unit is global.
import { ancestorIds, scopeReaches } from '../domain/units';
import type { Actor, Role } from '../domain/types';
import { forbidden } from './problem';
import { refusalText } from '../domain/refusal-texts';

export interface RoleGrant {
  role: Role;
  unitId: string | null;
}

/** The signed-in user, as every /v1 handler sees it. */
export interface Principal {
  id: string;
  username: string;
  cadreId: string | null;
  roles: RoleGrant[];
}

export function actorOf(user: Principal): Actor {
  return { userId: user.id, username: user.username };
}

/** True when one of the user's `roles` reaches the unit at `path`. */
export function reaches(user: Principal, roles: readonly Role[], path: string): boolean {
  return user.roles.some((g) => roles.includes(g.role) && scopeReaches(g.unitId, path));
}

/** True when one of the user's `roles` is held globally or on a unit strictly above the unit at `path`. */
export function reachesAbove(user: Principal, roles: readonly Role[], path: string): boolean {
  const above = ancestorIds(path).slice(0, -1);
  return user.roles.some((g) => roles.includes(g.role) && (g.unitId === null || above.includes(g.unitId)));
}

/** 403 unless the user's `roles` reach every one of `paths`. */
export function requireRole(user: Principal, roles: readonly Role[], ...paths: string[]): void {
  if (!paths.every((p) => reaches(user, roles, p))) throw forbidden(refusalText('role_needed', { roles }));
}

/** 403 unless the user's `roles` reach at least one of `paths`. */
export function requireRoleOnAny(user: Principal, roles: readonly Role[], paths: readonly string[]): void {
  if (!paths.some((p) => reaches(user, roles, p))) throw forbidden(refusalText('role_needed_on_any', { roles }));
}

export function holdsGlobally(user: Principal, roles: readonly Role[]): boolean {
  return user.roles.some((g) => roles.includes(g.role) && g.unitId === null);
}

/** 403 unless the user holds one of `roles` on no unit. */
export function requireGlobalRole(user: Principal, roles: readonly Role[]): void {
  if (!holdsGlobally(user, roles)) throw forbidden(refusalText('role_needed_global', { roles }));
}

/**
 * Units whose subtrees the user's `roles` cover, for narrowing queries; null when one of them
 * is global (no narrowing).
 */
export function scopeUnitIds(user: Principal, roles: readonly Role[]): string[] | null {
  if (holdsGlobally(user, roles)) return null;
  return [...new Set(user.roles.flatMap((g) => (roles.includes(g.role) && g.unitId !== null ? [g.unitId] : [])))];
}
