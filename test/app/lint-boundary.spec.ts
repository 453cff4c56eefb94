import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../support/shared';

// The engine's purity (docs/adr/0001) is enforced by ESLint; this proves the rule actually fires.
// ESLint runs as a child process (its config loader needs native ESM, which jest's VM lacks).
const lintEngineFile = async (
  code: string,
  filename = 'src/engine/boundary-probe.ts',
): Promise<string[]> => {
  const run = spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--stdin',
      '--stdin-filename',
      filename,
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

  // The engine's own layers (eslint.config.mjs ENGINE_LAYERS): a stage imports only the stages
  // below it. Each probe is linted as a file of the named folder.
  it.each([
    ['src/engine/lifecycle/probe.ts', '../rules', 'lifecycle', 'rules'],
    ['src/engine/lifecycle/probe.ts', '../advice/recommend', 'lifecycle', 'advice'],
    ['src/engine/intake/probe.ts', '../validation', 'intake', 'validation'],
    ['src/engine/resources/probe.ts', '../lifecycle/plan', 'resources', 'lifecycle'],
    ['src/engine/rules/startup/probe.ts', '../../exemptions', 'rules', 'exemptions'],
    ['src/engine/workload.ts', './intake', 'workload', 'intake'],
    ['src/engine/fleet/probe.ts', '..', 'fleet', 'index'],
    ['src/engine/advice/probe.ts', '../analyze', 'advice', 'analyze'],
  ])('rejects an upward import in %s of %j', async (file, from, layer, above) => {
    const messages = await lintEngineFile(
      `import { x } from '${from}';\nexport const y = x;\n`,
      file,
    );
    expect(
      messages.some(
        (m) =>
          m.startsWith('no-restricted-imports') &&
          m.includes(`${layer} (layer`) &&
          m.includes(`import ${above} (layer`),
      ),
    ).toBe(true);
  });

  it.each([
    ['src/engine/lifecycle/probe.ts', '../resources'],
    ['src/engine/lifecycle/probe.ts', '../k8s/types'],
    ['src/engine/validation/probe.ts', './resources'],
    ['src/engine/validation/probe.ts', '../intake/paths'],
    ['src/engine/rules/resources/probe.ts', '../helpers'],
    ['src/engine/rules/startup/probe.ts', '../../lifecycle'],
    ['src/engine/analyze.ts', './advice'],
  ])('accepts a downward or local import in %s of %j', async (file, from) => {
    expect(
      await lintEngineFile(`import { x } from '${from}';\nexport const y = x;\n`, file),
    ).toEqual([]);
  });

  it('still applies the outer boundary inside a layer', async () => {
    const messages = await lintEngineFile(
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
      'src/engine/lifecycle/probe.ts',
    );
    expect(messages.some((m) => m.includes('Nest'))).toBe(true);
  });
});
