#!/usr/bin/env node
// Builds the web view (web/ → public/app/) with esbuild: one script, one stylesheet and the page,
// all served by the service itself (no CDN). Runs after `npm ci` (postinstall), in `npm start` /
// `npm run build`, and in the browser test before it loads the page (docs/adr/0006-web-view.md).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'web');
const OUT = path.join(ROOT, 'public', 'app');

/** Builds the bundle; resolves to the files written. */
async function buildWeb({ quiet = false } = {}) {
  const esbuild = require('esbuild');
  fs.mkdirSync(OUT, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { app: path.join(SRC, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir: OUT,
    jsx: 'automatic',
    loader: { '.yaml': 'text' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
  });
  fs.copyFileSync(path.join(SRC, 'index.html'), path.join(OUT, 'index.html'));
  const files = [...Object.keys(result.metafile.outputs), 'public/app/index.html'];
  if (!quiet) {
    for (const f of files) {
      const size = fs.statSync(path.join(ROOT, f)).size;
      console.log(`web view: ${f} ${(size / 1024).toFixed(1)} KiB`);
    }
  }
  return files;
}

module.exports = { buildWeb, WEB_OUT_DIR: OUT };

if (require.main === module) {
  // Docker's dependency layer runs `npm ci` before the sources are copied; a production install
  // has no esbuild. Either way there is nothing to build yet: say so and succeed.
  if (!fs.existsSync(path.join(SRC, 'src', 'main.tsx'))) {
    console.log('web view: no web/ sources here, build skipped');
    process.exit(0);
  }
  try {
    require.resolve('esbuild');
  } catch {
    console.log('web view: esbuild is not installed (production install), build skipped');
    process.exit(0);
  }
  buildWeb().catch((err) => {
    console.error(`web view: build failed: ${err.message}`);
    process.exit(1);
  });
}
