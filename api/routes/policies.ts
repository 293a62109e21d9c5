// The support policy for rotated cadres: amounts change over time, so each change is a new
// version and cases keep the version they were decided under.
import { z } from 'zod';
import type { SupportPolicy } from '../../generated/prisma/client';
import { endpoint } from '../endpoint';
import { conflict } from '../problem';
import { isUniqueViolation } from '../prisma-errors';
import { calendarDate, dateColumn, dateOnly } from '../schemas';
import { requireGlobalRole } from '../scope';

const vnd = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const transportTier = z.object({ maxKm: z.number().positive(), monthlyVnd: vnd });

function policyView(p: SupportPolicy) {
  return {
    version: p.version,
    effectiveFrom: dateOnly(p.effectiveFrom),
    oneTimeVnd: Number(p.oneTimeVnd),
    monthlySupplementVnd: Number(p.monthlySupplementVnd),
    housingAllowanceVnd: Number(p.housingAllowanceVnd),
    transportTiers: p.transportTiers as z.infer<typeof transportTier>[],
    earlySalaryRaise: p.earlySalaryRaise,
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
  };
}

const policySchema = z
  .object({
    version: z.number().int(),
    effectiveFrom: z.string(),
    oneTimeVnd: z.number().int(),
    monthlySupplementVnd: z.number().int(),
    housingAllowanceVnd: z.number().int(),
    transportTiers: z.array(transportTier),
    earlySalaryRaise: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string().meta({ description: 'Id of the user who saved this version.' }),
  })
  .meta({ id: 'SupportPolicy' });

export const policyEndpoints = [
  endpoint({
    method: 'put',
    path: '/v1/policies/support',
    summary: 'Save a new version of the support policy (older versions stay)',
    tag: 'reference data',
    request: z.object({
      body: z.object({
        effectiveFrom: calendarDate,
        oneTimeVnd: vnd,
        monthlySupplementVnd: vnd,
        housingAllowanceVnd: vnd,
        transportTiers: z
          .array(transportTier)
          .max(20)
          .refine((tiers) => new Set(tiers.map((t) => t.maxKm)).size === tiers.length, 'each maxKm may appear once')
          .transform((tiers) => [...tiers].sort((a, b) => a.maxKm - b.maxKm)),
        earlySalaryRaise: z.boolean(),
      }),
    }),
    success: { status: 201, description: 'The new version', schema: policySchema },
    problems: [403, 409],
    async handle({ body }, { user, deps: { prisma } }) {
      requireGlobalRole(user, ['admin']);
      try {
        const saved = await prisma.$transaction(async (tx) => {
          const { _max } = await tx.supportPolicy.aggregate({ _max: { version: true } });
          return tx.supportPolicy.create({
            data: {
              version: (_max.version ?? 0) + 1,
              effectiveFrom: dateColumn(body.effectiveFrom),
              oneTimeVnd: BigInt(body.oneTimeVnd),
              monthlySupplementVnd: BigInt(body.monthlySupplementVnd),
              housingAllowanceVnd: BigInt(body.housingAllowanceVnd),
              transportTiers: body.transportTiers,
              earlySalaryRaise: body.earlySalaryRaise,
              createdBy: user.id,
            },
          });
        });
        return policyView(saved);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('another version was saved at the same moment; send it again');
        throw err;
      }
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/policies/support',
    summary: 'Every version of the support policy, newest first',
    tag: 'reference data',
    request: z.object({}),
    success: { status: 200, description: 'The versions', schema: z.object({ items: z.array(policySchema), nextCursor: z.null() }) },
    problems: [],
    async handle(_input, { deps: { prisma } }) {
      const versions = await prisma.supportPolicy.findMany({ orderBy: { version: 'desc' } });
      return { items: versions.map(policyView), nextCursor: null };
    },
  }),
];
