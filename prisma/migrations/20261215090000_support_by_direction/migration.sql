-- CreateEnum
CREATE TYPE "UnitArea" AS ENUM ('mountain_remote', 'other');

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "area" "UnitArea" NOT NULL DEFAULT 'other';

-- AlterTable: versions saved before keep their terms (no direction entries, an early raise waiting
-- for no evaluation); new versions ask for an excellent evaluation unless they say otherwise.
ALTER TABLE "SupportPolicy" ADD COLUMN     "oneTimeByDirection" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "earlyRaiseRequiresExcellent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "officialHousingMinKmMountainRemote" DOUBLE PRECISION NOT NULL DEFAULT 10,
ADD COLUMN     "officialHousingMinKmOther" DOUBLE PRECISION NOT NULL DEFAULT 30;
ALTER TABLE "SupportPolicy" ALTER COLUMN "earlyRaiseRequiresExcellent" SET DEFAULT true;
