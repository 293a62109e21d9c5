// Reports computed from counts, never from typed percentages, and the reviews of the cases a
// caller oversees, with their status as it stands now.
import { z } from 'zod';
import { DEFAULT_NON_LOCAL_TARGET, isNonLocalSecretary, nonLocalTally } from '../../domain/non-local-secretaries';
import { ancestorIds } from '../../domain/units';
import { daysOverdue, reviewsAt } from '../../domain/term';
import { type CaseReview, type CaseStatus, REVIEW_RATINGS, REVIEW_STATUSES, type ReviewStatus, type Role } from '../../domain/types';
import type { PrismaClient, Unit } from '../../generated/prisma/client';
import { type CaseRecord, visibleCases } from '../cases';
import { type SortKey, compareKeys, keyPageQuery, pageByKey } from '../cursor';
import { endpoint } from '../endpoint';
import { unitOr404 } from '../lookups';
import { idOf, pageSchema } from '../schemas';
import { communesUnder } from '../../store/units';
import { type Principal, requireRole } from '../scope';

const tallySchema = z
  .object({
    unitId: z.string(),
    name: z.string(),
    communes: z.number().int(),
    nonLocal: z.number().int(),
    ratio: z.number(),
    target: z.number(),
    meetsTarget: z.boolean(),
  })
  .meta({ id: 'NonLocalSecretaryTally' });

/** Who may see the non-local-secretary report of a unit. */
export const NON_LOCAL_REPORT_ROLES: readonly Role[] = ['organizer', 'admin', 'secretary', 'committee_member'];
/** Who oversees the reviews of the cases whose sending or receiving unit they reach. */
export const REVIEW_REPORT_ROLES: readonly Role[] = ['organizer', 'reviewer', 'secretary', 'committee_member', 'admin'];
/** Statuses in which a case has (had) reviews. */
const REVIEWED_STATUSES: readonly CaseStatus[] = ['active', 'completed', 'terminated'];

const reviewItemSchema = z
  .object({
    rotationId: z.string(),
    cadreId: z.string(),
    cadreName: z.string(),
    toUnitId: z.string(),
    toUnitName: z.string(),
    seq: z.number().int(),
    dueAt: z.string().meta({ description: 'The start of the due day in Vietnam.' }),
    status: z.enum(REVIEW_STATUSES),
    daysOverdue: z.number().int().meta({ description: 'Whole days past the due date of an overdue review; 0 otherwise.' }),
    rating: z.enum(REVIEW_RATINGS).optional(),
    doneAt: z.string().optional(),
  })
  .meta({ id: 'ReviewReportItem' });

export interface ReviewRow {
  c: CaseRecord;
  review: CaseReview;
  /** When its status was taken: now, or when its case ended. */
  at: string;
}

/**
 * The reviews of a case with their status: live while the case runs; for an ended case, as they
 * stood when it ended, leaving out those that had not become overdue by then (they will never
 * be held, and nobody is late with them).
 */
function reviewRows(c: CaseRecord, now: string): ReviewRow[] {
  const at = c.state.endedAt ?? now;
  const ended = c.state.endedAt !== null;
  return reviewsAt(c.state, at)
    .filter((review) => !ended || review.status === 'done' || review.status === 'overdue')
    .map((review) => ({ c, review, at }));
}

const reviewKey = ({ c, review }: ReviewRow): SortKey => [new Date(review.dueAt).toISOString(), c.row.id, review.seq];

export async function reviewReport(prisma: PrismaClient, rows: readonly ReviewRow[]) {
  const [cadres, units] = await Promise.all([
    prisma.cadre.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.c.row.cadreId))] } }, select: { id: true, fullName: true } }),
    prisma.unit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.c.row.toUnitId))] } }, select: { id: true, name: true } }),
  ]);
  const cadreNames = new Map(cadres.map((c) => [c.id, c.fullName]));
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  return ({ c, review, at }: ReviewRow): ReviewReportItem => ({
    rotationId: c.row.id,
    cadreId: c.row.cadreId,
    cadreName: cadreNames.get(c.row.cadreId) ?? '',
    toUnitId: c.row.toUnitId,
    toUnitName: unitNames.get(c.row.toUnitId) ?? '',
    seq: review.seq,
    dueAt: review.dueAt,
    status: review.status,
    daysOverdue: review.status === 'overdue' ? daysOverdue(review.dueAt, at) : 0,
    ...(review.rating ? { rating: review.rating } : {}),
    ...(review.doneAt ? { doneAt: review.doneAt } : {}),
  });
}

export type NonLocalSecretaryTally = z.output<typeof tallySchema>;
export type ReviewReportItem = z.output<typeof reviewItemSchema>;

