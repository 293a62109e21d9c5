// Proposing a rotation, and reading cases.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { requireNotOwnCase } from '../../domain/duties';
import { initialCaseState } from '../../domain/rotation-case';
import { REVIEW_INTERVAL_MONTHS, TERM_MONTHS, checkProposal, reviewIntervalRefusal, termMonthsRefusal } from '../../domain/proposal';
import { lowestCommonUnit } from '../../domain/units';
import { NATIONAL_RULES, type NationalRules, type RuleException, type Sex, checkNationalRules } from '../../domain/national-rules';
import { nationalRulesOn, planningOf, postHolder } from '../../store/national-rules';
import { yearsFrom } from '../../domain/calendar';
import { countsWorkingDays } from '../../domain/deadlines';
import { readWorkingCalendar } from '../../store/calendar';
import { OpenCaseExists, hasOpenCase, recordProposal, startCaseWorkflow } from '../../store/proposals';
import { CASE_STATUSES, type CaseInput, type CaseState } from '../../domain/types';
import type { Cadre, CaseEvent, PrismaClient, Unit } from '../../generated/prisma/client';
import { caseSummary, caseSummarySchema, caseView, caseViewSchema, loadCaseView, loadCurrentHolder } from '../case-view';
import { visibleCases } from '../cases';
import { pageOf, pageQuery } from '../cursor';
import { endpoint } from '../endpoint';
import { cadreOr404, decidingUnitOf, unitOr404 } from '../lookups';
import { conflict, forbidden, ruleViolation } from '../problem';
import { caseDate, customIssue, idOf, idParams, line, pageSchema, text, today, worded } from '../schemas';
import { type Principal, actorOf, reaches, requireRole } from '../scope';
import { dateOnly } from '../../store/columns';
import { visibleCaseOr403 } from '../cases';
import { faultPoint } from '../../infra/fault-points';
import { NOT_STARTED_SUPPORT, loadSupportViews, supportOf } from '../support';
import { withinDeadline } from '../temporal-deadline';
import { type Wording, refusalText } from '../../domain/refusal-texts';

/** A zod check that reports the message a domain rule gives. */
function ruleCheck(problem: (value: number) => Wording | null) {
  return (value: number, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue(customIssue(message));
  };
}

const proposal = z.object({
  cadreId: idOf('cadre'),
  fromUnitId: idOf('unit'),
  toUnitId: idOf('unit'),
  position: line('position'),
  termMonths: z.number().superRefine(ruleCheck(termMonthsRefusal)).meta({ type: 'integer', minimum: TERM_MONTHS.min, maximum: TERM_MONTHS.max }),
  reviewIntervalMonths: z
    .number()
    .superRefine(ruleCheck(reviewIntervalRefusal))
    .meta({ type: 'integer', minimum: REVIEW_INTERVAL_MONTHS.min, maximum: REVIEW_INTERVAL_MONTHS.max }),
  nonLocalSecretary: z.boolean(),
  reason: text('reason'),
  effectiveDate: caseDate.optional().meta({ description: 'Planned date; the signed decision sets the real one.' }),
  distanceKm: z.number().min(0).max(10_000).optional().meta({ description: 'From home to the receiving unit; sets the transport allowance.' }),
  officialHousing: z.boolean().default(false).meta({ description: 'Official housing asked for: instead of the housing allowance if home is officialHousingMinKm away or more.' }),
  exceptions: z
    .array(z.object({ rule: z.enum(NATIONAL_RULES), decisionNumber: line('reference'), reason: text('reason') }))
    .max(NATIONAL_RULES.length)
    .refine((list) => new Set(list.map((e) => e.rule)).size === list.length, worded(refusalText('exception_once')))
    .default([])
    .meta({ description: 'National rules the competent level excepts this case from, each by its recorded decision (an organizer of the deciding unit gives them).' }),
});

/** Exceptions are the deciding level's to give: an organizer over the unit whose committee decides the case. */
async function requireExceptionGiver(prisma: PrismaClient, user: Principal, from: Unit, to: Unit, exceptions: readonly RuleException[]): Promise<void> {
  if (exceptions.length === 0) return;
  const deciding = await decidingUnitOf(prisma, from.path, to.path);
  if (!deciding) throw ruleViolation(refusalText('no_exception_committee'), 'exceptions');
  if (!reaches(user, ['organizer'], deciding.path)) throw forbidden(refusalText('exception_giver', { unit: deciding.name }));
}

/** The national rules in force today, with the exceptions given. */
/** The national rules in force today, once the proposal meets them (422 naming the rule otherwise). */
async function requireNationalRules(prisma: PrismaClient, cadre: Cadre, to: Unit, body: ProposalBody): Promise<NationalRules> {
  const proposedOn = today();
  const [rules, planning, holder] = await Promise.all([
    nationalRulesOn(prisma, proposedOn),
    planningOf(prisma, cadre.id, { counted: true }),
    postHolder(prisma, to.id, body.position),
  ]);
  checkNationalRules(
    rules,
    {
      planning,
      proposedOn,
      sex: cadre.sex as Sex,
      birthDate: dateOnly(cadre.birthDate),
      effectiveDate: body.effectiveDate ?? proposedOn,
      makesHeadNonLocal: body.nonLocalSecretary,
      termMonths: body.termMonths,
      unitKind: to.kind,
      position: body.position,
      retainedByCaseId: holder?.retainedByCaseId ?? null,
    },
    body.exceptions,
  );
  return rules;
}

export type ProposalBody = z.output<typeof proposal>;

/**
 * Every check a proposal passes before its case opens, changing nothing: who may propose, the
 * proposal rules, no open case for the cadre, who may give the exceptions, the national rules.
 * Throws the refusal the API answers with; the web app's "check" runs it alone.
 */
