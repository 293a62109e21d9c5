// The national rules' versions and the planning list, as the proposal and its routes read them.
import { DEFAULT_DOSSIER_RULES } from '../domain/dossier';
import { type NationalRules, type NationalRulesConfig, type PlannedTitle, rulesInForce } from '../domain/national-rules';
import type { NationalRulesVersion, PlanningRecord, Prisma, PrismaClient } from '../generated/prisma/client';
import { dateColumn, dateOnly } from './columns';

export function nationalRulesOf(row: NationalRulesVersion): NationalRules & { createdAt: string; createdBy: string } {
  // Versions saved before the dossier was part of them require the national list.
  const config = row.rules as unknown as Omit<NationalRulesConfig, 'dossier'> & Partial<Pick<NationalRulesConfig, 'dossier'>>;
  return {
    ...config,
    dossier: config.dossier ?? DEFAULT_DOSSIER_RULES,
    version: row.version,
    effectiveFrom: dateOnly(row.effectiveFrom),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** Every saved version, newest first. */
export async function nationalRulesVersions(prisma: PrismaClient): Promise<ReturnType<typeof nationalRulesOf>[]> {
  const rows = await prisma.nationalRulesVersion.findMany({ orderBy: { version: 'desc' } });
  return rows.map(nationalRulesOf);
}

/** The version in force on `date` (YYYY-MM-DD); the built-in default when none is. */
export async function nationalRulesOn(prisma: PrismaClient, date: string): Promise<NationalRules> {
  const rows = await prisma.nationalRulesVersion.findMany({
    where: { effectiveFrom: { lte: dateColumn(date) } },
    orderBy: [{ effectiveFrom: 'desc' }, { version: 'desc' }],
    take: 1,
  });
  return rulesInForce(rows.map(nationalRulesOf), date);
}

/** A new version numbered after the last; a unique violation when another was saved at the same moment. */
export async function saveNationalRules(prisma: PrismaClient, config: NationalRulesConfig, effectiveFrom: string, userId: string): Promise<NationalRulesVersion> {
  return prisma.$transaction(async (tx) => {
    const { _max } = await tx.nationalRulesVersion.aggregate({ _max: { version: true } });
    return tx.nationalRulesVersion.create({
      data: { version: (_max.version ?? 0) + 1, effectiveFrom: dateColumn(effectiveFrom), rules: structuredClone(config) as unknown as Prisma.InputJsonObject, createdBy: userId },
    });
  });
}

export interface PlanningRecordView extends PlannedTitle {
  id: string;
  cadreId: string;
  unitId: string;
  decisionNumber: string;
  createdAt: string;
  createdBy: string;
  /** Set once the record was withdrawn as entered by mistake: the planning list no longer counts it. */
  withdrawn: { at: string; by: string; reason: string } | null;
}

export function planningView(r: PlanningRecord): PlanningRecordView {
  return {
    id: r.id,
    cadreId: r.cadreId,
    title: r.title,
    unitId: r.unitId,
    from: dateOnly(r.from),
    to: dateOnly(r.to),
    decisionNumber: r.decisionNumber,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    withdrawn: r.withdrawnAt === null ? null : { at: r.withdrawnAt.toISOString(), by: r.withdrawnBy ?? '', reason: r.withdrawalReason ?? '' },
  };
}

/** The cadre's planning records, earliest period first; `counted`: only those not withdrawn, as the planning list reads them. */
export async function planningOf(prisma: PrismaClient, cadreId: string, { counted = false }: { counted?: boolean } = {}): Promise<PlanningRecordView[]> {
  const rows = await prisma.planningRecord.findMany({
    where: { cadreId, ...(counted ? { withdrawnAt: null } : {}) },
    orderBy: [{ from: 'asc' }, { createdAt: 'asc' }],
  });
  return rows.map(planningView);
}

export async function findPlanningRecord(prisma: PrismaClient, id: string): Promise<PlanningRecord | null> {
  return prisma.planningRecord.findUnique({ where: { id } });
}

/** Withdraws the record if it is not withdrawn yet; null when it already was (nothing changed). */
export async function withdrawPlanning(prisma: PrismaClient, id: string, withdrawal: { by: string; reason: string }): Promise<PlanningRecordView | null> {
  const { count } = await prisma.planningRecord.updateMany({
    where: { id, withdrawnAt: null },
    data: { withdrawnAt: new Date(), withdrawnBy: withdrawal.by, withdrawalReason: withdrawal.reason },
  });
  if (count === 0) return null;
  return planningView(await prisma.planningRecord.findUniqueOrThrow({ where: { id } }));
}

export async function recordPlanning(prisma: PrismaClient, record: Omit<PlanningRecordView, 'createdAt' | 'withdrawn'>): Promise<PlanningRecordView> {
  const { from, to, ...rest } = record;
  return planningView(await prisma.planningRecord.create({ data: { ...rest, from: dateColumn(from), to: dateColumn(to) } }));
}

/** Who holds the post at the unit today, and the case it is kept for, if any. */
export async function postHolder(prisma: PrismaClient, unitId: string, title: string): Promise<{ cadreId: string | null; retainedByCaseId: string | null } | null> {
  return prisma.positionHolder.findUnique({ where: { unitId_title: { unitId, title } }, select: { cadreId: true, retainedByCaseId: true } });
}
