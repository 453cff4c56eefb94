import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
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
  /** Refused authentications (missing or bad API key) per minute and client address before 429. */
  authFailuresPerMinute: number;
  /** Manifest texts above this many bytes are parsed in the worker pool, off the event loop. */
  workerThresholdBytes: number;
  /** Size of the worker pool (0: parse everything on the main thread). */
  workerThreads: number;
  /** Fleet report chunks this replica works on at once (0: it only takes uploads). */
  fleetWorkers: number;
  /** Largest request body (a JSON request carries the manifest escaped, plus the query). */
  maxBodyBytes: number;
  /** GraphQL request limits: nesting depth, aliases, tokens of the query text. */
  graphqlMaxDepth: number;
  graphqlMaxAliases: number;
  graphqlMaxTokens: number;
  /** Automatic persisted queries kept (an LRU of query documents by SHA-256). */
  graphqlPersistedQueries: number;
  production: boolean;
  /**
   * The longest one request waits on the database: every statement's statement_timeout, and the
   * timeout of a save's transaction. Past it the request is SERVICE_UNAVAILABLE (503, Retry-After).
   */
  dbRequestDeadlineMs: number;
  /** The longest a statement waits for a lock (a migration's, another save's): lock_timeout. */
  dbLockTimeoutMs: number;
  /** Origins allowed to call the API from a browser (CORS); empty: CORS off. */
  corsOrigins: string[];
  /** Fastify's trustProxy: false (default), true, a hop count or addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /** GraphQL introspection and "Did you mean" suggestions (default: on, off in production). */
  graphqlIntrospection: boolean;
  graphqlSuggestions: boolean;
  /** Largest cost of one GraphQL operation (list sizes times the weight of heavy fields). */
  graphqlMaxCost: number;
  /** Largest REST response body; larger answers are refused with 413 before they are sent. */
  maxResponseBytes: number;
  /** Largest GraphQL response body; a larger answer is replaced by a PAYLOAD_TOO_LARGE error (413). */
  graphqlMaxResponseBytes: number;
  /** A connection whose response cannot be written for this long (a client that never reads) is closed. */
  writeTimeoutMs: number;
  /** Load shedding: 503 when the event loop lags more than this (0: off). */
  shedEventLoopDelayMs: number;
  /** Load shedding: 503 when the used heap exceeds this many bytes (0: off). */
  shedHeapUsedBytes: number;
  /** Worker-pool tasks waiting beyond this many answer 503. */
  workerQueueMax: number;
  /** Load shedding: bytes of large bodies (above workerThresholdBytes) in flight at once; beyond, 503 before reading (0: off). */
  shedInflightUploadBytes: number;
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
  HOST: z.string().trim().min(1, 'HOST must not be empty').optional(),
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
  AUTH_FAILURES_PER_MINUTE: integer('AUTH_FAILURES_PER_MINUTE', 1, 100000).default(30),
  WORKER_THRESHOLD_BYTES: integer('WORKER_THRESHOLD_BYTES', 0, 1 << 30).default(64 * 1024),
  WORKER_THREADS: integer('WORKER_THREADS', 0, 64).optional(),
  FLEET_WORKERS: integer('FLEET_WORKERS', 0, 64).default(1),
  MAX_BODY_BYTES: integer('MAX_BODY_BYTES', 3 * 1024 * 1024 + 1, 64 * 1024 * 1024).default(
    4 * 1024 * 1024,
  ),
  GRAPHQL_MAX_DEPTH: integer('GRAPHQL_MAX_DEPTH', 15, 100).default(16),
  GRAPHQL_MAX_ALIASES: integer('GRAPHQL_MAX_ALIASES', 1, 1000).default(15),
  GRAPHQL_MAX_TOKENS: integer('GRAPHQL_MAX_TOKENS', 500, 100000).default(2000),
  GRAPHQL_PERSISTED_QUERIES: integer('GRAPHQL_PERSISTED_QUERIES', 1, 100000).default(1000),
  NODE_ENV: z.string().optional(),
  DB_REQUEST_DEADLINE_MS: integer('DB_REQUEST_DEADLINE_MS', 100, 60000).default(5000),
  DB_LOCK_TIMEOUT_MS: integer('DB_LOCK_TIMEOUT_MS', 50, 60000).default(3000),
  CORS_ORIGINS: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || v.split(',').every((o) => /^https?:\/\/[^\s/]+$/.test(o.trim())),
      'CORS_ORIGINS must be a comma-separated list of origins like https://portal.example.com',
    )
    .optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/.test(v),
      'TRUST_PROXY must be true, false, a hop count or a comma-separated list of proxy addresses/CIDRs',
    )
    .optional(),
  GRAPHQL_INTROSPECTION: z
    .enum(['true', 'false'], { message: 'GRAPHQL_INTROSPECTION must be true or false' })
    .optional(),
  GRAPHQL_SUGGESTIONS: z
    .enum(['true', 'false'], { message: 'GRAPHQL_SUGGESTIONS must be true or false' })
    .optional(),
  GRAPHQL_MAX_COST: integer('GRAPHQL_MAX_COST', 100, 100000000).default(100000),
  MAX_RESPONSE_BYTES: integer('MAX_RESPONSE_BYTES', 65536, 1 << 30).default(4 * 1024 * 1024),
  GRAPHQL_MAX_RESPONSE_BYTES: integer('GRAPHQL_MAX_RESPONSE_BYTES', 65536, 1 << 30).default(
    8 * 1024 * 1024,
  ),
  WRITE_TIMEOUT_MS: integer('WRITE_TIMEOUT_MS', 1000, 600000).default(30000),
  SHED_EVENT_LOOP_DELAY_MS: integer('SHED_EVENT_LOOP_DELAY_MS', 0, 60000).default(1000),
  SHED_HEAP_USED_BYTES: integer('SHED_HEAP_USED_BYTES', 0, 2 ** 40).optional(),
  WORKER_QUEUE_MAX: integer('WORKER_QUEUE_MAX', 1, 100000).default(64),
  SHED_INFLIGHT_UPLOAD_BYTES: integer('SHED_INFLIGHT_UPLOAD_BYTES', 0, 2 ** 40).default(
    12 * 1024 * 1024,
  ),
});