export async function checkRotationProposal(prisma: PrismaClient, user: Principal, body: ProposalBody): Promise<{ cadre: Cadre; from: Unit; to: Unit; rules: NationalRules }> {
  const cadre = await cadreOr404(prisma, body.cadreId, 'cadreId');
  requireNotOwnCase(user.cadreId, cadre.id, 'the proposal of their own rotation');
  const from = await unitOr404(prisma, body.fromUnitId, 'fromUnitId');
  const to = await unitOr404(prisma, body.toUnitId, 'toUnitId');
  requireRole(user, ['organizer'], from.path, to.path);
  const home = await unitOr404(prisma, cadre.homeUnitId);
  checkProposal({
    cadreCurrentUnitId: cadre.currentUnitId,
    cadreHomePath: home.path,
    fromUnitId: from.id,
    toUnitId: to.id,
    toUnitKind: to.kind,
    nonLocalSecretary: body.nonLocalSecretary,
    position: body.position,
  });
  if (await hasOpenCase(prisma, cadre.id)) throw openCaseConflict();
  await requireExceptionGiver(prisma, user, from, to, body.exceptions);
  const rules = await requireNationalRules(prisma, cadre, to, body);
  return { cadre, from, to, rules };
}

export const rotationEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/rotations',
    summary: 'Propose a rotation (organizer over both units); the case opens in consultation',
    description:
      'For an organizer over both the sending and the receiving unit who is not the cadre proposed; an exception to a national rule is given by an organizer of the deciding unit. Checks the national rules and opens the case in consultation.',
    tag: 'rotations',
    request: z.object({ body: proposal }),
    success: { status: 201, description: 'The new case', schema: caseViewSchema },
    problems: [403, 404, 409, 422, 503],
    async handle({ body }, { user, deps }) {
      const { prisma, config } = deps;
      const { cadre, from, to, rules } = await checkRotationProposal(prisma, user, body);

      const proposedAt = new Date().toISOString();
      const input: CaseInput = {
        id: randomUUID(),
        cadreId: cadre.id,
        fromUnitId: from.id,
        toUnitId: to.id,
        position: body.position,
        termMonths: body.termMonths,
        reviewIntervalMonths: body.reviewIntervalMonths,
        nonLocalSecretary: body.nonLocalSecretary,
        reason: body.reason,
        effectiveDate: body.effectiveDate ?? null,
        distanceKm: body.distanceKm ?? null,
        officialHousing: body.officialHousing,
        ...(body.exceptions.length ? { exceptions: body.exceptions } : {}),
        retainedPosition: { unitId: from.id, position: cadre.currentPosition },
        proposedBy: actorOf(user),
        proposedAt,
        deadlines: config.deadlines,
        dossierRules: rules.dossier,
        ...(countsWorkingDays(config.deadlines)
          ? { commonUnitId: lowestCommonUnit(from.path, to.path) ?? from.id, calendar: await readWorkingCalendar(prisma, yearsFrom(proposedAt)) }
          : {}),
      };
      const state = initialCaseState(input);
      const proposed = await recordedProposal(prisma, state, user.id);
      faultPoint('proposal-recorded');
      await startCaseWorkflow({ prisma, temporal: deps.temporal, withinDeadline: (call) => withinDeadline(deps, call) }, input);
      return caseView(state, [proposed], NOT_STARTED_SUPPORT, await loadCurrentHolder(prisma, state));
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/rotations/:id',
    summary: 'The whole case, with its history',
    description:
      'For any user who may see the case (a role over either unit, the rotated cadre, a member of the deciding committee, a follow-up owner, or their delegate). Returns the whole case with its history.',
    tag: 'rotations',
    request: z.object({ params: idParams('rotation case') }),
    success: { status: 200, description: 'The case', schema: caseViewSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const c = await visibleCaseOr403(prisma, user, params.id);
      return loadCaseView(prisma, c.state);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/rotations',
    summary: 'Cases you may see, oldest first',
    description: 'For any signed-in user. Lists the cases they may see, by status, unit or cadre, oldest first, a page at a time.',
    tag: 'rotations',
    request: z.object({
      query: z.object({
        status: z.enum(CASE_STATUSES).optional(),
        unitId: idOf('unit').optional().meta({ description: 'Sending or receiving unit at or below this one.' }),
        cadreId: idOf('cadre').optional(),
        ...pageQuery,
      }),
    }),
    success: { status: 200, description: 'A page of cases', schema: pageSchema(caseSummarySchema) },
    problems: [],
    async handle({ query }, { user, deps: { prisma } }) {
      if (query.unitId !== undefined) await unitOr404(prisma, query.unitId, 'unitId');
      if (query.cadreId !== undefined) await cadreOr404(prisma, query.cadreId, 'cadreId');
      const cases = await visibleCases(prisma, user, {
        statuses: query.status ? [query.status] : undefined,
        underUnitId: query.unitId,
        cadreId: query.cadreId,
        after: query.cursor,
        limit: query.limit + 1,
      });
      const rows = cases.map((c) => ({ createdAt: c.row.createdAt, id: c.row.id, state: c.state }));
      const supports = await loadSupportViews(
        prisma,
        rows.map((r) => r.id),
      );
      return pageOf(rows, query.limit, (r) => caseSummary(r.state, supportOf(supports, r.id)));
    },
  }),
];

function openCaseConflict() {
  return conflict(refusalText('open_case_exists'));
}

/** The proposal's rows; 409 when the cadre's open-case lock is taken. */
async function recordedProposal(prisma: PrismaClient, state: CaseState, userId: string): Promise<CaseEvent> {
  try {
    return await recordProposal(prisma, state, userId);
  } catch (err) {
    if (err instanceof OpenCaseExists) throw openCaseConflict();
    throw err;
  }
}
