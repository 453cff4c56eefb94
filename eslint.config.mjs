// ESLint flat config. `npm run lint` never fixes (ESLint's own convention); `npm run lint:fix` does.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ENGINE_BANNED_IMPORTS = {
  patterns: [
    {
      group: ['@nestjs/*'],
      message: 'The engine is pure: no Nest (docs/adr/0001-pure-engine-boundary.md).',
    },
    {
      group: ['@prisma/*', 'prisma', '**/generated/prisma/**', '**/database/**'],
      message: 'The engine is pure: no Prisma or database code.',
    },
    {
      group: ['graphql', 'graphql/*', 'mercurius', 'class-validator', 'class-transformer'],
      message: 'The engine is pure: no GraphQL or transport validation.',
    },
    {
      group: [
        'fs',
        'fs/*',
        'node:fs',
        'node:fs/*',
        'path',
        'node:path',
        'child_process',
        'node:child_process',
        'worker_threads',
        'node:worker_threads',
        'os',
        'node:os',
        'http',
        'node:http',
        'net',
        'node:net',
        'crypto',
        'node:crypto',
      ],
      message: 'The engine is pure: no file system, network, process or crypto access.',
    },
    {
      group: ['**/modules/**', '**/common/**', '**/config/**', '../../app*'],
      message: 'The engine must not depend on the application layer.',
    },
  ],
};

// The engine's own layers, lowest first: a module imports its own layer and those below it, never
// one above (docs/architecture.md, "The engine, stage by stage"). Each name is a folder or a
// top-level file of src/engine. analyze.ts composes the stages; fleet runs analyze over a cluster
// dump; index.ts is the public surface.
export const ENGINE_LAYERS = [
  ['k8s', 'quantity', 'report'],
  ['workload'],
  ['intake'],
  ['containers'],
  ['validation'],
  ['classification'],
  ['resources'],
  ['lifecycle'],
  ['rules'],
  ['exemptions'],
  ['advice'],
  ['analyze'],
  ['fleet'],
  ['index'],
];

const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The specifier that reaches src/engine from a file `depth` folders below it: '.', '..', '../..'. */
const engineRoot = (depth) => (depth === 0 ? '\\.' : Array(depth).fill('\\.\\.').join('/'));

/** no-restricted-imports patterns that refuse every layer above `rank`, for a file at `depth`. */
function upwardImportPatterns(rank, name, depth) {
  const root = engineRoot(depth);
  return ENGINE_LAYERS.slice(rank + 1).flatMap((layer, i) =>
    layer.map((above) => {
      const target =
        above === 'index'
          ? `^${root}(/(index(\\.ts)?)?)?$`
          : `^${root}/${escapeRe(above)}(\\.ts)?(/.*)?$`;
      return {
        regex: target,
        message: `Engine layers: ${name} (layer ${rank + 1}) must not import ${above} (layer ${rank + i + 2}, above it); the order is in eslint.config.mjs ENGINE_LAYERS.`,
      };
    }),
  );
}

/** One config block per engine module and depth, each with the engine's boundary and its layer rule. */
function engineLayerBlocks() {
  const blocks = [];
  const add = (files, rank, name, depth) =>
    blocks.push({
      files,
      ignores: ['src/engine/**/*.spec.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...ENGINE_BANNED_IMPORTS.patterns,
              ...upwardImportPatterns(rank, name, depth),
            ],
          },
        ],
      },
    });
  ENGINE_LAYERS.forEach((layer, rank) => {
    for (const name of layer) {
      add([`src/engine/${name}.ts`], rank, name, 0);
      add([`src/engine/${name}/*.ts`], rank, name, 1);
      add([`src/engine/${name}/*/*.ts`], rank, name, 2);
    }
  });
  return blocks;
}

// Version facts live in one table (src/engine/k8s/features.ts): nothing else compares minors.
const MINOR_COMPARISON = {
  selector: "MemberExpression[property.name='minor']",
  message:
    'Version facts live in src/engine/k8s/features.ts: ask it by name (gates.X, fieldServed, removedApi, enabledFrom) instead of comparing .minor.',
};
const NO_CLOCK = {
  selector: "NewExpression[callee.name='Date']",
  message: 'The engine is pure: no clock.',
};
const VERSION_TABLE_FILES = ['src/engine/k8s/version.ts', 'src/engine/k8s/features.ts'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'src/generated/**',
      '.data/**',
      'test-artifacts/**',
      'public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Decorator metadata needs the runtime import of injected classes (Nest DI).
    files: ['src/**/*.ts'],
    ignores: ['src/engine/**'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The boundary: src/engine is plain TypeScript (docs/architecture.md, docs/adr/0001).
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', ENGINE_BANNED_IMPORTS],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The engine is pure: no process or environment access.' },
        { name: 'require', message: 'The engine is pure: static imports only.' },
        { name: 'setTimeout', message: 'The engine is pure: no timers.' },
        { name: 'fetch', message: 'The engine is pure: no network.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine is pure: no clock.' },
        { object: 'Math', property: 'random', message: 'The engine is pure: no randomness.' },
        { object: 'process', property: 'env', message: 'The engine is pure: no environment.' },
      ],
      'no-restricted-syntax': ['error', NO_CLOCK, MINOR_COMPARISON],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // The engine's layers (after the boundary block: each repeats the boundary's patterns).
  ...engineLayerBlocks(),
  {
    // The version table itself may read .minor.
    files: VERSION_TABLE_FILES,
    rules: { 'no-restricted-syntax': ['error', NO_CLOCK] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/engine/**', 'src/**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', MINOR_COMPARISON] },
  },
  {
    // Only repositories and src/database may touch Prisma.
    files: ['src/**/*.ts'],
    ignores: [
      'src/database/**',
      'src/**/*.repository.ts',
      'src/engine/**',
      'src/generated/**',
      'src/**/*.spec.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@prisma/*', '**/generated/prisma/**'],
              message: 'Only *.repository.ts and src/database may use Prisma.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**', 'bench/**', 'bin/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
