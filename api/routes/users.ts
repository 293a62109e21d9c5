// Users who sign in, and the roles they hold on units.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES } from '../../domain/types';
import type { RoleAssignment, User } from '../../generated/prisma/client';
import { endpoint } from '../endpoint';
import { cadreOr404, unitPathsOr404 } from '../lookups';
import { conflict, forbidden, notFound } from '../problem';
import { isUniqueViolation } from '../prisma-errors';
import { id, idParams, text } from '../schemas';
import { holdsGlobally, reaches, requireGlobalRole, requireRole } from '../scope';

const ADMIN = ['admin'] as const;

function userView(u: User & { roles: RoleAssignment[] }) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    email: u.email,
    cadreId: u.cadreId,
    roles: u.roles.map((r) => ({ role: r.role, unitId: r.unitId })),
    createdAt: u.createdAt.toISOString(),
  };
}

const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    cadreId: z.string().nullable(),
    roles: z.array(z.object({ role: z.enum(ROLES), unitId: z.string().nullable() })),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const userEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/users',
    summary: 'Add a user with role assignments (a role on no unit is global)',
    tag: 'reference data',
    request: z.object({
      body: z.object({
        username: z
          .string()
          .trim()
          .regex(/^[\p{L}\p{N}._@-]{1,100}$/u, 'letters, digits and . _ @ - only, at most 100'),
        fullName: text(300),
        email: z.email().optional(),
        cadreId: id.optional(),
        roles: z.array(z.object({ role: z.enum(ROLES), unitId: id.optional() })).max(50),
      }),
    }),
    success: { status: 201, description: 'The user', schema: userSchema },
    problems: [403, 404, 409],
    async handle({ body }, { user, deps: { prisma } }) {
      if (!user.roles.some((g) => g.role === 'admin')) throw forbidden('this needs the role admin');
      const paths = await unitPathsOr404(prisma, body.roles.map((r) => r.unitId ?? null), (i) => `roles.${i}.unitId`);
      // An admin grants roles only within their own units; a role on no unit only a global admin.
      if (body.roles.some((r) => r.unitId === undefined)) requireGlobalRole(user, ADMIN);
      requireRole(user, ADMIN, ...paths.values());
      if (body.cadreId !== undefined) await cadreOr404(prisma, body.cadreId, 'cadreId');
      try {
        const created = await prisma.user.create({
          data: {
            id: randomUUID(),
            username: body.username,
            fullName: body.fullName,
            email: body.email ?? null,
            cadreId: body.cadreId ?? null,
            roles: { create: body.roles.map((r) => ({ id: randomUUID(), role: r.role, unitId: r.unitId ?? null })) },
          },
          include: { roles: true },
        });
        return userView(created);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`the username ${body.username} is taken`);
        throw err;
      }
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/users/:id',
    summary: 'A user (yourself, or one an admin over their units may see)',
    tag: 'reference data',
    request: z.object({ params: idParams }),
    success: { status: 200, description: 'The user', schema: userSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const found = await prisma.user.findUnique({ where: { id: params.id }, include: { roles: true } });
      if (!found) throw notFound('user');
      if (found.id !== user.id) {
        const unitIds = found.roles.flatMap((r) => (r.unitId === null ? [] : [r.unitId]));
        const units = await prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { path: true } });
        if (!holdsGlobally(user, ADMIN) && !units.some((u) => reaches(user, ADMIN, u.path))) throw forbidden('this needs the role admin over one of the units the user works in');
      }
      return userView(found);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in user',
    tag: 'reference data',
    request: z.object({}),
    success: { status: 200, description: 'The user', schema: userSchema },
    problems: [],
    async handle(_input, { user, deps: { prisma } }) {
      return userView(await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { roles: true } }));
    },
  }),
];
