// Cadres recorded, and corrections of their recorded data (name, birth date, sex, home unit), each kept with who made it.
import { randomUUID } from 'node:crypto';
import type { Sex } from '../domain/national-rules';
import type { Cadre, CadreCorrection, Prisma, PrismaClient } from '../generated/prisma/client';
import { dateColumn, dateOnly } from './columns';

/** The fields a correction may change; the current post is the rotations' to change. */
export interface CadreFacts {
  fullName: string;
  birthDate: string;
  sex: Sex;
  homeUnitId: string;
}
export type CadreField = keyof CadreFacts;

export type CadreChanges = Partial<Record<CadreField, { from: string; to: string }>>;

export interface CadreCorrectionView {
  at: string;
  by: string;
  changes: CadreChanges;
}

export function factsOf(c: Cadre): CadreFacts {
  return { fullName: c.fullName, birthDate: dateOnly(c.birthDate), sex: c.sex as Sex, homeUnitId: c.homeUnitId };
}

/** The fields of `wanted` that differ from the cadre's, each from its old value to its new one. */
export function changesOf(cadre: Cadre, wanted: Partial<CadreFacts>): CadreChanges {
  const now = factsOf(cadre);
  const changes: CadreChanges = {};
  for (const field of Object.keys(now) as CadreField[]) {
    const to = wanted[field];
    if (to !== undefined && to !== now[field]) changes[field] = { from: now[field], to };
  }
  return changes;
}

/** The home unit may not change under an open case: its proposal was admitted on the old one. */
export class HomeUnitUnderOpenCase extends Error {
  constructor(readonly caseId: string) {
    super('the cadre has an open rotation case');
  }
}

/**
 * The cadre's fields changed and the correction recorded, at once; `HomeUnitUnderOpenCase` when
 * the home unit changes while a case of the cadre is open (nothing written).
 */
export async function correctCadre(prisma: PrismaClient, cadreId: string, changes: CadreChanges, by: string): Promise<Cadre> {
  return prisma.$transaction(async (tx) => {
    if (changes.homeUnitId) {
      const open = await tx.openCase.findUnique({ where: { cadreId } });
      if (open) throw new HomeUnitUnderOpenCase(open.caseId);
    }
    const data: Prisma.CadreUpdateInput = {};
    if (changes.fullName) data.fullName = changes.fullName.to;
    if (changes.birthDate) data.birthDate = dateColumn(changes.birthDate.to);
    if (changes.sex) data.sex = changes.sex.to as Sex;
    if (changes.homeUnitId) data.homeUnitId = changes.homeUnitId.to;
    const updated = await tx.cadre.update({ where: { id: cadreId }, data });
    await tx.cadreCorrection.create({ data: { id: randomUUID(), cadreId, changes: changes as Prisma.InputJsonObject, changedBy: by } });
    return updated;
  });
}

function correctionView(row: CadreCorrection): CadreCorrectionView {
  return { at: row.changedAt.toISOString(), by: row.changedBy, changes: row.changes as CadreChanges };
}

/** The corrections made to the cadre's data, oldest first. */
export async function correctionsOf(prisma: PrismaClient, cadreId: string): Promise<CadreCorrectionView[]> {
  const rows = await prisma.cadreCorrection.findMany({ where: { cadreId }, orderBy: { changedAt: 'asc' } });
  return rows.map(correctionView);
}

/** Records a new cadre. */
export function createCadre(prisma: PrismaClient, cadre: Prisma.CadreUncheckedCreateInput): Promise<Cadre> {
  return prisma.cadre.create({ data: cadre });
}
