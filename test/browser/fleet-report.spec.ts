/// <reference lib="dom" />
// The self-contained HTML fleet report in headless Chromium: it loads with every network request
// refused, its three charts are drawn with one bar per namespace or helper, and the figures of the
// known dump (test/engine/fleet/fixtures, figures worked out in fleet-report.spec.ts) show.
// docs/images/fleet-report.png is written from this page (README, "Fleet report").
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  buildFleetReport,
  formatFleetHtml,
  resolveDeferred,
  splitDump,
  summarizeUnits,
} from '../../src/engine';
import type { FleetItem } from '../../src/engine';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/shared';

const FIXTURES = path.join(REPO_ROOT, 'test', 'engine', 'fleet', 'fixtures');

function read(file: string): { items: FleetItem[]; folded: number } {
  const name = path.join(FIXTURES, file);
  const units = splitDump('cluster.yaml', readFileSync(name, 'utf8'));
  const first = summarizeUnits(units, { kubernetesVersion: '1.33', deferOwned: true });
  const { orphans, folded } = resolveDeferred(first.items, first.deferred ?? []);
  const rest = summarizeUnits(orphans, { kubernetesVersion: '1.33' });
  return { items: [...first.items, ...rest.items], folded };
}

describeWithBrowser('fleet HTML report (headless Chromium, offline)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders its charts and figures without any network, and is screenshotted for the README', async () => {
    const baseline = read('cluster.yaml');
    const current = read('cluster-next.yaml');
    const html = formatFleetHtml(
      buildFleetReport(current, { kubernetesVersion: '1.33' }, baseline),
    );
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(html, { waitUntil: 'load' });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    const charts = await page.$$eval('svg[role="img"]', (svgs) =>
      svgs.map((s) => ({
        label: s.getAttribute('aria-label'),
        bars: s.querySelectorAll('rect').length,
        width: s.getBoundingClientRect().width,
      })),
    );
    expect(charts.map((c) => c.label)).toEqual([
      expect.stringMatching(/^Sidecar cost per month by namespace/),
      expect.stringMatching(/^Sidecar share of running cpu requests by namespace/),
      expect.stringMatching(/legacy|native/i),
    ]);
    for (const c of charts) {
      expect(c.bars).toBeGreaterThan(0);
      expect(c.width).toBeGreaterThan(100);
    }
    const text = await page.evaluate(() => document.body.innerText);
    for (const ns of ['shop', 'batch', 'infra']) expect(text).toContain(ns);
    expect(text).toMatch(/istio/i);
    expect(text).toContain('migrated legacy -> native: shop/Deployment/web istio-proxy');
    expect(text).toContain('infra/DaemonSet/node-agent: 5.7 cores, 2.625 GiB');
    const images = path.join(REPO_ROOT, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    await page.screenshot({ path: path.join(images, 'fleet-report.png'), fullPage: true });
    // Nothing runs off the right edge of the page.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
