// The web view's server side: / and its assets are served by the service (public in apikey mode),
// the page's settings come from the engine, and the embedded real-world examples are the corpus'.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_SUPPORTED_MINOR, MIN_SUPPORTED_MINOR } from '../../src/engine';
import { bootApp } from '../support/app';
import { REPO_ROOT } from '../support/shared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb } = require('../../scripts/build-web.js') as {
  buildWeb(o: { quiet: boolean }): Promise<string[]>;
};

describe('web view examples', () => {
  const dir = path.join(REPO_ROOT, 'web', 'examples');
  const corpus = path.join(REPO_ROOT, 'test', 'corpus', 'real-world');
  const copies = readdirSync(dir).filter((f) => /^\d\d-/.test(f));

  it.each(copies)('%s is the corpus file byte for byte, with its source line', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect(text).toBe(readFileSync(path.join(corpus, file), 'utf8'));
    expect(text.split('\n')[0]).toMatch(/^# Source: https:\/\/github\.com\//);
  });

  it('embeds at least the three kinds the issue asks for', () => {
    expect(copies.length).toBeGreaterThanOrEqual(3);
    expect(existsSync(path.join(dir, 'native-and-legacy-sidecar.yaml'))).toBe(true);
  });
});

describe('web view routes', () => {
  let local: NestFastifyApplication;
  let keyed: NestFastifyApplication;

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    local = await bootApp();
    keyed = await bootApp({ authMode: 'apikey' });
  });
  afterAll(async () => {
    await local?.close();
    await keyed?.close();
  });

  it('serves the page at / with a policy that allows nothing but this service', async () => {
    const res = await local.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/app/app.js');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    const js = await local.inject({ method: 'GET', url: '/app/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)\./);
  });

  it('offers the supported Kubernetes versions, newest first, and the auth mode', async () => {
    const res = await local.inject({ method: 'GET', url: '/app/config.json' });
    const body = res.json() as { authMode: string; kubernetesVersions: string[] };
    expect(body.authMode).toBe('local');
    expect(body.kubernetesVersions[0]).toBe(`1.${MAX_SUPPORTED_MINOR}`);
    expect(body.kubernetesVersions.at(-1)).toBe(`1.${MIN_SUPPORTED_MINOR}`);
    expect(body.kubernetesVersions).toHaveLength(MAX_SUPPORTED_MINOR - MIN_SUPPORTED_MINOR + 1);
  });

  it('refuses unknown assets and paths outside the bundle', async () => {
    for (const url of ['/app/nope.js', '/app/..%2Fpackage.json', '/app/index.html.map']) {
      const res = await local.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
    }
  });

  it('in apikey mode the page and assets need no key, the API still does', async () => {
    for (const url of ['/', '/app/app.js', '/app/app.css', '/app/config.json']) {
      expect((await keyed.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    const cfg = (await keyed.inject({ method: 'GET', url: '/app/config.json' })).json() as {
      authMode: string;
    };
    expect(cfg.authMode).toBe('apikey');
    const gql = await keyed.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ rules { id } }' }),
    });
    expect(gql.statusCode).toBe(401);
  });
});
