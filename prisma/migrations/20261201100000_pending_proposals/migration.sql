-- CreateTable
CREATE TABLE "PendingProposal" (
    "caseId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingProposal_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "PendingProposal_createdAt_idx" ON "PendingProposal"("createdAt");
