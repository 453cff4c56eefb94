-- AlterTable
ALTER TABLE "scenario_revision" ADD COLUMN     "info_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "qos_classes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "pod_ready_at_seconds" DOUBLE PRECISION,
ADD COLUMN     "termination_seconds" DOUBLE PRECISION,
ADD COLUMN     "manifest_sha256" TEXT NOT NULL DEFAULT '';