/**
 * The non-local-secretary tally of each child unit of `unitId` and of the unit itself, for a
 * user whose role reaches it (403 otherwise, 404 for an unknown unit).
 */
export async function nonLocalSecretaryReport(prisma: PrismaClient, user: Principal, unitId: string, target: number = DEFAULT_NON_LOCAL_TARGET) {
  const unit = await unitOr404(prisma, unitId, 'unitId');
  requireRole(user, NON_LOCAL_REPORT_ROLES, unit.path);
  const [children, communes] = await Promise.all([prisma.unit.findMany({ where: { parentId: unit.id }, orderBy: { code: 'asc' } }), communesUnder(prisma, unit.path)]);
  const depth = ancestorIds(unit.path).length;
  const counts = new Map<string, { communes: number; nonLocal: number }>(children.map((c) => [c.id, { communes: 0, nonLocal: 0 }]));
  let nonLocal = 0;
  for (const commune of communes) {
    const isNonLocal = isNonLocalSecretary(commune.id, commune.homePath);
    if (isNonLocal) nonLocal++;
    const child = counts.get(ancestorIds(commune.path)[depth]);
    if (child) {
      child.communes++;
      if (isNonLocal) child.nonLocal++;
    }
  }
  const tally = (u: Unit, c: { communes: number; nonLocal: number }): NonLocalSecretaryTally => ({ unitId: u.id, name: u.name, ...nonLocalTally(c.communes, c.nonLocal, target) });
  return {
    unit,
    items: children.map((c) => tally(c, counts.get(c.id)!)),
    total: tally(unit, { communes: communes.length, nonLocal }),
  };
}

/** Every review of the cases the user oversees (under `unitId` when given), earliest due first. */
export async function reviewRowsFor(prisma: PrismaClient, user: Principal, query: { status?: ReviewStatus; unitId?: string }): Promise<ReviewRow[]> {
  if (query.unitId !== undefined) {
    const unit = await unitOr404(prisma, query.unitId, 'unitId');
    requireRole(user, REVIEW_REPORT_ROLES, unit.path);
  }
  const now = new Date().toISOString();
  const cases = await visibleCases(prisma, user, { statuses: REVIEWED_STATUSES, underUnitId: query.unitId, viaRoles: REVIEW_REPORT_ROLES });
  const wanted = (status: ReviewStatus) => query.status === undefined || status === query.status;
  const rows = cases.flatMap((c) => reviewRows(c, now)).filter((r) => wanted(r.review.status));
  return rows.sort((a, b) => compareKeys(reviewKey(a), reviewKey(b)));
}

export const reportEndpoints = [
  endpoint({
    method: 'get',
    path: '/v1/reports/non-local-secretaries',
    summary: 'Communes whose party secretary is not local, for each child unit of `unitId` and in total',
    description:
      'For an organizer, admin, secretary or committee member over `unitId`. Counts, for the unit and each child unit, the communes whose party secretary is not local, against the target.',
    tag: 'reports',
    request: z.object({
      query: z.object({ unitId: idOf('unit'), target: z.coerce.number().min(0).max(1).default(DEFAULT_NON_LOCAL_TARGET) }),
    }),
    success: { status: 200, description: 'The tallies', schema: z.object({ items: z.array(tallySchema), total: tallySchema }) },
    problems: [403, 404],
    async handle({ query }, { user, deps: { prisma } }) {
      const { items, total } = await nonLocalSecretaryReport(prisma, user, query.unitId, query.target);
      return { items, total };
    },
  }),
  endpoint({
    method: 'get',
    path: '/v1/reports/reviews',
    summary: 'Reviews of the cases you oversee, earliest due first, with their status as it stands now',
    description:
      'For any signed-in user: the reviews of the cases they oversee as organizer, reviewer, secretary, committee member or admin (with `unitId`, one of these roles over that unit). Lists each review with its due date and status now.',
    tag: 'reports',
    request: z.object({
      query: z.object({
        status: z.enum(REVIEW_STATUSES).optional(),
        unitId: idOf('unit').optional().meta({ description: 'Cases whose sending or receiving unit is at or below this one.' }),
        ...keyPageQuery(['instant', 'id', 'number']),
      }),
    }),
    success: { status: 200, description: 'A page of reviews', schema: pageSchema(reviewItemSchema) },
    problems: [403, 404],
    async handle({ query }, { user, deps: { prisma } }) {
      const rows = await reviewRowsFor(prisma, user, query);
      const page = pageByKey(rows, reviewKey, query.cursor, query.limit, (r) => r);
      const view = await reviewReport(prisma, page.items);
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  }),
];
