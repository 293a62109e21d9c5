-- CreateTable
CREATE TABLE "CaseSupport" (
    "caseId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "policyVersion" INTEGER,
    "entitlements" JSONB NOT NULL,
    "approvedAt" TIMESTAMPTZ(3),
    "approvedBy" TEXT,
    "approvalNote" TEXT,
    "salaryRaiseDueDate" DATE,
    "salaryRaisedAt" TIMESTAMPTZ(3),
    "salaryRaiseReference" TEXT,
    "salaryRaisedBy" TEXT,
    "stoppedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseSupport_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "SupportPayment" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "amountVnd" BIGINT NOT NULL,
    "dueDate" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "paidAt" TIMESTAMPTZ(3),
    "reference" TEXT,
    "paidBy" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportPayment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SupportPayment_caseId_component_period_key" ON "SupportPayment"("caseId", "component", "period");

-- CreateIndex
CREATE INDEX "SupportPayment_status_dueDate_idx" ON "SupportPayment"("status", "dueDate");
