import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup';
import type { AppConfig } from '../../src/config/config';
import { loadConfig } from '../../src/config/config';

/** The database the "app" test project's global setup started (or DATABASE_URL). */
export function testDatabaseUrl(): string {
  const url = process.env.SIDECAR_LENS_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'no test database: run through jest (test/setup/global-setup.mjs) or set DATABASE_URL',
    );
  }
  return url;
}

/** Boots the real application (Fastify, Mercurius, Prisma) on the test database, unlistened. */
export async function bootApp(
  overrides: Partial<AppConfig> = {},
  databaseUrl = testDatabaseUrl(),
): Promise<NestFastifyApplication> {
  const config: AppConfig = {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    authMode: 'local',
    workerThreads: 0,
    // Fleet workers (pg-boss) only in the tests that upload dumps.
    fleetWorkers: 0,
    ...overrides,
  };
  return createApp(config, databaseUrl, { logs: false });
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}

/** Runs a GraphQL operation through the HTTP stack (fastify.inject). */
export async function gql<T = Record<string, unknown>>(
  app: NestFastifyApplication,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ query, variables }),
    });
  const body = JSON.parse(res.body) as { data?: T | null; errors?: GqlResponse['errors'] };
  return { status: res.statusCode, data: body.data ?? null, errors: body.errors };
}
