#!/usr/bin/env node
// Generates the Prisma client after `npm ci`. Prisma's CLI would try to download its native
// schema engine, which `generate` does not need; pointing it at /bin/false keeps install offline.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
execFileSync(process.execPath, [prismaBin, 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
