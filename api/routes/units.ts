// Units of the administrative tree, who holds their positions, and their Standing Committees.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { COUNT_LIMITS } from '../../domain/limits';
import { COMMITTEE_SIZE_RULE, MIN_COMMITTEE_MEMBERS, committeeSizeProblem } from '../../domain/vote';
import { unitPath } from '../../domain/units';
import { UNIT_AREAS, UNIT_KINDS, type UnitKind } from '../../domain/types';
import type { PositionHolder, Unit } from '../../generated/prisma/client';
import { after, pageOf, pageOrder, pageQuery } from '../cursor';
import { endpoint } from '../endpoint';
import { cadreOr404, unitOr404, usersOr404 } from '../lookups';
import { conflict, ruleViolation } from '../problem';
import { isUniqueViolation } from '../../store/prisma-errors';
import { createUnit, positionHolderAt, replaceCommittee, setPositionHolder } from '../../store/units';
import { idOf, idParams, line, pageSchema } from '../schemas';
import { requireGlobalRole, requireRole } from '../scope';
import { refusalText } from '../../domain/refusal-texts';

const ADMIN = ['admin'] as const;

/** Which kinds of unit may sit directly above each kind (towns and cities count as districts). */
const PARENT_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
};

function unitView(u: Unit) {
  return { id: u.id, code: u.code, name: u.name, kind: u.kind, area: u.area, parentId: u.parentId, path: u.path, createdAt: u.createdAt.toISOString() };
}

const unitSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    area: z.enum(UNIT_AREAS).meta({ description: "Mountain or remote, or other: sets the support's distance thresholds." }),
    parentId: z.string().nullable(),
    path: z.string().meta({ description: 'Ancestry, "/rootId/.../thisId/".' }),
    createdAt: z.string(),
  })
  .meta({ id: 'Unit' });

function holderView(h: PositionHolder) {
  return { unitId: h.unitId, title: h.title, cadreId: h.cadreId, retainedByCaseId: h.retainedByCaseId, updatedAt: h.updatedAt.toISOString() };
}

const holderSchema = z
  .object({ unitId: z.string(), title: z.string(), cadreId: z.string().nullable(), retainedByCaseId: z.string().nullable(), updatedAt: z.string() })
  .meta({ id: 'PositionHolder' });

const committeeSchema = z.object({ unitId: z.string(), memberUserIds: z.array(z.string()) }).meta({ id: 'Committee' });

