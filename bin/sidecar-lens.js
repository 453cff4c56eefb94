#!/usr/bin/env node
// The CLI. In a checkout it runs the TypeScript sources (never a stale build); a packaged copy
// without sources runs the compiled dist/.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src', 'cli', 'main.ts');
let cli;
if (existsSync(source)) {
  require('@swc-node/register/register').register({}, { exts: ['.ts'] });
  cli = require(source);
} else {
  cli = require(path.join(root, 'dist', 'cli', 'main.js'));
}
// A closed pipe (`sidecar-lens rules | head`) ends the command quietly, as Unix tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { version } = require(path.join(root, 'package.json'));
process.exitCode = cli.runCli(process.argv.slice(2), undefined, version);
