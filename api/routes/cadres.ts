// Cadres: the people who may be rotated, and the positions they hold.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SEXES } from '../../domain/national-rules';
import { POLITICAL_THEORY_LEVELS, ROLES } from '../../domain/types';
import type { Cadre, PositionHolder } from '../../generated/prisma/client';
import { endpoint } from '../endpoint';
import { cadreOr404, unitOr404 } from '../lookups';
import { dateColumn, dateOnly } from '../../store/columns';
import { type PlanningRecordView, planningOf } from '../../store/national-rules';
import { birthDate, caseDate, idOf, idParams, line } from '../schemas';
import { requireRole, requireRoleOnAny, scopeUnitIds } from '../scope';
import { keyPageQuery, pageByKey } from '../cursor';
import { nameSearchQuery, pageSchema } from '../schemas';
import { searchCadres } from '../../store/directory';
import { type CadreCorrectionView, HomeUnitUnderOpenCase, changesOf, correctCadre, correctionsOf, createCadre } from '../../store/cadres';
import { refusalText } from '../../domain/refusal-texts';
import { HttpProblem, forbidden } from '../problem';
import type { Principal } from '../scope';
import type { PrismaClient } from '../../generated/prisma/client';
import { planningListSchema } from './national-rules';

/** A cadre as the list shows it (CadreSummary). */
function cadreSummary(c: Pick<Cadre, 'id' | 'fullName' | 'birthDate' | 'sex' | 'homeUnitId' | 'currentUnitId' | 'currentPosition'>) {
  return {
    id: c.id,
    fullName: c.fullName,
    birthDate: dateOnly(c.birthDate),
    sex: c.sex,
    homeUnitId: c.homeUnitId,
    currentUnitId: c.currentUnitId,
    currentPosition: c.currentPosition,
  };
}

function cadreView(c: Cadre, positions: PositionHolder[], planning: PlanningRecordView[], corrections: CadreCorrectionView[]) {
  return {
    ...cadreSummary(c),
    politicalTheory: c.politicalTheory,
    qualification: c.qualification,
    nextSalaryRaiseDate: c.nextSalaryRaiseDate === null ? null : dateOnly(c.nextSalaryRaiseDate),
    createdAt: c.createdAt.toISOString(),
    positions: positions.map((p) => ({ unitId: p.unitId, title: p.title, retainedByCaseId: p.retainedByCaseId })),
    planning,
    corrections,
  };
}

async function fullCadreView(prisma: PrismaClient, cadre: Cadre) {
  const [positions, planning, corrections] = await Promise.all([
    prisma.positionHolder.findMany({ where: { cadreId: cadre.id }, orderBy: [{ unitId: 'asc' }, { title: 'asc' }] }),
    planningOf(prisma, cadre.id),
    correctionsOf(prisma, cadre.id),
  ]);
  return cadreView(cadre, positions, planning, corrections);
}

/** 403 unless the user is an admin over the cadre's current or home unit. */
async function requireAdminOverCadre(prisma: PrismaClient, user: Principal, cadre: Cadre): Promise<void> {
  const units = await prisma.unit.findMany({ where: { id: { in: [cadre.currentUnitId, cadre.homeUnitId] } }, select: { path: true } });
  requireRoleOnAny(
    user,
    ['admin'],
    units.map((u) => u.path),
  );
}

const correctionChange = z.object({ from: z.string(), to: z.string() });
const correctionSchema = z
  .object({
    at: z.string(),
    by: z.string().meta({ description: 'The user who made the correction.' }),
    changes: z.object({ fullName: correctionChange, birthDate: correctionChange, sex: correctionChange, homeUnitId: correctionChange }).partial(),
  })
  .meta({ id: 'CadreCorrection' });

const cadreSummarySchema = z
  .object({
    id: z.string(),
    fullName: z.string(),
    birthDate: z.string(),
    sex: z.enum(SEXES),
    homeUnitId: z.string(),
    currentUnitId: z.string(),
    currentPosition: z.string(),
  })
  .meta({ id: 'CadreSummary' });

const cadreSchema = cadreSummarySchema
  .extend({
    politicalTheory: z.enum(POLITICAL_THEORY_LEVELS).nullable(),
    qualification: z.string().nullable(),
    nextSalaryRaiseDate: z.string().nullable().meta({ description: 'When the next raise on the salary scale is due; sets the early raise of relocation support.' }),
    createdAt: z.string(),
    positions: z
      .array(z.object({ unitId: z.string(), title: z.string(), retainedByCaseId: z.string().nullable() }))
      .meta({ description: 'Positions the cadre holds; a retained one is kept for them while they are rotated away.' }),
    planning: planningListSchema,
    corrections: z.array(correctionSchema).meta({ description: "Corrections made to the cadre's data, oldest first: who changed which fields from what to what." }),
  })
  .meta({ id: 'Cadre' });

