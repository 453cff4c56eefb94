import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium; CI installs it (.ci/run). Browser tests are skipped, visibly, without it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** `describe` when Chromium is installed, `describe.skip` (reported as skipped) when it is not. */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (HAS_CHROMIUM) {
    describe(name, fn);
  } else {
    console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH}`);
    describe.skip(name, fn);
  }
}
