// Separation of duties: no one takes a step on their own case (the cadre answers their own
// consultation, nothing else), and every step waiting on a role has someone to take it. Pure.
import { Refusal } from './refusal';
import { scopeReaches } from './units';
import type { Role } from './types';
import { refusalText } from './refusal-texts';

/** The rule a refusal names when a user linked to the rotated cadre acts on the cadre's case. */
export const OWN_CASE_RULE = 'own_case';

/** The user (linked to `actorCadreId`, if to a cadre) would act on the case of `caseCadreId`. */
export function actsOnOwnCase(actorCadreId: string | null | undefined, caseCadreId: string): boolean {
  return actorCadreId !== null && actorCadreId !== undefined && actorCadreId === caseCadreId;
}

/** 403 naming `own_case` when the user is the rotated cadre; `step` as the detail names it. */
export function requireNotOwnCase(actorCadreId: string | null | undefined, caseCadreId: string, step: string): void {
  if (actsOnOwnCase(actorCadreId, caseCadreId)) {
    throw new Refusal('forbidden', refusalText('own_case', { step }), undefined, OWN_CASE_RULE);
  }
}

/** An active user's grant of a role, with the cadre the user is linked to. */
export interface RoleHolder {
  role: Role;
  /** null: global. */
  unitId: string | null;
  cadreId: string | null;
}

/** Someone other than the rotated cadre holds `role` over one of the units at `paths`. */
export function someoneHolds(holders: readonly RoleHolder[], role: Role, paths: readonly string[], caseCadreId: string): boolean {
  return holders.some((h) => h.role === role && !actsOnOwnCase(h.cadreId, caseCadreId) && paths.some((p) => scopeReaches(h.unitId, p)));
}
