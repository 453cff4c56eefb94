// Renders the lifecycle SVG of the Istio-injected pod (corpus 01) in headless Chromium: it must
// draw (non-zero box), carry every lane label as text, load nothing external, and leave a
// screenshot in test-artifacts/lifecycle-svg.png for a person to look at.
import { classifyContainers } from '../../src/engine/classification';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { readManifest } from '../../src/engine/intake';
import { validateWorkload } from '../../src/engine/validation';
import { featureGatesFor, versionOf } from '../../src/engine/k8s/version';
import { simulateLifecycle } from '../../src/engine/lifecycle';
import { REPO_ROOT, corpusPath } from '../support/shared';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`svg-render: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}
const itWithBrowser = hasChromium ? it : it.skip;

function istioPodSvg(): { svg: string; lanes: string[] } {
  const version = versionOf(37);
  const text = readFileSync(corpusPath('01-istio-native-sidecar-pod.yaml'), 'utf8');
  const workload = readManifest(text, { version, validate: validateWorkload }).workloads[0];
  if (workload === undefined) {
    throw new Error('corpus 01 has no workload');
  }
  const ctx = { workload, version, gates: featureGatesFor(version) };
  const report = simulateLifecycle(ctx, classifyContainers(ctx));
  return {
    svg: report.svg,
    lanes: ['istio-init (init)', 'istio-proxy (sidecar)', 'other-sidecar (sidecar)', 'hello (app)'],
  };
}

describe('lifecycle SVG in a browser', () => {
  let browser: Browser | null = null;

  afterAll(async () => {
    await browser?.close();
  });

  itWithBrowser('renders the Istio pod timeline with its lane labels', async () => {
    const { svg, lanes } = istioPodSvg();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') {
        requests.push(r.url());
      }
    });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);

    const box = await page.locator('svg').first().boundingBox();
    expect(box).not.toBeNull();
    expect(box?.width ?? 0).toBeGreaterThan(500);
    expect(box?.height ?? 0).toBeGreaterThan(200);

    const labels = await page.locator('svg text.lane-label').allTextContents();
    for (const lane of lanes) {
      expect(labels).toContain(lane);
    }
    // Both charts are there: start-up and termination (sidecars stopping after the app).
    const allText = (await page.locator('svg').first().textContent()) ?? '';
    expect(allText).toContain('start-up');
    expect(allText).toContain('termination');
    expect(allText).toContain('Ready 22s');
    expect(requests).toEqual([]);

    const dir = path.join(REPO_ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    await page
      .locator('svg')
      .first()
      .screenshot({ path: path.join(dir, 'lifecycle-svg.png') });
    expect(existsSync(path.join(dir, 'lifecycle-svg.png'))).toBe(true);
  });
});
