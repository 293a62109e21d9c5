-- AlterTable
ALTER TABLE "PlanningRecord" ADD COLUMN     "withdrawalReason" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMPTZ(3),
ADD COLUMN     "withdrawnBy" TEXT;

-- CreateTable
CREATE TABLE "CadreCorrection" (
    "id" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "changedBy" TEXT NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CadreCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CadreCorrection_cadreId_idx" ON "CadreCorrection"("cadreId");
