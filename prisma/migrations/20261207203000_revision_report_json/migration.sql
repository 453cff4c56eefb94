-- The stored report as json, not jsonb (docs/adr/0007-idempotent-saves.md): it is written once and
-- read whole, never queried inside; json keeps the text as written (key order too) and costs a
-- validation instead of a conversion on every save (bench/saves.ts).
ALTER TABLE "scenario_revision" ALTER COLUMN "report" SET DATA TYPE JSON USING "report"::json;
