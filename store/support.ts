// The supports that wait on a person or on a policy, found in SQL across the support rows and their cases.
import { totalTermMonths } from '../domain/review-schedule';
import { localDate } from '../domain/calendar';
import { type StoredCaseState, upgradeCaseState } from '../domain/case-upgrade';
import { ENDED_STATUSES, type SupportInput } from '../domain/types';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

/**
 * Cases whose support waits on someone: a policy to arrange (while the case runs), an approval,
 * a payment due (even after the case ended) or an early salary raise to record.
 */
export async function caseIdsWithSupportWork(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ caseId: string }[]>`
    SELECT s."caseId" FROM "CaseSupport" s JOIN "RotationCase" rc ON rc.id = s."caseId"
    WHERE (s.status = 'no_policy' AND rc.status NOT IN (${Prisma.join(ENDED_STATUSES)}))
       OR s.status = 'awaiting_approval'
       OR (s.status = 'approved' AND s."salaryRaiseDueDate" IS NOT NULL AND s."salaryRaisedAt" IS NULL)
    UNION
    SELECT p."caseId" FROM "SupportPayment" p WHERE p.status = 'due'`;
  return rows.map((r) => r.caseId);
}

/**
 * The supports planned without a policy that one in force from `effectiveFrom` covers: the case
 * still runs and its decision was signed on or after that date. Each with what its support
 * workflow is started with, should that workflow have ended (planned on earlier code).
 */
export async function supportsWaitingForPolicy(prisma: PrismaClient, effectiveFrom: string): Promise<SupportInput[]> {
  const rows = await prisma.$queryRaw<{ state: unknown }[]>`
    SELECT rc.state FROM "CaseSupport" s JOIN "RotationCase" rc ON rc.id = s."caseId"
    WHERE s.status = 'no_policy' AND rc.status NOT IN (${Prisma.join(ENDED_STATUSES)})`;
  return rows.flatMap(({ state }) => {
    const c = upgradeCaseState(state as StoredCaseState);
    if (!c.decision || !c.effectiveDate || localDate(c.decision.signedAt) < effectiveFrom) return [];
    return [
      {
        caseId: c.id,
        cadreId: c.cadreId,
        signedAt: c.decision.signedAt,
        effectiveDate: c.effectiveDate,
        termMonths: totalTermMonths(c.termMonths, c.extensions),
        distanceKm: c.distanceKm,
        officialHousing: c.officialHousing,
      },
    ];
  });
}
