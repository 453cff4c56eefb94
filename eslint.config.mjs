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
    // The boundary: src/engine is plain TypeScript (ARCHITECTURE.md, docs/adr/0001).
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