export const cadreEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/cadres',
    summary: 'Add a cadre',
    description:
      "For an admin over the cadre's current unit. Records a cadre (name, sex, birth date, home and current unit, current position) so that a rotation can be proposed for them.",
    tag: 'reference data',
    request: z.object({
      body: z.object({
        fullName: line('name'),
        birthDate,
        sex: z.enum(SEXES).meta({ description: 'Sets the statutory retirement age, hence the working time left.' }),
        homeUnitId: idOf('unit'),
        currentUnitId: idOf('unit'),
        currentPosition: line('position'),
        politicalTheory: z.enum(POLITICAL_THEORY_LEVELS).optional(),
        qualification: line('name').optional(),
        nextSalaryRaiseDate: caseDate.optional(),
      }),
    }),
    success: { status: 201, description: 'The cadre', schema: cadreSchema },
    problems: [403, 404],
    async handle({ body }, { user, deps: { prisma } }) {
      const current = await unitOr404(prisma, body.currentUnitId, 'currentUnitId');
      await unitOr404(prisma, body.homeUnitId, 'homeUnitId');
      requireRole(user, ['admin'], current.path);
      const cadre = await createCadre(prisma, {
        id: randomUUID(),
        fullName: body.fullName,
        birthDate: dateColumn(body.birthDate),
        sex: body.sex,
        homeUnitId: body.homeUnitId,
        currentUnitId: body.currentUnitId,
        currentPosition: body.currentPosition,
        politicalTheory: body.politicalTheory ?? null,
        qualification: body.qualification ?? null,
        nextSalaryRaiseDate: body.nextSalaryRaiseDate === undefined ? null : dateColumn(body.nextSalaryRaiseDate),
      });
      return cadreView(cadre, [], [], []);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/cadres/:id',
    summary: 'A cadre and the positions they hold',
    description:
      "For the cadre themself, or a user with any role over the cadre's current or home unit. Returns the cadre with the positions they hold and their planning records.",
    tag: 'reference data',
    request: z.object({ params: idParams('cadre') }),
    success: { status: 200, description: 'The cadre', schema: cadreSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const cadre = await cadreOr404(prisma, params.id);
      if (user.cadreId !== cadre.id) {
        const units = await prisma.unit.findMany({ where: { id: { in: [cadre.currentUnitId, cadre.homeUnitId] } }, select: { path: true } });
        requireRoleOnAny(
          user,
          ROLES,
          units.map((u) => u.path),
        );
      }
      return fullCadreView(prisma, cadre);
    },
  }),

  endpoint({
    method: 'patch',
    path: '/v1/cadres/:id',
    summary: "Correct a cadre's recorded data: name, birth date, sex or home unit (admin over the cadre's units)",
    description:
      "For an admin over the cadre's current or home unit (and over the new home unit, when it changes). Corrects the fields given and records who changed what (never one's own record: 403); the current post is not corrected here, rotations change it. The home unit cannot change while a case of the cadre is open (409).",
    tag: 'reference data',
    request: z.object({
      params: idParams('cadre'),
      body: z.object({
        fullName: line('name').optional(),
        birthDate: birthDate.optional(),
        sex: z.enum(SEXES).optional().meta({ description: 'Sets the statutory retirement age, hence the working time left of later proposals.' }),
        homeUnitId: idOf('unit').optional(),
      }),
    }),
    success: { status: 200, description: 'The cadre, corrected', schema: cadreSchema },
    problems: [403, 404, 409],
    async handle({ params, body }, { user, deps: { prisma } }) {
      const cadre = await cadreOr404(prisma, params.id);
      await requireAdminOverCadre(prisma, user, cadre);
      // Sex and birth date decide the working time left: an admin linked to the cadre could pass the rule for themself.
      if (user.cadreId === cadre.id) throw forbidden(refusalText('own_record'));
      if (body.homeUnitId !== undefined && body.homeUnitId !== cadre.homeUnitId) {
        const home = await unitOr404(prisma, body.homeUnitId, 'homeUnitId');
        requireRole(user, ['admin'], home.path);
      }
      const changes = changesOf(cadre, body);
      if (Object.keys(changes).length === 0) return fullCadreView(prisma, cadre);
      try {
        return await fullCadreView(prisma, await correctCadre(prisma, cadre.id, changes, user.id));
      } catch (err) {
        if (err instanceof HomeUnitUnderOpenCase) {
          const detail = refusalText('home_unit_under_open_case', { caseId: err.caseId });
          throw new HttpProblem(409, detail, [{ path: 'homeUnitId', message: detail }]);
        }
        throw err;
      }
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/cadres',
    summary: 'Cadres working in or coming from a unit your roles reach, by name (any role); a page sorted by name',
    description: 'For any signed-in user. Lists the cadres working in or coming from the units their roles reach, by `unitId` and name (`q`), a page at a time.',
    tag: 'reference data',
    request: z.object({
      query: z.object({
        ...nameSearchQuery,
        unitId: idOf('unit').optional().meta({ description: 'Only cadres working at or below this unit.' }),
        ...keyPageQuery(['string', 'string']),
      }),
    }),
    success: { status: 200, description: 'A page of cadres', schema: pageSchema(cadreSummarySchema) },
    problems: [404],
    async handle({ query }, { user, deps: { prisma } }) {
      if (query.unitId !== undefined) await unitOr404(prisma, query.unitId, 'unitId');
      const found = await searchCadres(prisma, { scopeUnitIds: scopeUnitIds(user, ROLES), unitId: query.unitId, q: query.q });
      return pageByKey(found, (c) => [c.folded, c.id], query.cursor, query.limit, cadreSummary);
    },
  }),
];
