import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from './config/config';
import type { AppConfig } from './config/config';
import type { EmbeddedDatabase } from './database/embedded-postgres';
import { StartupError, describeFailure } from './startup-failure';

/** Before the configuration is known there is no logger: one plain line on standard error. */
const complain = (line: string): void => {
  process.stderr.write(`sidecar-lens: ${line}\n`);
};
/** Once the logger exists, a failure to start is its last line. */
let fatal = (msg: string, _e: unknown): void => complain(msg);
/** What start-up is doing now: a failure says what failed and where. */
let stage = 'reading the configuration';

async function main(): Promise<void> {
  const started = performance.now();
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      complain(e.message);
      process.exit(1);
    }
    throw e;
  }

  // Loaded only once the configuration is known to be good, so a bad variable always ends in one line.
  const { startEmbeddedPostgres } = await import('./database/embedded-postgres');
  const { applyMigrations } = await import('./database/migrate');
  const { isDatabaseUnavailable } = await import('./common/errors/normalise-error');
  const { createApp } = await import('./app.setup');
  const { createRootLogger } = await import('./common/logging');
  const { MigrationRunner } = await import('./database/migration-runner');

  // The banner and every later line go through the service's one logger: pretty lines on a
  // terminal, JSON lines otherwise (what a log collector reads), at the configured level.
  const logger = createRootLogger({ level: config.logLevel });
  // Its figures under `startup` for a log query; the pretty printer leaves them out (the message says it).
  const say = (msg: string, startup?: Record<string, unknown>): void => {
    logger.info(startup ? { startup } : {}, msg);
  };
  fatal = (msg, e) => logger.fatal({ err: e }, msg);

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === null) {
    stage = `starting the embedded PostgreSQL in ${config.dataDir}`;
    say(`no DATABASE_URL: starting the embedded PostgreSQL (data in ${config.dataDir})`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      // A port nobody asked for gives way to another instance's: a free one, recorded in DATA_DIR.
      fallbackToFreePort: (process.env.EMBEDDED_PG_PORT ?? '').trim() === '',
      log: (l) =>
        /in use by another program/.test(l)
          ? logger.info({ component: 'postgres' }, l)
          : logger.debug({ component: 'postgres' }, l),
    });
    databaseUrl = embedded.url;
  }

  stage = embedded
    ? `applying migrations to the embedded PostgreSQL on port ${embedded.port}`
    : `applying migrations to DATABASE_URL (${hostOf(databaseUrl)})`;
  let unreachable: unknown = null;
  try {
    const result = await applyMigrations(databaseUrl);
    say(
      `database ready: ${result.applied.length} migration(s) applied, ${result.alreadyApplied} already there`,
      { migrationsApplied: result.applied.length, migrationsAlreadyThere: result.alreadyApplied },
    );
  } catch (e) {
    if (embedded === null && isDatabaseUnavailable(e)) {
      // The analysis needs no database: serve it, and apply the migrations in the background
      // until they are; until then /readyz is 503 and database calls are 503 + Retry-After.
      logger.warn(
        `the database (${hostOf(databaseUrl)}) is unreachable: serving analyze only, /readyz answers 503 until the migrations are applied (retrying in the background)`,
      );
      unreachable = e;
    } else {
      throw e;
    }
  }

  stage = 'building the application';
  const app = await createApp(config, databaseUrl, { logger });
  const migrations = app.get(MigrationRunner);
  if (unreachable === null) migrations.markApplied();
  else migrations.retryInBackground(unreachable);
  stage = `listening on ${config.host}:${config.port}`;
  await app.listen({ port: config.port, host: config.host }).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `port ${config.port} on ${config.host} is in use by another process; set PORT to a free port (PORT=0 picks one)`,
      );
    }
    if (code === 'EACCES') {
      throw new StartupError(
        `no permission to listen on ${config.host}:${config.port}; set PORT above 1023`,
      );
    }
    throw e;
  });
  stage = 'running';
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${shown}:${port}`;
  say(`GraphQL endpoint  ${base}/graphql`, { url: `${base}/graphql` });
  say(`Web view          ${base}/`, { url: `${base}/` });
  say(`Playground        ${base}/graphql (open it in a browser)`, { url: `${base}/graphql` });
  say(`REST + OpenAPI    ${base}/v1/analyze, ${base}/docs`, { url: `${base}/docs` });
  say(`Health            ${base}/healthz, ${base}/readyz`, { url: `${base}/healthz` });
  say(
    `auth mode ${config.authMode}${config.authMode === 'local' ? ' (single team "local", no API key needed)' : ''}`,
    { authMode: config.authMode },
  );
  const readyInMs = Math.round(performance.now() - started);
  say(`ready in ${readyInMs} ms`, { readyInMs, port });

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

/** host:port of a database URL, for messages (never the user or password). */
function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'an unparsable URL';
  }
}

main().catch((e: unknown) => {
  // A StartupError already says what and where; anything else is told with the stage it broke.
  const line =
    e instanceof StartupError
      ? `failed to start: ${describeFailure(e)}`
      : `failed to start while ${stage}: ${describeFailure(e)}`;
  fatal(line, e);
  process.exit(1);
});
