import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from './config/config';
import type { AppConfig } from './config/config';
import type { EmbeddedDatabase } from './database/embedded-postgres';

const say = (line: string): void => {
  process.stdout.write(`sidecar-lens: ${line}\n`);
};

async function main(): Promise<void> {
  const started = performance.now();
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`sidecar-lens: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }

  // Loaded only once the configuration is known to be good, so a bad variable always ends in one line.
  const { startEmbeddedPostgres } = await import('./database/embedded-postgres');
  const { applyMigrations } = await import('./database/migrate');
  const { isDatabaseUnavailable } = await import('./common/errors/normalise-error');
  const { createApp } = await import('./app.setup');

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === null) {
    say(`no DATABASE_URL: starting the embedded PostgreSQL (data in ${config.dataDir})`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      log:
        config.logLevel === 'debug' || config.logLevel === 'trace'
          ? (l) => say(`[postgres] ${l}`)
          : undefined,
    });
    databaseUrl = embedded.url;
  }

  try {
    const result = await applyMigrations(databaseUrl);
    say(
      `database ready: ${result.applied.length} migration(s) applied, ${result.alreadyApplied} already there`,
    );
  } catch (e) {
    if (embedded === null && isDatabaseUnavailable(e)) {
      // The analysis needs no database: serve it, report not-ready, and migrate on a later start.
      say('WARNING: the database is unreachable; serving analyze only, /readyz answers 503');
    } else {
      throw e;
    }
  }

  const app = await createApp(config, databaseUrl);
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${shown}:${port}`;
  say(`GraphQL endpoint  ${base}/graphql`);
  say(`Web view          ${base}/`);
  say(`Playground        ${base}/graphql (open it in a browser)`);
  say(`REST + OpenAPI    ${base}/v1/analyze, ${base}/docs`);
  say(`Health            ${base}/healthz, ${base}/readyz`);
  say(
    `auth mode ${config.authMode}${config.authMode === 'local' ? ' (single team "local", no API key needed)' : ''}`,
  );
  say(`ready in ${Math.round(performance.now() - started)} ms`);

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    say(`${signal}: draining requests and shutting down`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(
    `sidecar-lens: failed to start: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
