// Users who sign in, and the roles they hold on units.
import { z } from 'zod';
import { TEXT_LIMITS } from '../../domain/limits';
import { ROLES, type Role } from '../../domain/types';
import type { PrismaClient, RoleAssignment, User } from '../../generated/prisma/client';
import { endpoint } from '../endpoint';
import { cadreOr404, unitOr404, unitPathsOr404 } from '../lookups';
import { conflict, forbidden, notFound } from '../problem';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from '../../infra/passwords';
import { isUniqueViolation } from '../../store/prisma-errors';
import { closeSessionsOf } from '../../store/web-sessions';
import { checkMessage, customIssue, idOf, idParams, line, nameSearchQuery, pageSchema } from '../schemas';
import { keyPageQuery, pageByKey } from '../cursor';
import { searchUsers } from '../../store/directory';
import { createUser, setPasswordHash, updateUser } from '../../store/users';
import { type Principal, holdsGlobally, reaches, requireGlobalRole, requireRole, scopeUnitIds } from '../scope';
import { refusalText } from '../../domain/refusal-texts';

const ADMIN = ['admin'] as const;
/** Who may list users: those who staff cases and accounts. */
const DIRECTORY_ROLES = ['admin', 'organizer'] as const;

function userView(u: User & { roles: RoleAssignment[] }) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    email: u.email,
    cadreId: u.cadreId,
    active: u.active,
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
    active: z.boolean().meta({ description: 'A deactivated user is refused (401) from the next request on.' }),
    roles: z.array(z.object({ role: z.enum(ROLES), unitId: z.string().nullable() })),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

/** Only `admin` may be held on no unit (global); any other role is held on a unit, or it would reach everything. */
function rolesOnUnits(roles: readonly { role: Role; unitId?: string }[], ctx: z.RefinementCtx): void {
  roles.forEach((r, i) => {
    if (r.role !== 'admin' && r.unitId === undefined) ctx.addIssue(customIssue(refusalText('role_on_unit', { role: r.role }), [i, 'unitId']));
  });
}

const roleGrants = z
  .array(z.object({ role: z.enum(ROLES), unitId: idOf('unit').optional() }))
  .max(50)
  .superRefine(rolesOnUnits);

/**
 * An admin governs what they grant: each role's unit (a role on no unit, only a global admin)
 * and the unit of the cadre a user is linked to. At least one unit must be named and governed,
 * so a request naming none (no role, no cadre) is for a global admin only.
 */
async function requireGoverns(prisma: PrismaClient, user: Principal, grants: readonly { unitId?: string | null }[], cadreId: string | null, field: (i: number) => string) {
  const paths = await unitPathsOr404(
    prisma,
    grants.map((r) => r.unitId ?? null),
    field,
  );
  const named = [...paths.values()];
  if (cadreId !== null) {
    const cadre = await cadreOr404(prisma, cadreId, 'cadreId');
    named.push((await unitOr404(prisma, cadre.currentUnitId)).path);
  }
  if (holdsGlobally(user, ADMIN)) return;
  if (grants.some((r) => (r.unitId ?? null) === null) || named.length === 0) requireGlobalRole(user, ADMIN);
  requireRole(user, ADMIN, ...named);
}

/** Letters of any script, digits and . _ @ -. */
const USERNAME = /^[\p{L}\p{N}._@-]+$/u;

/** A web sign-in password: long enough, stored only as its hash. */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, checkMessage(refusalText('password_too_short', { min: MIN_PASSWORD_LENGTH })))
  .max(MAX_PASSWORD_LENGTH, checkMessage(refusalText('password_too_long', { max: MAX_PASSWORD_LENGTH })));

/**
 * Sets or resets a user's web sign-in password: an admin over the user's units (any admin for
 * their own). The user's web sessions end, so an old password's session does not outlive it.
 */
export async function setPassword(prisma: PrismaClient, user: Principal, userId: string, password: string) {
  if (!user.roles.some((g) => g.role === 'admin')) throw forbidden(refusalText('admin_needed'));
  const found = await prisma.user.findUnique({ where: { id: userId }, include: { roles: true } });
  if (!found) throw notFound('user');
  if (found.id !== user.id) await requireGoverns(prisma, user, found.roles, found.cadreId, () => 'id');
  const updated = await setPasswordHash(prisma, found.id, await hashPassword(password));
  await closeSessionsOf(prisma, found.id);
  return userView(updated);
}

