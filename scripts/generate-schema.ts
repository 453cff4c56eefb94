// Writes src/schema.gql from the code-first schema (sorted). A test fails when the file drifts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { printAppSchema } from '../src/schema-printer';

async function main(): Promise<void> {
  const config = { ...loadConfig({}), workerThreads: 0 };
  // The database is never contacted: Prisma connects lazily.
  const app = await createApp(config, 'postgresql://schema@127.0.0.1:1/none', { logs: false });
  const file = path.resolve(__dirname, '..', 'src', 'schema.gql');
  writeFileSync(file, printAppSchema(app));
  await app.close();
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
