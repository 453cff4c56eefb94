-- The number of each team's scenarios, kept by statement-level triggers (every insert and delete,
-- cascades and set-based seeding included), so an unfiltered totalCount reads one row instead of
-- counting the team's scenarios (100,000 rows: tens of milliseconds; bench/list-scenarios.ts).
ALTER TABLE "team" ADD COLUMN "scenario_count" INTEGER NOT NULL DEFAULT 0;

UPDATE "team" t SET "scenario_count" = c."n"
FROM (SELECT "team_id", count(*)::int AS "n" FROM "scenario" GROUP BY "team_id") c
WHERE t."id" = c."team_id";

CREATE FUNCTION "scenario_count_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "team" t SET "scenario_count" = t."scenario_count" + c."n"
  FROM (SELECT "team_id", count(*)::int AS "n" FROM "added" GROUP BY "team_id") c
  WHERE t."id" = c."team_id";
  RETURN NULL;
END
$$;

CREATE FUNCTION "scenario_count_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "team" t SET "scenario_count" = t."scenario_count" - c."n"
  FROM (SELECT "team_id", count(*)::int AS "n" FROM "removed" GROUP BY "team_id") c
  WHERE t."id" = c."team_id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "scenario_count_added" AFTER INSERT ON "scenario"
  REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "scenario_count_added"();

CREATE TRIGGER "scenario_count_removed" AFTER DELETE ON "scenario"
  REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "scenario_count_removed"();
