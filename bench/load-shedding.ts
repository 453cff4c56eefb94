// Twice the capacity, with and without load shedding (issue 11 item 7). The real service
// (src/main.ts, embedded PostgreSQL in a scratch DATA_DIR) takes POST /v1/analyze of the
// playground's example Deployment; autocannon first finds the throughput at 10 connections (the
// capacity), then offers twice that rate over 100 connections, once per SHED_EVENT_LOOP_DELAY_MS.
//
//   node -r @swc-node/register bench/load-shedding.ts [delayMs ...]   (default: 0 1000 200)
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
}>;
import { playgroundExample } from './http';

const ROOT = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

async function startService(
  env: Record<string, string>,
): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      if (out.length < 1e6) out += c.toString();
      const m = /"port":(\d+)\},"msg":"ready in/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`service exited ${code}`)));
  });
  return {
    base,
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const delays = process.argv.slice(2).map(Number);
  const { manifest } = playgroundExample();
  const dataDir = path.join(ROOT, '.data', 'bench-load-shedding');
  mkdirSync(dataDir, { recursive: true });
  const load = (base: string, extra: Record<string, unknown>) =>
    autocannon({
      url: `${base}/v1/analyze?pictures=false`,
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: manifest,
      duration: SECONDS,
      ...extra,
    });
  try {
    for (const delay of delays.length ? delays : [0, 1000, 200]) {
      const service = await startService({
        DATA_DIR: dataDir,
        SHED_EVENT_LOOP_DELAY_MS: String(delay),
        RATE_LIMIT_PER_MINUTE: '1000000',
      });
      try {
        await load(service.base, { connections: 4, duration: 3 }); // warm up
        const capacity = await load(service.base, { connections: 10 });
        const rate = Math.round(capacity.requests.average * 2);
        const over = await load(service.base, { connections: 100, overallRate: rate });
        const count = (code: string) => over.statusCodeStats[code]?.count ?? 0;
        const total = Object.values(over.statusCodeStats).reduce((n, s) => n + s.count, 0);
        process.stdout.write(
          `${JSON.stringify({
            shedEventLoopDelayMs: delay,
            capacityRps: Math.round(capacity.requests.average),
            capacityP99Ms: capacity.latency.p99,
            offeredRps: rate,
            p50Ms: over.latency.p50,
            p99Ms: over.latency.p99,
            maxMs: over.latency.max,
            ok: count('200'),
            shed503: count('503'),
            share503: total ? Math.round((1000 * count('503')) / total) / 10 : 0,
            errors: over.errors,
            timeouts: over.timeouts,
          })}\n`,
        );
      } finally {
        await service.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
