-- CreateEnum
CREATE TYPE "UnitKind" AS ENUM ('province', 'district', 'commune');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'organizer', 'committee_member', 'secretary', 'finance', 'reviewer', 'cadre');

-- CreateTable
CREATE TABLE "Unit" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "UnitKind" NOT NULL,
    "parentId" TEXT,
    "path" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cadre" (
    "id" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "homeUnitId" TEXT NOT NULL,
    "currentUnitId" TEXT NOT NULL,
    "currentPosition" TEXT NOT NULL,
    "politicalTheory" TEXT,
    "qualification" TEXT,
    "nextSalaryRaiseDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cadre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PositionHolder" (
    "unitId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "cadreId" TEXT,
    "retainedByCaseId" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PositionHolder_pkey" PRIMARY KEY ("unitId","title")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "email" TEXT,
    "cadreId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "unitId" TEXT,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeMember" (
    "unitId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "CommitteeMember_pkey" PRIMARY KEY ("unitId","userId")
);

-- CreateTable
CREATE TABLE "SupportPolicy" (
    "version" INTEGER NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "oneTimeVnd" BIGINT NOT NULL,
    "monthlySupplementVnd" BIGINT NOT NULL,
    "housingAllowanceVnd" BIGINT NOT NULL,
    "transportTiers" JSONB NOT NULL,
    "earlySalaryRaise" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "SupportPolicy_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "RotationCase" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "fromUnitId" TEXT NOT NULL,
    "toUnitId" TEXT NOT NULL,
    "decidingUnitId" TEXT,
    "position" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "nonLocalSecretary" BOOLEAN NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "reviewIntervalMonths" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "effectiveDate" DATE,
    "stepDueAt" TIMESTAMPTZ(3),
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RotationCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpenCase" (
    "cadreId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenCase_pkey" PRIMARY KEY ("cadreId")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorUserId" TEXT,
    "actorUsername" TEXT,
    "action" TEXT NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE INDEX "Unit_parentId_idx" ON "Unit"("parentId");

-- CreateIndex
CREATE INDEX "Unit_path_idx" ON "Unit"("path");

-- CreateIndex
CREATE INDEX "Cadre_homeUnitId_idx" ON "Cadre"("homeUnitId");

-- CreateIndex
CREATE INDEX "Cadre_currentUnitId_idx" ON "Cadre"("currentUnitId");

-- CreateIndex
CREATE INDEX "PositionHolder_cadreId_idx" ON "PositionHolder"("cadreId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "User_cadreId_idx" ON "User"("cadreId");

-- CreateIndex
CREATE INDEX "RoleAssignment_userId_idx" ON "RoleAssignment"("userId");

-- CreateIndex
CREATE INDEX "SupportPolicy_effectiveFrom_idx" ON "SupportPolicy"("effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "RotationCase_workflowId_key" ON "RotationCase"("workflowId");

-- CreateIndex
CREATE INDEX "RotationCase_status_idx" ON "RotationCase"("status");

-- CreateIndex
CREATE INDEX "RotationCase_cadreId_idx" ON "RotationCase"("cadreId");

-- CreateIndex
CREATE INDEX "RotationCase_fromUnitId_idx" ON "RotationCase"("fromUnitId");

-- CreateIndex
CREATE INDEX "RotationCase_toUnitId_idx" ON "RotationCase"("toUnitId");

-- CreateIndex
CREATE UNIQUE INDEX "OpenCase_caseId_key" ON "OpenCase"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_caseId_seq_key" ON "CaseEvent"("caseId", "seq");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
