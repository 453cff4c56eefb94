import { cpSync, mkdtempSync, rmSync, writeFileSync, readdirSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { applyMigrations, MIGRATIONS_DIR } from '../../src/database/migrate';
import { PrismaClient } from '../../src/generated/prisma/client';
import { testDatabaseUrl } from '../support/app';

interface RuntimeModel {
  dbName: string | null;
  fields: { name: string; kind: string; type: string; dbName?: string }[];
}

/** The Prisma client's own model of prisma/schema.prisma (what the generated client will query). */
function prismaModels(): Record<string, RuntimeModel> {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: testDatabaseUrl() }),
  }) as unknown as {
    _runtimeDataModel: { models: Record<string, RuntimeModel> };
  };
  return client._runtimeDataModel.models;
}

const PG_TYPES: Record<string, string[]> = {
  String: ['text', 'uuid', 'ARRAY', 'character varying'],
  Int: ['integer'],
  Float: ['double precision'],
  DateTime: ['timestamp with time zone'],
  // @db.Json (text-preserving) where key order must survive, e.g. a stored fleet report.
  Json: ['jsonb', 'json'],
  Boolean: ['boolean'],
  // A stored revision's deflated report.
  Bytes: ['bytea'],
};

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('migrations (prisma/migrations, applied offline)', () => {
  it('create every column schema.prisma declares, with a matching PostgreSQL type', async () => {
    const columns = await withClient(
      testDatabaseUrl(),
      async (c) =>
        (
          await c.query<{ table_name: string; column_name: string; data_type: string }>(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'",
          )
        ).rows,
    );
    const problems: string[] = [];
    for (const [model, def] of Object.entries(prismaModels())) {
      const table = def.dbName ?? model;
      for (const field of def.fields.filter((f) => f.kind === 'scalar')) {
        const column = field.dbName ?? field.name;
        const found = columns.find((c) => c.table_name === table && c.column_name === column);
        if (!found) problems.push(`${model}.${field.name}: no column ${table}.${column}`);
        else if (!PG_TYPES[field.type]?.includes(found.data_type)) {
          problems.push(`${model}.${field.name}: ${found.data_type} for a ${field.type}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('record themselves as prisma migrate deploy does, so a second run applies nothing', async () => {
    const again = await applyMigrations(testDatabaseUrl());
    expect(again.applied).toEqual([]);
    const names = readdirSync(MIGRATIONS_DIR)
      .filter((d) => /^\d+_/.test(d))
      .sort();
    expect(again.alreadyApplied).toBe(names.length);
    const rows = await withClient(
      testDatabaseUrl(),
      async (c) =>
        (
          await c.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
            'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
          )
        ).rows,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }
  });

  it('refuse to run past a migration edited after it was applied', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const first = readdirSync(dir)
        .filter((d) => /^\d+_/.test(d))
        .sort()[0]!;
      appendFileSync(path.join(dir, first, 'migration.sql'), '\n-- edited\n');
      await expect(applyMigrations(testDatabaseUrl(), dir)).rejects.toThrow(
        `migration ${first} was changed after it was applied`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('roll a failing migration back entirely and record nothing for it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const bad = path.join(dir, '29991231000000_broken');
      cpSync(path.join(dir, readdirSync(dir).filter((d) => /^\d+_/.test(d))[0]!), bad, {
        recursive: true,
      });
      writeFileSync(
        path.join(bad, 'migration.sql'),
        'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n',
      );
      await expect(applyMigrations(testDatabaseUrl(), dir)).rejects.toThrow(
        /migration 29991231000000_broken failed/,
      );
      const left = await withClient(testDatabaseUrl(), async (c) => ({
        table: (
          await c.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")
        ).rowCount,
        record: (
          await c.query(
            `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`,
          )
        ).rowCount,
      }));
      expect(left).toEqual({ table: 0, record: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
