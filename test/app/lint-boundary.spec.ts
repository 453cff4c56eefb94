import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../support/shared';

// The engine's purity (docs/adr/0001) is enforced by ESLint; this proves the rule actually fires.
// ESLint runs as a child process (its config loader needs native ESM, which jest's VM lacks).
const lintEngineFile = async (code: string): Promise<string[]> => {
  const run = spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--stdin',
      '--stdin-filename',
      'src/engine/boundary-probe.ts',
      '--format',
      'json',
    ],
    { cwd: REPO_ROOT, input: code, encoding: 'utf8', timeout: 60000 },
  );
  const [result] = JSON.parse(run.stdout) as {
    messages: { ruleId: string | null; message: string }[];
  }[];
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
};

describe('engine boundary (ESLint)', () => {
  jest.setTimeout(60000);

  it.each([
    [
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
      'no-restricted-imports',
      'Nest',
    ],
    [
      "import { PrismaClient } from '@prisma/client';\nexport const x = PrismaClient;\n",
      'no-restricted-imports',
      'Prisma',
    ],
    [
      "import { parse } from 'graphql';\nexport const x = parse;\n",
      'no-restricted-imports',
      'GraphQL',
    ],
    [
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'no-restricted-imports',
      'file system',
    ],
    ['export const x = process.env.HOME;\n', 'no-restricted-', 'environment'],
    ['export const x = Date.now();\n', 'no-restricted-properties', 'clock'],
    ['export const x = Math.random();\n', 'no-restricted-properties', 'randomness'],
    ['export const x = new Date();\n', 'no-restricted-syntax', 'clock'],
    // Version facts live in src/engine/k8s/features.ts; a private `.minor` comparison is refused.
    [
      'export const on = (v: { minor: number }): boolean => v.minor >= 33;\n',
      'no-restricted-syntax',
      'features.ts',
    ],
  ])('rejects %j', async (code, rule, word) => {
    const messages = await lintEngineFile(code);
    expect(messages.some((m) => m.startsWith(rule) && m.includes(word))).toBe(true);
  });

  it('accepts plain TypeScript', async () => {
    expect(await lintEngineFile('export const double = (n: number): number => n * 2;\n')).toEqual(
      [],
    );
  });
});
