-- Fleet report jobs (issue 16): the job row per team, and its chunks with their idempotent results.
-- JSON, not JSONB: the stored report keeps its key order, so it renders byte-identical to the CLI.
CREATE TABLE "fleet_report" (
    "id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "source" TEXT NOT NULL,
    "options" JSON NOT NULL,
    "total_chunks" INTEGER NOT NULL DEFAULT 0,
    "done_chunks" INTEGER NOT NULL DEFAULT 0,
    "object_count" INTEGER NOT NULL DEFAULT 0,
    "report" JSON,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "fleet_report_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "fleet_chunk" (
    "report_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "units" JSON NOT NULL,
    "result" JSON,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "fleet_chunk_pkey" PRIMARY KEY ("report_id","seq")
);

CREATE INDEX "fleet_report_team_id_created_at_id_idx" ON "fleet_report"("team_id", "created_at" DESC, "id" DESC);

ALTER TABLE "fleet_report" ADD CONSTRAINT "fleet_report_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "fleet_chunk" ADD CONSTRAINT "fleet_chunk_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "fleet_report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
