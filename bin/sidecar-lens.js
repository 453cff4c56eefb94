#!/usr/bin/env node
// The CLI. It runs the compiled dist/ when that build is newer than every source file (`npm run
// build`; compiling the sources at start costs about 1.5 s per thread), and the TypeScript sources
// otherwise, so a checkout never runs a stale build; a packaged copy without sources runs dist/.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src', 'cli', 'main.ts');
const compiled = path.join(root, 'dist', 'cli', 'main.js');

/** The newest modification time of a .ts file under dir (0 when there is none). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

// `nest build` empties dist/ and writes every file (deleteOutDir), so main.js dates the build.
const fresh =
  !existsSync(source) ||
  (existsSync(compiled) && statSync(compiled).mtimeMs > newestSource(path.join(root, 'src')));
let cli;
if (!fresh) {
  require('@swc-node/register/register').register({}, { exts: ['.ts'] });
  cli = require(source);
} else {
  cli = require(compiled);
}
// A closed pipe (`sidecar-lens rules | head`) ends the command quietly, as Unix tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { version } = require(path.join(root, 'package.json'));
process.exitCode = cli.runCli(process.argv.slice(2), undefined, version);
