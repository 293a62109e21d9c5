// Planning toward the non-local-secretary target: what each unit below it needs, and who could go.
import { z } from 'zod';
import { DEFAULT_NON_LOCAL_TARGET } from '../../domain/non-local-secretaries';
import { secretaryPlanning } from '../../domain/secretary-planning';
import type { Role } from '../../domain/types';
import type { PrismaClient } from '../../generated/prisma/client';
import { nationalRulesOn } from '../../store/national-rules';
import { planningCadresUnder, planningCommunesUnder, unitAndChildren } from '../../store/secretary-planning';
import { endpoint } from '../endpoint';
import { unitOr404 } from '../lookups';
import { idOf, today } from '../schemas';
import { type Principal, requireRole } from '../scope';

/** Who may see the planning of a unit: an organizer or admin over it. */
export const PLANNING_ROLES: readonly Role[] = ['organizer', 'admin'];

const candidateSchema = z
  .object({
    cadreId: z.string(),
    fullName: z.string(),
    score: z.number().int().meta({ description: 'Political theory (advanced 3, intermediate 2, basic 1, none 0) × 10 + whole years since the cadre was recorded, at most 10.' }),
    reasons: z.array(z.string()).meta({ description: 'What the score is made of, in Vietnamese.' }),
  })
  .meta({ id: 'SecretaryCandidate' });

const itemSchema = z
  .object({
    unitId: z.string(),
    name: z.string(),
    communes: z.number().int(),
    nonLocal: z.number().int(),
    needed: z.number().int().meta({ description: 'The fewest more non-local secretaries that bring the unit to the target.' }),
    localCommunes: z.array(z.object({ unitId: z.string(), name: z.string(), candidates: z.array(candidateSchema).max(5) })),
  })
  .meta({ id: 'SecretaryPlanningItem' });

/** The unit and each of its children below the target, for an organizer or admin over the unit. */
export async function nonLocalSecretaryPlanning(prisma: PrismaClient, user: Principal, unitId: string, target: number = DEFAULT_NON_LOCAL_TARGET) {
  const unit = await unitOr404(prisma, unitId, 'unitId');
  requireRole(user, PLANNING_ROLES, unit.path);
  const on = today();
  const [rules, units, communes, cadres] = await Promise.all([
    nationalRulesOn(prisma, on),
    unitAndChildren(prisma, unit),
    planningCommunesUnder(prisma, unit.path),
    planningCadresUnder(prisma, unit.path),
  ]);
  return secretaryPlanning(rules, units, communes, cadres, on, target);
}

export const planningEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/planning/non-local-secretaries',
    summary: 'For `unitId` and each child unit below the non-local-secretary target: how many more it needs, and ranked candidates for its communes with a local secretary',
    description:
      'For an organizer or admin over `unitId`. For the unit and each child unit below the non-local-secretary target, tells how many more non-local secretaries it needs and ranks eligible candidates for its communes with a local secretary.',
    tag: 'reports',
    request: z.object({
      query: z.object({ unitId: idOf('unit'), target: z.coerce.number().min(0).max(1).default(DEFAULT_NON_LOCAL_TARGET) }),
    }),
    success: { status: 200, description: 'The units below the target', schema: z.object({ items: z.array(itemSchema) }) },
    problems: [403, 404],
    async handle({ query }, { user, deps: { prisma } }) {
      return { items: await nonLocalSecretaryPlanning(prisma, user, query.unitId, query.target) };
    },
  }),
];
