-- Idempotency keys of saves (Idempotency-Key header / idempotencyKey argument; docs/adr/0007-idempotent-saves.md).
-- One row per (team, key): claimed before the analysis (lock_token, locked_until), completed in the
-- same statement that saves the revision (status_code, scenario_id, revision_number), forgotten after expires_at.
CREATE TABLE "idempotency_key" (
    "team_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "lock_token" UUID,
    "locked_until" TIMESTAMPTZ(3),
    "status_code" INTEGER,
    "scenario_id" UUID,
    "revision_number" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("team_id","key")
);

-- CreateIndex
CREATE INDEX "idempotency_key_expires_at_idx" ON "idempotency_key"("expires_at");

-- AddForeignKey
ALTER TABLE "idempotency_key" ADD CONSTRAINT "idempotency_key_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
