-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('male', 'female');

-- AlterTable: cadres recorded before sex was kept are taken as female, the earlier retirement
-- age, so that none is counted more working time than they may have; new rows must give it.
ALTER TABLE "Cadre" ADD COLUMN "sex" "Sex" NOT NULL DEFAULT 'female';
ALTER TABLE "Cadre" ALTER COLUMN "sex" DROP DEFAULT;

-- CreateTable
CREATE TABLE "PlanningRecord" (
    "id" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "from" DATE NOT NULL,
    "to" DATE NOT NULL,
    "decisionNumber" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanningRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanningRecord_cadreId_idx" ON "PlanningRecord"("cadreId");

-- CreateTable
CREATE TABLE "NationalRulesVersion" (
    "version" INTEGER NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "rules" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "NationalRulesVersion_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "NationalRulesVersion_effectiveFrom_idx" ON "NationalRulesVersion"("effectiveFrom");