export const userEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/users',
    summary: 'Add a user with role assignments (a role on no unit is global)',
    description:
      'For an admin whose role reaches every unit the new roles name (a global admin for a global role or a user on no unit). Adds a user with their role assignments, optionally linked to a cadre.',
    tag: 'reference data',
    request: z.object({
      body: z.object({
        username: line('username')
          .regex(USERNAME, 'letters, digits and . _ @ - only')
          // The document shows the pattern without JavaScript's flags (a JSON Schema pattern is Unicode already).
          .meta({ pattern: USERNAME.source }),
        fullName: line('name'),
        email: z.email().max(TEXT_LIMITS.email).optional(),
        cadreId: idOf('cadre').optional(),
        roles: roleGrants,
      }),
    }),
    success: { status: 201, description: 'The user', schema: userSchema },
    problems: [403, 404, 409],
    async handle({ body }, { user, deps: { prisma } }) {
      if (!user.roles.some((g) => g.role === 'admin')) throw forbidden(refusalText('admin_needed'));
      await requireGoverns(prisma, user, body.roles, body.cadreId ?? null, (i) => `roles.${i}.unitId`);
      try {
        const created = await createUser(prisma, {
          username: body.username,
          fullName: body.fullName,
          email: body.email ?? null,
          cadreId: body.cadreId ?? null,
          roles: body.roles,
        });
        return userView(created);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(refusalText('username_taken', { username: body.username }));
        throw err;
      }
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/users/:id',
    summary: 'A user (yourself, or one an admin over their units may see)',
    description: 'For the user themself, or an admin over one of the units the user works in (a global admin: any user). Returns the user with their roles.',
    tag: 'reference data',
    request: z.object({ params: idParams('user') }),
    success: { status: 200, description: 'The user', schema: userSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const found = await prisma.user.findUnique({ where: { id: params.id }, include: { roles: true } });
      if (!found) throw notFound('user');
      if (found.id !== user.id) {
        const unitIds = found.roles.flatMap((r) => (r.unitId === null ? [] : [r.unitId]));
        const units = await prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { path: true } });
        if (!holdsGlobally(user, ADMIN) && !units.some((u) => reaches(user, ADMIN, u.path))) throw forbidden(refusalText('admin_over_user_needed'));
      }
      return userView(found);
    },
  }),

  endpoint({
    method: 'patch',
    path: '/v1/users/:id',
    summary: "Deactivate or reactivate a user, or replace their roles (admin over the user's units); effective on the user's next request",
    description: "For an admin over the user's units, never on themself. Deactivates or reactivates the user or replaces their roles, effective on their next request.",
    tag: 'reference data',
    request: z.object({
      params: idParams('user'),
      body: z.object({
        active: z.boolean().optional(),
        roles: roleGrants.optional().meta({ description: 'Replaces every role the user holds.' }),
      }),
    }),
    success: { status: 200, description: 'The user', schema: userSchema },
    problems: [403, 404],
    async handle({ params, body }, { user, deps: { prisma } }) {
      if (!user.roles.some((g) => g.role === 'admin')) throw forbidden(refusalText('admin_needed'));
      const found = await prisma.user.findUnique({ where: { id: params.id }, include: { roles: true } });
      if (!found) throw notFound('user');
      if (found.id === user.id) throw forbidden(refusalText('admin_not_on_themself'));
      // Over the user as they are, and over every role granted.
      await requireGoverns(prisma, user, found.roles, found.cadreId, () => 'id');
      if (body.roles) await requireGoverns(prisma, user, body.roles, found.cadreId, (i) => `roles.${i}.unitId`);
      const updated = await updateUser(prisma, found.id, body);
      return userView(updated);
    },
  }),

  endpoint({
    method: 'post',
    path: '/v1/users/:id/password',
    summary: "Set or reset a user's web sign-in password (admin over the user's units); their web sessions end",
    description: "For an admin over the user's units (any admin for their own). Sets the user's web sign-in password and ends their web sessions.",
    tag: 'reference data',
    request: z.object({ params: idParams('user'), body: z.object({ password: passwordSchema }) }),
    success: { status: 200, description: 'The user', schema: userSchema },
    problems: [403, 404],
    // Setting the same password again is the same step: a key would only keep a fingerprint of it.
    secretBody: true,
    async handle({ params, body }, { user, deps: { prisma } }) {
      return setPassword(prisma, user, params.id, body.password);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in user',
    description: 'For any signed-in user. Returns the user the token names, with their roles.',
    tag: 'reference data',
    request: z.object({}),
    success: { status: 200, description: 'The user', schema: userSchema },
    problems: [],
    async handle(_input, { user, deps: { prisma } }) {
      return userView(await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { roles: true } }));
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/users',
    summary: 'Users holding a role on a unit your admin or organizer role reaches (a global admin: every user), by name; a page sorted by name',
    description: 'For an admin or organizer: the users holding a role on a unit their role reaches (a global admin: every user). Lists them by name, a page at a time.',
    tag: 'reference data',
    request: z.object({
      query: z.object({
        ...nameSearchQuery,
        unitId: idOf('unit').optional().meta({ description: 'Only users holding a role at or below this unit.' }),
        ...keyPageQuery(['string', 'string']),
      }),
    }),
    success: { status: 200, description: 'A page of users', schema: pageSchema(userSchema) },
    problems: [403, 404],
    async handle({ query }, { user, deps: { prisma } }) {
      const scope = scopeUnitIds(user, DIRECTORY_ROLES);
      if (scope !== null && scope.length === 0) throw forbidden(refusalText('admin_or_organizer_needed'));
      if (query.unitId !== undefined) await unitOr404(prisma, query.unitId, 'unitId');
      const found = await searchUsers(prisma, { scopeUnitIds: scope, unitId: query.unitId, q: query.q });
      return pageByKey(found, (u) => [u.folded, u.id], query.cursor, query.limit, userView);
    },
  }),
];
