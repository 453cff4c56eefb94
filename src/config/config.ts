import path from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type AuthMode = 'local' | 'apikey';

/** The service's whole configuration, read once at start from the environment. */
export interface AppConfig {
  port: number;
  host: string;
  /** Null: boot the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: LogLevel;
  authMode: AuthMode;
  dbPoolMax: number;
  dbPoolAcquireTimeoutMs: number;
  /** Requests per minute and API key (or client address in local mode). */
  rateLimitPerMinute: number;
  /** Manifest texts above this many bytes are parsed in the worker pool, off the event loop. */
  workerThresholdBytes: number;
  /** Size of the worker pool (0: parse everything on the main thread). */
  workerThreads: number;
  /** Largest request body (a JSON request carries the manifest escaped, plus the query). */
  maxBodyBytes: number;
  /** GraphQL request limits: nesting depth, aliases, tokens of the query text. */
  graphqlMaxDepth: number;
  graphqlMaxAliases: number;
  graphqlMaxTokens: number;
  production: boolean;
}

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}`);

const envSchema = z.object({
  PORT: integer('PORT', 0, 65535).default(3000),
  HOST: z.string().trim().min(1, 'HOST must not be empty').default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || /^postgres(ql)?:\/\/[^\s]+$/.test(v),
      'DATABASE_URL must be a postgresql:// URL',
    )
    .optional(),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR must not be empty').default('.data'),
  EMBEDDED_PG_PORT: integer('EMBEDDED_PG_PORT', 1, 65535).default(54329),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  AUTH_MODE: z
    .enum(['local', 'apikey'], { message: 'AUTH_MODE must be local or apikey' })
    .optional(),
  DB_POOL_MAX: integer('DB_POOL_MAX', 1, 200).default(10),
  DB_POOL_ACQUIRE_TIMEOUT_MS: integer('DB_POOL_ACQUIRE_TIMEOUT_MS', 50, 60000).default(2000),
  RATE_LIMIT_PER_MINUTE: integer('RATE_LIMIT_PER_MINUTE', 1, 1000000).default(600),
  WORKER_THRESHOLD_BYTES: integer('WORKER_THRESHOLD_BYTES', 0, 1 << 30).default(64 * 1024),
  WORKER_THREADS: integer('WORKER_THREADS', 0, 64).optional(),
  MAX_BODY_BYTES: integer('MAX_BODY_BYTES', 3 * 1024 * 1024 + 1, 64 * 1024 * 1024).default(
    4 * 1024 * 1024,
  ),
  GRAPHQL_MAX_DEPTH: integer('GRAPHQL_MAX_DEPTH', 15, 100).default(16),
  GRAPHQL_MAX_ALIASES: integer('GRAPHQL_MAX_ALIASES', 1, 1000).default(15),
  GRAPHQL_MAX_TOKENS: integer('GRAPHQL_MAX_TOKENS', 500, 100000).default(2000),
  NODE_ENV: z.string().optional(),
});

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    // A database URL carries a password: never echo it (this line goes to logs).
    const got = variable === 'DATABASE_URL' ? undefined : env[variable];
    throw new ConfigError(
      variable,
      `invalid configuration: ${issue?.message ?? 'invalid value'}${got === undefined ? '' : ` (got "${got}")`}`,
    );
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL && e.DATABASE_URL !== '' ? e.DATABASE_URL : null;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    embeddedPostgresPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    // Local exploration stays frictionless with the embedded database; a real server means a
    // shared deployment, where keys are required unless the operator says otherwise.
    authMode: e.AUTH_MODE ?? (databaseUrl === null ? 'local' : 'apikey'),
    dbPoolMax: e.DB_POOL_MAX,
    dbPoolAcquireTimeoutMs: e.DB_POOL_ACQUIRE_TIMEOUT_MS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    workerThresholdBytes: e.WORKER_THRESHOLD_BYTES,
    workerThreads: e.WORKER_THREADS ?? 2,
    maxBodyBytes: e.MAX_BODY_BYTES,
    graphqlMaxDepth: e.GRAPHQL_MAX_DEPTH,
    graphqlMaxAliases: e.GRAPHQL_MAX_ALIASES,
    graphqlMaxTokens: e.GRAPHQL_MAX_TOKENS,
    production: e.NODE_ENV === 'production',
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
