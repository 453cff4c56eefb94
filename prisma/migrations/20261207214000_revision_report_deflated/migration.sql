-- New revisions store their report as raw DEFLATE of its JSON (docs/adr/0007-idempotent-saves.md):
-- compressed by the service (zlib level 3, about a quarter of the JSON) and kept as is
-- (STORAGE EXTERNAL: PostgreSQL neither parses nor compresses it again), so a save costs the
-- database a fraction of what a 15 KB json value does. Earlier revisions keep their json report.
ALTER TABLE "scenario_revision" ADD COLUMN "report_deflated" BYTEA;
ALTER TABLE "scenario_revision" ALTER COLUMN "report_deflated" SET STORAGE EXTERNAL;
ALTER TABLE "scenario_revision" ALTER COLUMN "report" DROP NOT NULL;
ALTER TABLE "scenario_revision" ADD CONSTRAINT "scenario_revision_report_check"
  CHECK ("report" IS NOT NULL OR "report_deflated" IS NOT NULL);
