// The users who sign in and the roles they hold on units.
import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';

export interface RoleGrant {
  role: Role;
  unitId?: string | null;
}

export interface NewUser {
  username: string;
  fullName: string;
  email: string | null;
  cadreId: string | null;
  roles: readonly RoleGrant[];
}

/** Adds a user with their roles, at once; a unique violation when the username is taken. */
export function createUser(prisma: PrismaClient, user: NewUser) {
  return prisma.user.create({
    data: {
      id: randomUUID(),
      username: user.username,
      fullName: user.fullName,
      email: user.email,
      cadreId: user.cadreId,
      roles: { create: user.roles.map((r) => ({ id: randomUUID(), role: r.role, unitId: r.unitId ?? null })) },
    },
    include: { roles: true },
  });
}

/** Deactivates or reactivates the user (`active` undefined: unchanged) and replaces their roles when given, at once; the user with their roles. */
export function updateUser(prisma: PrismaClient, userId: string, change: { active?: boolean; roles?: readonly RoleGrant[] }) {
  return prisma.$transaction(async (tx) => {
    if (change.roles) {
      await tx.roleAssignment.deleteMany({ where: { userId } });
      await tx.roleAssignment.createMany({ data: change.roles.map((r) => ({ id: randomUUID(), userId, role: r.role, unitId: r.unitId ?? null })) });
    }
    return tx.user.update({ where: { id: userId }, data: change.active === undefined ? {} : { active: change.active }, include: { roles: true } });
  });
}

/** Stores the user's new password hash; the user with their roles. */
export function setPasswordHash(prisma: PrismaClient, userId: string, passwordHash: string) {
  return prisma.user.update({ where: { id: userId }, data: { passwordHash }, include: { roles: true } });
}
