// The support policy for rotated cadres: amounts change over time, so each change is a new
// version and cases keep the version they were decided under.
import { z } from 'zod';
import { DEFAULT_OFFICIAL_HOUSING_MIN_KM } from '../../domain/support';
import { TASK_QUEUE, UNIT_AREAS, UNIT_KINDS, supportWorkflowIdFor } from '../../domain/types';
import type { SupportPolicy } from '../../generated/prisma/client';
import type { supportWorkflow } from '../../workflows';
import { supportPolicySaved } from '../../workflows/definitions';
import type { AppDeps } from '../deps';
import { endpoint } from '../endpoint';
import { conflict } from '../problem';
import { dateColumn, dateOnly, policyTerms } from '../../store/columns';
import { isUniqueViolation } from '../../store/prisma-errors';
import { caseDate, worded } from '../schemas';
import { requireGlobalRole } from '../scope';
import { addSupportPolicyVersion, supportsWaitingForPolicy } from '../../store/support';
import { withinDeadline } from '../temporal-deadline';
import { refusalText } from '../../domain/refusal-texts';

const vnd = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const transportTier = z.object({ maxKm: z.number().positive(), monthlyVnd: vnd });
const km = z.number().min(0).max(10_000);
const oneTimeEntry = z
  .object({
    from: z.enum(UNIT_KINDS).meta({ description: 'Kind of the sending unit.' }),
    to: z.enum(UNIT_KINDS).meta({ description: 'Kind of the receiving unit.' }),
    minKm: km.optional().meta({ description: 'Applies when the home lies at least this far from the receiving unit.' }),
    maxKm: km.optional().meta({ description: 'Applies when the home lies less than this far.' }),
    area: z.enum(UNIT_AREAS).optional().meta({ description: 'Applies when the receiving unit lies in this area.' }),
    amountVnd: vnd,
  })
  .refine((e) => e.minKm === undefined || e.maxKm === undefined || e.minKm < e.maxKm, { ...worded(refusalText('km_order')), path: ['maxKm'] });
const officialHousingMinKm = z
  .object({ mountain_remote: km, other: km })
  .meta({ description: 'Official housing needs the home at least this far from the receiving unit, by its area (QĐ 45/2025/QĐ-TTg: 10 and 30 km).' });

/** The conditions of an entry: two entries with the same ones could not be told apart. */
const conditionsOf = (e: z.output<typeof oneTimeEntry>) => JSON.stringify([e.from, e.to, e.minKm ?? null, e.maxKm ?? null, e.area ?? null]);

function policyView(p: SupportPolicy) {
  return { ...policyTerms(p), createdAt: p.createdAt.toISOString(), createdBy: p.createdBy };
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
    oneTimeByDirection: z.array(oneTimeEntry),
    earlyRaiseRequiresExcellent: z.boolean(),
    officialHousingMinKm,
    createdAt: z.string(),
    createdBy: z.string().meta({ description: 'Id of the user who saved this version.' }),
  })
  .meta({ id: 'SupportPolicy' });

/** Versions are numbered in order; two saved at once: the second is asked to send again. */
export async function saveVersion<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(refusalText('version_saved_concurrently'));
    throw err;
  }
}

/**
 * A version in force on the signing date of cases whose support waits for a policy plans their
 * support: each support workflow is told (started again if it ended on earlier code). A support
 * not reached now is logged; the next version saved tells it again.
 */
async function planWaitingSupports(deps: AppDeps, effectiveFrom: string): Promise<void> {
  for (const input of await supportsWaitingForPolicy(deps.prisma, effectiveFrom)) {
    try {
      await withinDeadline(deps, () =>
        deps.temporal.workflow.signalWithStart<typeof supportWorkflow>('supportWorkflow', {
          taskQueue: TASK_QUEUE,
          workflowId: supportWorkflowIdFor(input.caseId),
          args: [input],
          signal: supportPolicySaved,
          signalArgs: [],
        }),
      );
    } catch (err) {
      deps.logger.warn({ caseId: input.caseId, err: String(err) }, 'a support waiting for a policy was not told of the new version');
    }
  }
}

export const policyEndpoints = [
  endpoint({
    method: 'put',
    path: '/v1/policies/support',
    summary: 'Save a new version of the support policy (older versions stay)',
    description: 'For a global admin. Saves a new version of the relocation support policy from its effective date; cases decided before keep the version they were decided under.',
    tag: 'reference data',
    request: z.object({
      body: z.object({
        effectiveFrom: caseDate,
        oneTimeVnd: vnd.meta({ description: 'The one-time amount where no entry of oneTimeByDirection applies.' }),
        oneTimeByDirection: z
          .array(oneTimeEntry)
          .max(50)
          .refine((entries) => new Set(entries.map(conditionsOf)).size === entries.length, worded(refusalText('policy_entry_once')))
          .default([])
          .meta({ description: 'One-time amounts by direction; the most specific entry that applies wins (area, then the highest minKm, then the lowest maxKm).' }),
        monthlySupplementVnd: vnd,
        housingAllowanceVnd: vnd,
        transportTiers: z
          .array(transportTier)
          .max(20)
          .refine((tiers) => new Set(tiers.map((t) => t.maxKm)).size === tiers.length, worded(refusalText('max_km_once')))
          .transform((tiers) => [...tiers].sort((a, b) => a.maxKm - b.maxKm)),
        earlySalaryRaise: z.boolean(),
        earlyRaiseRequiresExcellent: z.boolean().default(true).meta({ description: 'The early salary raise waits for an evaluation of the cadre rated excellent.' }),
        officialHousingMinKm: officialHousingMinKm.default(DEFAULT_OFFICIAL_HOUSING_MIN_KM),
      }),
    }),
    success: { status: 201, description: 'The new version', schema: policySchema },
    problems: [403, 409],
    async handle({ body }, { user, deps }) {
      const { prisma } = deps;
      requireGlobalRole(user, ['admin']);
      const saved = await saveVersion(async () =>
        addSupportPolicyVersion(prisma, {
          effectiveFrom: dateColumn(body.effectiveFrom),
          oneTimeVnd: BigInt(body.oneTimeVnd),
          monthlySupplementVnd: BigInt(body.monthlySupplementVnd),
          housingAllowanceVnd: BigInt(body.housingAllowanceVnd),
          transportTiers: body.transportTiers,
          earlySalaryRaise: body.earlySalaryRaise,
          oneTimeByDirection: body.oneTimeByDirection,
          earlyRaiseRequiresExcellent: body.earlyRaiseRequiresExcellent,
          officialHousingMinKmMountainRemote: body.officialHousingMinKm.mountain_remote,
          officialHousingMinKmOther: body.officialHousingMinKm.other,
          createdBy: user.id,
        }),
      );
      await planWaitingSupports(deps, dateOnly(saved.effectiveFrom));
      return policyView(saved);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/policies/support',
    summary: 'Every version of the support policy, newest first',
    description: 'For any signed-in user. Lists every version of the relocation support policy.',
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
