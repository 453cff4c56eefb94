// Creates and revokes API keys against DATABASE_URL, or (unset) the embedded PostgreSQL under
// DATA_DIR, as `npm start` uses it.
//   npm run apikey -- create --team NAME   (creates the team if needed; the key is the last line)
//   npm run apikey -- revoke KEY_ID        (the key id printed at creation, or the whole key)
import { Command } from 'commander';
import { loadConfig } from '../src/config/config';
import { openScriptDatabase } from './script-database';
import { PrismaService } from '../src/database/prisma.service';
import { parseApiKey } from '../src/modules/auth/api-key-format';
import { ApiKeyRepository } from '../src/modules/auth/api-key.repository';
import { ApiKeysService } from '../src/modules/auth/api-keys.service';

async function withKeys<T>(run: (keys: ApiKeysService) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(process.env), dbPoolMax: 2 };
  const db = await openScriptDatabase(config);
  // openScriptDatabase has applied the migrations.
  const prisma = new PrismaService(config, db.url, { ready: true });
  try {
    return await run(new ApiKeysService(new ApiKeyRepository(prisma)));
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

/** A key id as printed at creation, its 32-hex form, or the whole key. */
function keyIdOf(arg: string): string {
  const parsed = parseApiKey(arg.trim());
  if (parsed) return parsed.keyId;
  const hex = arg.trim().toLowerCase().replace(/-/g, '');
  if (/^[0-9a-f]{32}$/.test(hex)) {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new Error(`"${arg}" is not a key id (a UUID) or an API key`);
}

const program = new Command('apikey').description('Manage sidecar-lens API keys.');

program
  .command('create')
  .description('Create an API key for a team (the team is created when missing).')
  .requiredOption('--team <name>', 'team name')
  .action(async (opts: { team: string }) => {
    const team = opts.team.trim();
    if (team === '' || team.length > 200 || [...team].some((c) => c.charCodeAt(0) < 32)) {
      throw new Error('--team must be 1..200 printable characters');
    }
    const created = await withKeys((keys) => keys.create(team));
    console.log(`team:   ${created.teamName} (${created.teamId})`);
    console.log(
      `key id: ${created.keyId} (revoke with: npm run apikey -- revoke ${created.keyId})`,
    );
    console.log(
      'The key is shown once, below; store it now. Send it as "Authorization: Bearer <key>".',
    );
    console.log(created.key);
  });

program
  .command('revoke')
  .description('Revoke an API key: requests with it get 401 from now on.')
  .argument('<keyId>', 'the key id printed at creation (or the whole key)')
  .action(async (arg: string) => {
    const keyId = keyIdOf(arg);
    const revoked = await withKeys((keys) => keys.revoke(keyId));
    if (!revoked) {
      throw new Error(`no active key with id ${keyId}`);
    }
    console.log(`revoked ${keyId}`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`apikey: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
