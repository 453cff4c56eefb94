// The database a maintenance script works on: DATABASE_URL, or (unset) the embedded PostgreSQL
// under DATA_DIR exactly as `npm start` runs it, migrated. Shared by apikey.ts and seed-scenarios.ts.
import type { AppConfig } from '../src/config/config';
import type { EmbeddedDatabase } from '../src/database/embedded-postgres';
import { PORT_FILE, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { applyMigrations } from '../src/database/migrate';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The port the running service's embedded PostgreSQL recorded in the data directory. */
function runningPort(config: AppConfig): number {
  try {
    const recorded = Number(readFileSync(path.join(config.dataDir, PORT_FILE), 'utf8').trim());
    if (Number.isInteger(recorded) && recorded > 0) return recorded;
  } catch {
    // not recorded (an older data directory): the configured port
  }
  return config.embeddedPostgresPort;
}

export interface ScriptDatabase {
  url: string;
  /** Stops the embedded server if this script started it. */
  close(): Promise<void>;
}

export async function openScriptDatabase(config: AppConfig): Promise<ScriptDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (url === null) {
    try {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
      });
      url = embedded.url;
    } catch (e) {
      // `npm start` is running on the same data directory: use its server, on the port it recorded.
      if (!(e instanceof Error && /data directory .* is in use by process/.test(e.message))) {
        throw e;
      }
      url = `postgresql://postgres:sidecar-lens@127.0.0.1:${runningPort(config)}/sidecar_lens`;
    }
  }
  try {
    await applyMigrations(url);
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return { url, close: async () => embedded?.stop() };
}
