// First start: someone must be able to sign in and enter the reference data.
import crypto from 'node:crypto';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

export const ADMIN_USERNAME = 'admin';

/** Creates the global `admin` user when there are no users. Returns whether it created it. */
export async function ensureAdminUser(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  try {
    await prisma.user.create({
      data: {
        id: crypto.randomUUID(),
        username: ADMIN_USERNAME,
        fullName: 'Quản trị hệ thống',
        roles: { create: { id: crypto.randomUUID(), role: 'admin', unitId: null } },
      },
    });
    return true;
  } catch (error) {
    // Another process starting at the same moment created it first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
    throw error;
  }
}
