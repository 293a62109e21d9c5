// Delegations as stored: who handed which task kinds to whom, and for which days.
import { randomUUID } from 'node:crypto';
import type { Delegation, DelegationRequest } from '../domain/delegation';
import type { TaskKind } from '../domain/types';
import type { Delegation as DelegationRow, Prisma, PrismaClient } from '../generated/prisma/client';

type Reader = PrismaClient | Prisma.TransactionClient;

function delegationOf(row: DelegationRow): Delegation {
  return {
    id: row.id,
    fromUserId: row.fromUserId,
    toUserId: row.toUserId,
    from: row.fromDate,
    to: row.toDate,
    kinds: row.kinds as TaskKind[],
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Saves the delegation if `admit` accepts it in the light of the delegations its two users gave or
 * received. Both users are locked for the transaction (in one order, so two requests cannot wait
 * on each other), so that two requests at the same moment cannot both pass the check and make a
 * chain: one waits, then sees the other's delegation.
 */
export async function createAdmittedDelegation(prisma: PrismaClient, request: DelegationRequest, admit: (existing: Delegation[]) => void | Promise<void>): Promise<Delegation> {
  const userIds = [...new Set([request.fromUserId, request.toUserId])].sort();
  return prisma.$transaction(async (tx) => {
    for (const id of userIds) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`delegation:${id}`}))`;
    await admit(await delegationsOf(tx, userIds));
    const row = await tx.delegation.create({
      data: { id: randomUUID(), fromUserId: request.fromUserId, toUserId: request.toUserId, fromDate: request.from, toDate: request.to, kinds: [...(request.kinds ?? [])] },
    });
    return delegationOf(row);
  });
}

/** The delegations given or received by any of `userIds`, newest first. */
export async function delegationsOf(prisma: Reader, userIds: readonly string[]): Promise<Delegation[]> {
  const ids = [...userIds];
  const rows = await prisma.delegation.findMany({ where: { OR: [{ fromUserId: { in: ids } }, { toUserId: { in: ids } }] }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(delegationOf);
}

/** The delegations received by `userId`, not revoked, whose period includes `today`. */
export async function delegationsReceived(prisma: PrismaClient, userId: string, today: string): Promise<Delegation[]> {
  const rows = await prisma.delegation.findMany({ where: { toUserId: userId, revokedAt: null, fromDate: { lte: today }, toDate: { gte: today } }, orderBy: { createdAt: 'asc' } });
  return rows.map(delegationOf);
}

export async function findDelegation(prisma: PrismaClient, id: string): Promise<Delegation | null> {
  const row = await prisma.delegation.findUnique({ where: { id } });
  return row ? delegationOf(row) : null;
}

/** Revokes it once; a repeat keeps the first revocation. */
export async function revokeDelegation(prisma: PrismaClient, id: string, by: string, at: Date): Promise<Delegation> {
  await prisma.delegation.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at, revokedBy: by } });
  return delegationOf(await prisma.delegation.findUniqueOrThrow({ where: { id } }));
}
