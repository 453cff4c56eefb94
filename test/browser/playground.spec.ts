/// <reference lib="dom" />
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { bootApp } from '../support/app';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/shared';

describeWithBrowser('GraphQL playground (headless Chromium, offline)', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await bootApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads with every non-localhost request blocked, runs the example query and shows the result', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    const failed: string[] = [];
    // The network to anything but this service is cut: the page must not need a CDN.
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (
        url.hostname === '127.0.0.1' ||
        url.hostname === 'localhost' ||
        url.protocol === 'data:'
      ) {
        return route.continue();
      }
      blocked.push(url.href);
      return route.abort();
    });
    page.on('requestfailed', (r) => failed.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const res = await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toContain('text/html');
    await page.waitForSelector('.graphiql-container', { timeout: 20000 });
    // The example query (a Deployment with a native sidecar) is preloaded.
    await page.waitForFunction(() => document.body.innerText.includes('query Analyze'), undefined, {
      timeout: 20000,
    });

    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => document.querySelector('.result-window')?.textContent?.includes('"SIDECAR"'),
      undefined,
      {
        timeout: 20000,
      },
    );
    const result = await page.locator('.result-window').innerText();
    expect(result).toContain('"log-shipper"');
    expect(result).toContain('"SIDECAR"');
    expect(result).toContain('"checkout"');

    mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'playground.png') });
    expect(blocked).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('serves the OpenAPI UI offline too', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      blocked.push(url.href);
      return route.abort();
    });
    const res = await page.goto(`${base}/docs`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    await page.waitForFunction(
      () => document.body.innerText.includes('sidecar-lens REST API'),
      undefined,
      {
        timeout: 20000,
      },
    );
    const text = await page.locator('body').innerText();
    expect(text).toContain('/v1/analyze');
    expect(text).toContain('/v1/scenarios');
    expect(blocked).toEqual([]);
  });
});
