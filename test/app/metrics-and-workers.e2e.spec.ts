import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { analyzeManifest } from '../../src/engine';
import { bootApp } from '../support/app';
import { corpusPath } from '../support/shared';

const manifest = readFileSync(corpusPath('04-istio-multi-init-native.yaml'), 'utf8');

describe('worker pool and metrics', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    // Every manifest over 1 KiB goes to the worker pool.
    app = await bootApp({ workerThreads: 1, workerThresholdBytes: 1024 });
  });
  afterAll(() => app.close());

  it('a manifest analysed in a worker thread gives exactly the inline report', async () => {
    const res = await app.inject({
      method: 'POST',
      // The whole report, pictures and fixed manifests included, as the engine gives it inline.
      url: '/v1/analyze?kubernetesVersion=1.33&pictures=true&fixes=true',
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });
    expect(res.statusCode).toBe(200);
    const inline = analyzeManifest(manifest, { kubernetesVersion: '1.33' });
    if (!inline.ok) throw new Error('inline analysis refused its options');
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(inline.report)));
  });

  it('/metrics exposes Prometheus text with request and analysis histograms', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(
      /^sidecar_lens_analysis_duration_seconds_count\{runner="worker"\} [1-9]/m,
    );
    expect(res.body).toMatch(
      /sidecar_lens_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/analyze"/,
    );
    expect(res.body).toMatch(/^sidecar_lens_workloads_analysed_total\{kind="Deployment"\} [1-9]/m);
    expect(res.body).toMatch(/^process_cpu_seconds_total /m);
  });
});
