// Acting by a delegation: a user with no right of their own to a step takes it with the rights of
// a user who delegated its task kind to them, and the case's history names that user.
import { actsOnOwnCase } from '../domain/duties';
import { type Delegation, coversKindOn, requireNotOwnCaseOnBehalf } from '../domain/delegation';
import type { OnBehalfOf, TaskKind } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import { delegationsReceived } from '../store/delegations';
import { principalOf } from './auth';
import type { Principal } from './scope';
import { today } from './schemas';

/** The active users who delegated tasks (of `kind`, when given) to `user` today, with their own roles. */
export async function delegatorsOf(prisma: PrismaClient, user: Principal, kind?: TaskKind): Promise<{ delegator: Principal; delegation: Delegation }[]> {
  const on = today();
  const delegations = (await delegationsReceived(prisma, user.id, on)).filter((d) => (kind ? coversKindOn(d, kind, on) : true));
  if (delegations.length === 0) return [];
  const users = await prisma.user.findMany({ where: { id: { in: delegations.map((d) => d.fromUserId) }, active: true }, include: { roles: true } });
  return delegations.flatMap((d) => {
    const found = users.find((u) => u.id === d.fromUserId);
    return found ? [{ delegator: principalOf(found), delegation: d }] : [];
  });
}

export function onBehalfOf(delegator: Principal): OnBehalfOf {
  return { userId: delegator.id, username: delegator.username, cadreId: delegator.cadreId };
}

/**
 * The delegator whose rights let `user` take a step of `kind` on the case of `caseCadreId`; null
 * when none does. A 403 naming own_case when only a delegator linked to the case's cadre would.
 */
export async function delegatorAllowing(
  prisma: PrismaClient,
  user: Principal,
  kind: TaskKind,
  caseCadreId: string,
  allowed: (delegator: Principal) => boolean,
): Promise<Principal | null> {
  const delegators = await delegatorsOf(prisma, user, kind);
  const found = allowingDelegator(delegators, kind, caseCadreId, allowed);
  if (found) return found;
  for (const { delegator } of delegators) requireNotOwnCaseOnBehalf(user.cadreId, delegator.cadreId, caseCadreId);
  return null;
}

/**
 * Of `delegators` (see delegatorsOf), the first whose delegation covers `kind` today and whose
 * rights allow the step, never one linked to the case's cadre; undefined when none.
 */
export function allowingDelegator(
  delegators: readonly { delegator: Principal; delegation: Delegation }[],
  kind: TaskKind,
  caseCadreId: string,
  allowed: (delegator: Principal) => boolean,
): Principal | undefined {
  const on = today();
  return delegators.find(({ delegator, delegation }) => coversKindOn(delegation, kind, on) && !actsOnOwnCase(delegator.cadreId, caseCadreId) && allowed(delegator))?.delegator;
}
