// The national rules' thresholds, as versions an admin saves, and the planning list the rules read.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { COUNT_LIMITS } from '../../domain/limits';
import { refusalText } from '../../domain/refusal-texts';
import { NATIONAL_RULES, SEXES, nationalRulesRefusal } from '../../domain/national-rules';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';
import { DOCUMENT_KINDS, UNIT_KINDS } from '../../domain/types';
import { findPlanningRecord, nationalRulesOf, nationalRulesVersions, recordPlanning, saveNationalRules, withdrawPlanning } from '../../store/national-rules';
import { endpoint } from '../endpoint';
import { cadreOr404, unitOr404 } from '../lookups';
import { conflict, notFound, ruleViolation } from '../problem';
import { caseDate, calendarDate, idOf, idParams, line, text } from '../schemas';
import { requireGlobalRole, requireRole } from '../scope';
import { saveVersion } from './policies';

const months = z.number().int().min(0).max(1200);
const titles = z.array(line('position')).max(COUNT_LIMITS.postsPerKind);
const schedule = z.object({
  beforeMonths: months,
  fromYear: z.number().int().min(1900).max(2200),
  startMonths: months,
  stepMonths: z.number().int().min(0).max(12),
  finalMonths: months,
});

const rulesConfig = z.object({
  minimumTermMonths: z.number().int().min(1).max(60),
  workingTimeLeft: z.object({ minMonths: months, nonLocalHeadMinMonths: months }),
  retirementAge: z.object(Object.fromEntries(SEXES.map((s) => [s, schedule])) as Record<(typeof SEXES)[number], typeof schedule>),
  posts: z.object(Object.fromEntries(UNIT_KINDS.map((k) => [k, titles])) as Record<(typeof UNIT_KINDS)[number], typeof titles>),
  titleEquivalences: z.array(z.array(line('position')).min(2).max(COUNT_LIMITS.postsPerKind)).max(COUNT_LIMITS.postsPerKind),
  dossier: z
    .object({
      required: z.array(z.enum(DOCUMENT_KINDS)).max(DOCUMENT_KINDS.length),
      maxAgeMonths: z.partialRecord(z.enum(DOCUMENT_KINDS), z.number().int().min(1).max(120)),
    })
    .default(DEFAULT_DOSSIER_RULES)
    .meta({
      description:
        'The documents a case must hold before its endorsement, and those that count only when recent (default: the national list, the health certificate within 6 months).',
    }),
});

const rulesSchema = rulesConfig
  .extend({ version: z.number().int(), effectiveFrom: z.string(), createdAt: z.string(), createdBy: z.string() })
  .meta({ id: 'NationalRules', description: `Thresholds of the national rules (${NATIONAL_RULES.join(', ')}); version 0 is the built-in default.` });

const planningSchema = z
  .object({
    id: z.string(),
    cadreId: z.string(),
    title: z.string(),
    unitId: z.string(),
    from: z.string(),
    to: z.string(),
    decisionNumber: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    withdrawn: z
      .object({ at: z.string(), by: z.string(), reason: z.string() })
      .nullable()
      .meta({ description: 'Who withdrew the record as entered by mistake, when and why; a withdrawn record no longer counts for the planning_list rule.' }),
  })
  .meta({ id: 'PlanningRecord' });

export const planningListSchema = z.array(planningSchema).meta({ description: 'The titles the cadre is planned for (quy hoạch), with their periods and decisions.' });

export const nationalRuleEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/national-rules',
    summary: 'Save a new version of the national rules (older versions stay; the one in force on a proposal day applies)',
    description:
      'For a global admin. Saves a new version of the national rules (planning list, working time left, minimum term, posts) from its effective date; a proposal is checked against the version in force on its day.',
    tag: 'reference data',
    request: z.object({ body: rulesConfig.extend({ effectiveFrom: caseDate }) }),
    success: { status: 201, description: 'The new version', schema: rulesSchema },
    problems: [403, 409, 422],
    async handle({ body }, { user, deps: { prisma } }) {
      requireGlobalRole(user, ['admin']);
      const { effectiveFrom, ...config } = body;
      const problem = nationalRulesRefusal(config);
      if (problem) throw ruleViolation(problem, problem.en.split(':')[0]);
      return nationalRulesOf(await saveVersion(() => saveNationalRules(prisma, config, effectiveFrom, user.id)));
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/national-rules',
    summary: 'Every saved version of the national rules, newest first (none: the built-in default applies)',
    description: 'For any signed-in user. Lists every saved version of the national rules.',
    tag: 'reference data',
    request: z.object({}),
    success: { status: 200, description: 'The versions', schema: z.object({ items: z.array(rulesSchema), nextCursor: z.null() }) },
    problems: [],
    async handle(_input, { deps: { prisma } }) {
      return { items: await nationalRulesVersions(prisma), nextCursor: null };
    },
  }),

  endpoint({
    method: 'post',
    path: '/v1/planning-records',
    summary: 'Record a cadre in the planning list for a title (organizer or admin over the unit)',
    description:
      'For an organizer or admin over the unit. Records that a cadre is planned for a title over a period, which the planning_list rule reads when a rotation is proposed.',
    tag: 'reference data',
    request: z.object({
      body: z.object({
        cadreId: idOf('cadre'),
        title: line('position'),
        unitId: idOf('unit').meta({ description: 'The unit whose planning list it is.' }),
        from: calendarDate,
        to: calendarDate,
        decisionNumber: line('reference'),
      }),
    }),
    success: { status: 201, description: 'The planning record', schema: planningSchema },
    problems: [403, 404, 422],
    async handle({ body }, { user, deps: { prisma } }) {
      await cadreOr404(prisma, body.cadreId, 'cadreId');
      const unit = await unitOr404(prisma, body.unitId, 'unitId');
      requireRole(user, ['organizer', 'admin'], unit.path);
      if (body.to < body.from) throw ruleViolation(refusalText('period_ends_before'), 'to');
      return recordPlanning(prisma, { id: randomUUID(), ...body, createdBy: user.id });
    },
  }),

  endpoint({
    method: 'post',
    path: '/v1/planning-records/:id/withdraw',
    summary: 'Withdraw a planning record entered by mistake (organizer or admin over its unit)',
    description:
      "For an organizer or admin over the record's unit. Withdraws the record with a reason: it stays on the cadre, shown as withdrawn (who, when, why), and the planning_list rule no longer counts it. 409 when it is already withdrawn.",
    tag: 'reference data',
    request: z.object({ params: idParams('planning record'), body: z.object({ reason: text('reason') }) }),
    success: { status: 200, description: 'The planning record, withdrawn', schema: planningSchema },
    problems: [403, 404, 409],
    async handle({ params, body }, { user, deps: { prisma } }) {
      const record = await findPlanningRecord(prisma, params.id);
      if (!record) throw notFound('planning record');
      const unit = await unitOr404(prisma, record.unitId);
      requireRole(user, ['organizer', 'admin'], unit.path);
      const withdrawn = await withdrawPlanning(prisma, record.id, { by: user.id, reason: body.reason });
      if (!withdrawn) throw conflict(refusalText('planning_already_withdrawn'));
      return withdrawn;
    },
  }),
];
