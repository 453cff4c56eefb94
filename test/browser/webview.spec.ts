/// <reference lib="dom" />
// The web view at / in headless Chromium with every non-localhost request cut: it must work
// air-gapped. It analyses a Deployment with a native sidecar (an init container with
// restartPolicy: Always) and a legacy one (a helper in spec.containers), and checks what
// Kubernetes does with them (KEP-753, https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/):
// one lane per container, the native sidecar stopped only after the app containers exited, a fix
// that moves the legacy helper into initContainers; then it saves two revisions and compares them.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiKeysService } from '../../src/modules/auth/api-keys.service';
import { bootApp } from '../support/app';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/shared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb } = require('../../scripts/build-web.js') as {
  buildWeb(o: { quiet: boolean }): Promise<string[]>;
};

const MANIFEST = readFileSync(
  path.join(REPO_ROOT, 'web', 'examples', 'native-and-legacy-sidecar.yaml'),
  'utf8',
);
const IMAGES = path.join(REPO_ROOT, 'docs', 'images');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}
const SHOTS = process.env.WEBVIEW_SCREENSHOTS === '1';

async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

interface Watch {
  blocked: string[];
  failed: string[];
  errors: string[];
}

async function openPage(browser: Browser): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const watch: Watch = { blocked: [], failed: [], errors: [] };
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (
      ['127.0.0.1', 'localhost'].includes(url.hostname) ||
      ['data:', 'blob:'].includes(url.protocol)
    ) {
      return route.continue();
    }
    watch.blocked.push(url.href);
    return route.abort();
  });
  page.on('requestfailed', (r) => watch.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  return { page, watch };
}

const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(IMAGES, `webview-${name}.png`) });
};

async function analyse(page: Page, manifest: string) {
  await page.fill('#manifest', manifest);
  await page.click('button:has-text("Analyse")');
  await page.waitForFunction(
    (text) =>
      !document.querySelector('.topbar button.primary')?.textContent?.includes('Analysing') &&
      document.querySelector('.summary')?.textContent?.includes(text),
    'Deployment/checkout',
    { timeout: 20000 },
  );
}