export const unitEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/units',
    summary: 'Add a unit under its parent (a province has none)',
    description: 'For an admin over the parent unit, or a global admin for a province. Adds a unit (province, district or commune) under its parent.',
    tag: 'reference data',
    request: z.object({
      body: z.object({
        code: line('code'),
        name: line('name'),
        kind: z.enum(UNIT_KINDS),
        area: z.enum(UNIT_AREAS).default('other'),
        parentId: idOf('unit').optional(),
      }),
    }),
    success: { status: 201, description: 'The unit', schema: unitSchema },
    problems: [403, 404, 409, 422],
    async handle({ body }, { user, deps: { prisma } }) {
      const parent = body.parentId === undefined ? null : await unitOr404(prisma, body.parentId, 'parentId');
      if (parent) requireRole(user, ADMIN, parent.path);
      else requireGlobalRole(user, ADMIN);
      const allowed = PARENT_KINDS[body.kind];
      if (parent ? !allowed.includes(parent.kind) : allowed.length > 0) {
        const where = allowed.length ? refusalText('unit_sits_under', { kind: body.kind, parents: allowed }) : refusalText('unit_sits_at_top', { kind: body.kind });
        throw ruleViolation(where, parent ? 'parentId' : 'kind');
      }
      const unitId = randomUUID();
      try {
        const unit = await createUnit(prisma, {
          id: unitId,
          code: body.code,
          name: body.name,
          kind: body.kind,
          area: body.area,
          parentId: parent?.id ?? null,
          path: unitPath(parent?.path ?? null, unitId),
        });
        return unitView(unit);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(refusalText('unit_code_taken', { code: body.code }));
        throw err;
      }
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/units/:id',
    summary: 'A unit with its children',
    description: 'For any signed-in user. Returns the unit with its direct children.',
    tag: 'reference data',
    request: z.object({ params: idParams('unit') }),
    success: { status: 200, description: 'The unit', schema: unitSchema.extend({ children: z.array(unitSchema) }) },
    problems: [404],
    async handle({ params }, { deps: { prisma } }) {
      const unit = await unitOr404(prisma, params.id);
      const children = await prisma.unit.findMany({ where: { parentId: unit.id }, orderBy: [{ code: 'asc' }] });
      return { ...unitView(unit), children: children.map(unitView) };
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/units',
    summary: 'Units, all or the children of `parentId`',
    description: 'For any signed-in user. Lists every unit, or the children of `parentId`.',
    tag: 'reference data',
    request: z.object({ query: z.object({ parentId: idOf('unit').optional(), kind: z.enum(UNIT_KINDS).optional(), ...pageQuery }) }),
    success: { status: 200, description: 'A page of units', schema: pageSchema(unitSchema) },
    problems: [404],
    async handle({ query }, { deps: { prisma } }) {
      if (query.parentId !== undefined) await unitOr404(prisma, query.parentId, 'parentId');
      const rows = await prisma.unit.findMany({
        where: { ...(query.parentId !== undefined ? { parentId: query.parentId } : {}), ...(query.kind ? { kind: query.kind } : {}), ...after(query.cursor) },
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, unitView);
    },
  }),

  endpoint({
    method: 'put',
    path: '/v1/units/:id/positions/:title',
    summary: 'Who holds a position at a unit (`party_secretary`, ...)',
    description: 'For an admin over the unit. Records which cadre holds a position (such as party_secretary) at the unit, replacing the previous holder.',
    tag: 'reference data',
    request: z.object({ params: z.object({ id: idOf('unit'), title: line('position') }), body: z.object({ cadreId: idOf('cadre') }) }),
    success: { status: 200, description: 'The position and its holder', schema: holderSchema },
    problems: [403, 404, 409],
    async handle({ params, body }, { user, deps: { prisma } }) {
      const unit = await unitOr404(prisma, params.id);
      requireRole(user, ADMIN, unit.path);
      await cadreOr404(prisma, body.cadreId, 'cadreId');
      const current = await positionHolderAt(prisma, unit.id, params.title);
      if (current?.retainedByCaseId && current.cadreId !== body.cadreId) {
        throw conflict(refusalText('position_kept', { caseId: current.retainedByCaseId }));
      }
      const holder = await setPositionHolder(prisma, unit.id, params.title, body.cadreId);
      return holderView(holder);
    },
  }),

  endpoint({
    method: 'put',
    path: '/v1/units/:id/committee',
    summary: "Set the unit's Standing Committee (replaces the members): at least 3 members, or none to remove it",
    description:
      "For an admin over the unit. Replaces the unit's Standing Committee with the given members (at least 3, or none to remove it); a vote already opened keeps its committee.",
    tag: 'reference data',
    request: z.object({ params: idParams('unit'), body: z.object({ memberUserIds: z.array(idOf('user')).max(COUNT_LIMITS.committeeMembers) }) }),
    success: { status: 200, description: 'The committee', schema: committeeSchema },
    problems: [403, 404, 422],
    async handle({ params, body }, { user, deps: { prisma } }) {
      const unit = await unitOr404(prisma, params.id);
      requireRole(user, ADMIN, unit.path);
      await usersOr404(prisma, body.memberUserIds, (i) => `memberUserIds.${i}`);
      const memberUserIds = [...new Set(body.memberUserIds)];
      if (memberUserIds.length > 0 && committeeSizeProblem(memberUserIds.length)) {
        throw ruleViolation(refusalText('committee_size', { min: MIN_COMMITTEE_MEMBERS, members: memberUserIds.length }), 'memberUserIds', COMMITTEE_SIZE_RULE);
      }
      await replaceCommittee(prisma, unit.id, memberUserIds);
      return { unitId: unit.id, memberUserIds };
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/units/:id/committee',
    summary: "The unit's Standing Committee",
    description: "For any signed-in user. Returns the members of the unit's Standing Committee.",
    tag: 'reference data',
    request: z.object({ params: idParams('unit') }),
    success: { status: 200, description: 'The committee', schema: committeeSchema },
    problems: [404],
    async handle({ params }, { deps: { prisma } }) {
      const unit = await unitOr404(prisma, params.id);
      const members = await prisma.committeeMember.findMany({ where: { unitId: unit.id }, orderBy: { userId: 'asc' } });
      return { unitId: unit.id, memberUserIds: members.map((m) => m.userId) };
    },
  }),
];
