// Applies pending migrations to DATABASE_URL offline (no Prisma schema engine needed).
// `npm start` does this by itself; this is for deployments (a Job or an init container).
import { applyMigrations } from '../src/database/migrate';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('sidecar-lens migrate: DATABASE_URL is not set');
    process.exit(1);
  }
  const result = await applyMigrations(url);
  console.log(
    `applied ${result.applied.length} migration(s)${result.applied.length ? `: ${result.applied.join(', ')}` : ''}; ${result.alreadyApplied} already applied`,
  );
}

main().catch((e: unknown) => {
  console.error(`sidecar-lens migrate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