/** The time of an event mark, from its accessible label ("6 s: log-shipper SIGTERM — ..."). */
async function markTime(
  page: Page,
  chart: string,
  container: string,
  event: string,
): Promise<number> {
  const labels = await page
    .locator(`[data-timeline=${chart}] g.mark[data-event~=${event}]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const label = labels.find((l) => l.includes(`: ${container} `));
  if (!label) {
    throw new Error(`no ${event} mark for ${container} in ${chart}: ${labels.join(' | ')}`);
  }
  return Number(/^([\d.]+) s/.exec(label)?.[1]);
}

describeWithBrowser('web view at / (headless Chromium, offline)', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // The bundle is built from web/ here too, so the test never runs a stale one.
    await buildWeb({ quiet: true });
    app = await bootApp();
    base = await listen(app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('analyses a native and a legacy sidecar, shows one lane per container, a fix diff, and the diff of two saved revisions', async () => {
    const { page, watch } = await openPage(browser);
    const res = await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("connect-src 'self'");

    await analyse(page, MANIFEST);
    await page.waitForSelector('[data-timeline=startup] [data-lane]');

    // One lane per container, in the kubelet's start order, each with its role.
    const lanes = await page
      .locator('[data-timeline=startup] [data-lane]')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-lane'), e.querySelector('.lane-role')?.textContent]),
      );
    expect(lanes).toEqual([
      ['migrate', 'init'],
      ['log-shipper', 'sidecar'],
      ['app', 'app'],
      ['cloudsql-proxy', 'app · legacy sidecar'],
    ]);
    expect(await page.locator('[data-timeline=termination] [data-lane]').count()).toBe(4);

    // Start-up: the native sidecar is started before the app containers start (KEP-753).
    const sidecarStarted = await markTime(
      page,
      'startup',
      'log-shipper',
      'STARTUP_PROBE_SUCCEEDED',
    );
    const appStarted = await markTime(page, 'startup', 'app', 'CONTAINER_STARTED');
    expect(appStarted).toBeGreaterThan(sidecarStarted);
    // Ready and Initialized lines are drawn.
    expect(await page.locator('[data-timeline=startup] .pod-pod_initialized').count()).toBe(1);
    expect(await page.locator('[data-timeline=startup] .pod-pod_ready').count()).toBe(1);
    // Termination: the legacy helper gets SIGTERM with the app, at deletion; the native sidecar
    // only once every app container has exited; the grace period is drawn.
    const appExited = await markTime(page, 'termination', 'app', 'CONTAINER_EXITED');
    expect(await markTime(page, 'termination', 'cloudsql-proxy', 'SIGTERM_SENT')).toBe(0);
    expect(
      await markTime(page, 'termination', 'log-shipper', 'SIGTERM_SENT'),
    ).toBeGreaterThanOrEqual(appExited);
    expect(await page.locator('[data-timeline=termination] .grace-line').count()).toBe(1);
    expect(await page.locator('[data-timeline=termination] .seg-hook').count()).toBe(1); // app's preStop

    // Hover shows an event's detail; the keyboard moves between events.
    await page.hover('[data-timeline=startup] g.mark[data-event~=STARTUP_PROBE_SUCCEEDED]');
    expect(await page.locator('.tooltip').innerText()).toContain('log-shipper');
    await page.locator('[data-timeline=startup] g.mark[tabindex="0"]').focus();
    const first = await page.locator('[data-timeline=startup] .detail-line').innerText();
    await page.keyboard.press('ArrowRight');
    const second = await page.locator('[data-timeline=startup] .detail-line').innerText();
    expect(second).not.toBe(first);
    // Zoom widens the chart.
    const width = () =>
      page.locator('[data-timeline=startup] svg').evaluate((s) => s.getBoundingClientRect().width);
    const before = await width();
    await page.click('[data-timeline=startup] button[aria-label="Zoom in"]');
    expect(await width()).toBeGreaterThan(before * 1.3);
    await page.click('[data-timeline=startup] button:has-text("Fit")');
    await page.hover('[data-timeline=termination] g.mark[data-event~=SIGTERM_SENT] >> nth=-1');
    await shot(page, 'timelines');

    // Resources: each init phase against the running set.
    await page.click('#tab-resources');
    const phases = await page.locator('table.phases tbody th').allInnerTexts();
    expect(phases).toEqual([
      'init migrate',
      'start of sidecar log-shipper',
      'running (apps + all sidecars)',
    ]);
    expect(await page.locator('.resources').innerText()).toContain('Burstable');
    await shot(page, 'resources');

    // Findings: clicking one highlights its line; the fix moves the legacy helper to a native sidecar.
    await page.click('#tab-findings');
    const finding = page.locator('li.finding[data-rule="legacy-sidecar-startup-race"]');
    await finding.locator('.finding-main').click();
    const line = Number(await page.locator('.line-highlight').getAttribute('data-line'));
    expect(MANIFEST.split('\n')[line - 1]).toContain('- name: cloudsql-proxy');
    await finding.locator('button:has-text("Show fix diff")').click();
    await page.waitForSelector('.fix-diff .dl.add', { timeout: 20000 });
    const added = await page.locator('.fix-diff .dl.add').allInnerTexts();
    expect(added.join('\n')).toContain('restartPolicy: Always');
    await shot(page, 'findings');

    await page.click('#tab-advice');
    await page.waitForSelector('.advice [data-verdict]');
    expect(await page.locator('.advice').innerText()).toContain('cloudsql-proxy');
    await shot(page, 'advice');

    // History: save the manifest as revision 1, apply the fix, save revision 2, compare.
    await page.click('#tab-history');
    const name = `webview ${randomUUID().slice(0, 8)}`;
    await page.fill('input[name=scenario-name]', name);
    await page.fill('input[name=scenario-tags]', 'webview-e2e');
    await page.click('button:has-text("Save as new scenario")');
    await page.waitForSelector(`text=Save as revision 2 of “${name}”`, { timeout: 20000 });
    await page.click('#tab-findings');
    // The fix diff opened above is still open.
    await page.click('.fix-diff button:has-text("Use in editor")');
    await page.waitForFunction(
      () => !document.querySelector('li.finding[data-rule="legacy-sidecar-startup-race"]'),
      undefined,
      { timeout: 20000 },
    );
    await page.click('#tab-history');
    await page.click(`button:has-text("Save as revision 2 of “${name}”")`);
    await page.waitForSelector('.rev-diff', { timeout: 20000 });
    const change = async (field: string) =>
      page
        .locator('.rev-diff tr', { has: page.locator('code', { hasText: field }) })
        .locator('td')
        .allInnerTexts();
    const w = 'workloads[Deployment/checkout]';
    // The proxy is now a native sidecar: an init container with restartPolicy: Always ...
    expect(await change(`${w}.containers[cloudsql-proxy].role`)).toEqual(['APP', 'SIDECAR']);
    // ... so the startup race finding is gone ...
    const gone = await change(`${w}.findings[legacy-sidecar-startup-race/cloudsql-proxy]`);
    expect(gone[1]).toBe('absent');
    // ... and, declared before migrate, it runs during migrate's init phase (KEP-753
    // InitContainerUse): 500m + 100m = 600m is the new cpu request.
    expect(await change(`${w}.resources.requests.cpu`)).toEqual(['500m', '600m']);
    expect(await page.locator('.rev-diff caption').allInnerTexts()).toEqual(
      expect.arrayContaining(['Resources', 'Times', 'Findings', 'Containers']),
    );
    // The page's comparison of consecutive revisions is the API's own `changes`.
    expect(await page.locator('.rev-diff h4').innerText()).toContain('as the API’s changes says');
    // The filter finds the scenario by tag.
    await page.fill('input[name=filter-tag]', 'webview-e2e');
    await page.click('button:has-text("Filter")');
    await page.waitForSelector(`.scenario-list >> text=${name}`);
    await shot(page, 'history');

    // The URL holds the state: a new page opens the same scenario revision on the same tab.
    await page.waitForFunction(
      () => location.hash.includes('s=') && location.hash.includes('tab=history'),
    );
    const link = page.url();
    const other = await openPage(browser);
    await other.page.goto(link, { waitUntil: 'load' });
    await other.page.waitForSelector('.rev-diff', { timeout: 20000 });
    expect(await other.page.inputValue('#manifest')).toContain('name: cloudsql-proxy');
    expect((await other.page.inputValue('#manifest')).match(/restartPolicy: Always/g)).toHaveLength(
      2,
    );
    await other.page.close();

    expect(watch.blocked).toEqual([]);
    expect(watch.failed).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(other.watch.errors).toEqual([]);
    await page.close();
  });

  it('keeps a pasted manifest, the version and the timing in a shareable link', async () => {
    const { page, watch } = await openPage(browser);
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await analyse(page, MANIFEST.replace('name: checkout', 'name: checkout # pasted'));
    await page.selectOption('select[name=kubernetes-version]', '1.33');
    await page.click('summary:has-text("Timing assumptions")');
    // The defaults the simulation used are shown.
    expect(await page.getAttribute('input[name=defaultRunSeconds]', 'placeholder')).toBe('5');
    await page.fill('input[name=defaultRunSeconds]', '20');
    // migrate runs 20 s instead of 5: the app starts 15 s later.
    await page.waitForFunction(
      () => document.querySelector('.summary')?.textContent?.includes('Ready 30 s'),
      undefined,
      {
        timeout: 20000,
      },
    );
    await shot(page, 'timing');
    await page.waitForFunction(
      () => location.hash.includes('m=') && location.hash.includes('v=1.33'),
    );
    const other = await openPage(browser);
    await other.page.goto(page.url(), { waitUntil: 'load' });
    await other.page.waitForFunction(
      () => document.querySelector('.summary')?.textContent?.includes('Ready 30 s'),
      undefined,
      {
        timeout: 20000,
      },
    );
    expect(await other.page.inputValue('#manifest')).toContain('# pasted');
    expect(await other.page.inputValue('select[name=kubernetes-version]')).toBe('1.33');
    expect(watch.errors).toEqual([]);
    expect(other.watch.errors).toEqual([]);
    await other.page.close();
    await page.close();
  });

  it('shows an exempted finding with its reason, and every view passes an axe-core WCAG 2 AA audit', async () => {
    const { page, watch } = await openPage(browser);
    await page.goto(`${base}/`, { waitUntil: 'load' });
    // An exemption annotation (README "Exemptions") on the Deployment: the finding moves from the
    // findings list to the exempted list with the justification the team wrote.
    const exempted = MANIFEST.replace(
      /metadata:\n {2}name: checkout\n/,
      'metadata:\n  name: checkout\n  annotations:\n    sidecar-lens.io/ignore-legacy-sidecar-startup-race: "proxy waits for the socket"\n',
    );
    expect(exempted).not.toBe(MANIFEST);
    await analyse(page, exempted);
    await page.click('#tab-findings');
    await page.waitForSelector('li.finding.exempt', { timeout: 20000 });
    expect(
      await page
        .locator('li.finding[data-rule="legacy-sidecar-startup-race"]:not(.exempt)')
        .count(),
    ).toBe(0);
    const card = await page
      .locator('li.finding.exempt[data-rule="legacy-sidecar-startup-race"]')
      .innerText();
    expect(card).toContain('proxy waits for the socket');
    expect(card).toContain('sidecar-lens.io/ignore-legacy-sidecar-startup-race');
    await page.locator('li.finding.exempt').first().scrollIntoViewIfNeeded();
    await shot(page, 'exempt');

    // axe-core (the engine behind Lighthouse's accessibility audit) on every tab: labels, names,
    // roles, keyboard focusability and colour contrast at WCAG 2.x A and AA.
    // Evaluated by the test driver, not as a page script: the page keeps its strict CSP.
    await page.evaluate(AXE_SOURCE);
    const problems: string[] = [];
    for (const tab of ['timelines', 'resources', 'findings', 'advice', 'history']) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(200);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(o: unknown): Promise<AxeResult> } }).axe;
        const r = await axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
        }));
      });
      for (const v of violations) {
        problems.push(`${tab}: ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  describe('in apikey mode', () => {
    let keyed: NestFastifyApplication;
    let keyedBase: string;
    let key: string;
    beforeAll(async () => {
      keyed = await bootApp({ authMode: 'apikey' });
      key = (await keyed.get(ApiKeysService).create(`webview-${randomUUID()}`)).key;
      keyedBase = await listen(keyed);
    });
    afterAll(async () => {
      await keyed?.close();
    });

    it('serves the page without a key, asks for one, and sends it as the bearer token', async () => {
      const { page, watch } = await openPage(browser);
      const res = await page.goto(`${keyedBase}/#ex=istio-job-legacy&tab=timelines`, {
        waitUntil: 'load',
      });
      expect(res?.status()).toBe(200);
      await page.waitForSelector('input[name=api-key]');
      await page.waitForSelector('.error-banner', { timeout: 20000 });
      expect(await page.locator('.error-banner').innerText()).toContain('API key');
      const auth: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/graphql')) auth.push(r.headers().authorization ?? '');
      });
      await page.fill('input[name=api-key]', key);
      // The Istio Job whose proxy is a legacy sidecar never completes (the Job chart says so).
      await page.waitForSelector('[data-timeline=job]', { timeout: 20000 });
      expect(await page.locator('.summary').innerText()).toContain('Job never completes');
      expect(auth.at(-1)).toBe(`Bearer ${key}`);
      await shot(page, 'job');
      // Unauthenticated GraphQL calls are 401s the page reported; nothing else may fail.
      expect(watch.blocked).toEqual([]);
      expect(watch.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await page.close();
    });
  });
});