function trustProxyOf(v: string | undefined): boolean | number | string[] {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

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
  const production = e.NODE_ENV === 'production';
  // Local exploration stays frictionless with the embedded database; a real server means a
  // shared deployment, where keys are required unless the operator says otherwise.
  const authMode: AuthMode = e.AUTH_MODE ?? (databaseUrl === null ? 'local' : 'apikey');
  return {
    port: e.PORT,
    // Without keys anyone who can reach the port acts for the local team: loopback unless HOST says otherwise.
    host: e.HOST ?? (authMode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    embeddedPostgresPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    authMode,
    dbPoolMax: e.DB_POOL_MAX,
    dbPoolAcquireTimeoutMs: e.DB_POOL_ACQUIRE_TIMEOUT_MS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    workerThresholdBytes: e.WORKER_THRESHOLD_BYTES,
    workerThreads: e.WORKER_THREADS ?? 2,
    fleetWorkers: e.FLEET_WORKERS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    graphqlMaxDepth: e.GRAPHQL_MAX_DEPTH,
    graphqlMaxAliases: e.GRAPHQL_MAX_ALIASES,
    graphqlMaxTokens: e.GRAPHQL_MAX_TOKENS,
    graphqlPersistedQueries: e.GRAPHQL_PERSISTED_QUERIES,
    production,
    dbRequestDeadlineMs: e.DB_REQUEST_DEADLINE_MS,
    dbLockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
    corsOrigins: (e.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION
      ? e.GRAPHQL_INTROSPECTION === 'true'
      : !production,
    graphqlSuggestions: e.GRAPHQL_SUGGESTIONS ? e.GRAPHQL_SUGGESTIONS === 'true' : !production,
    graphqlMaxCost: e.GRAPHQL_MAX_COST,
    maxResponseBytes: e.MAX_RESPONSE_BYTES,
    graphqlMaxResponseBytes: e.GRAPHQL_MAX_RESPONSE_BYTES,
    writeTimeoutMs: e.WRITE_TIMEOUT_MS,
    shedEventLoopDelayMs: e.SHED_EVENT_LOOP_DELAY_MS,
    // Default: 90% of the heap limit V8 was started with (node --max-old-space-size).
    shedHeapUsedBytes: e.SHED_HEAP_USED_BYTES ?? Math.floor(heapLimitBytes() * 0.9),
    workerQueueMax: e.WORKER_QUEUE_MAX,
    shedInflightUploadBytes: e.SHED_INFLIGHT_UPLOAD_BYTES,
  };
}

function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
