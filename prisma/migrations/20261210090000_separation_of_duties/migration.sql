-- AlterTable
ALTER TABLE "User" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "onBehalfOf" JSONB;
