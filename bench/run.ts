// npm run bench: figures for the speed and memory targets (printed, not asserted).
//   1. engine: every corpus file, many times (ops/s, p50/p99)
//   2. a 3 MiB multi-document manifest: analysis time and memory
//   3. a 500-container pod: analysis time
//   4. HTTP: small-analyze throughput, and small-request latency while 3 MiB manifests are parsed
import { performance } from 'node:perf_hooks';
import { analyzeManifest } from '../src/engine';
import { corpus, multiDocument, wideDeployment } from './fixtures';

const ms = (v: number): string => `${v.toFixed(2)} ms`;
const mib = (v: number): string => `${(v / 1024 / 1024).toFixed(1)} MiB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function benchEngine(): void {
  const files = corpus();
  const durations: number[] = [];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
  for (let i = 0; i < 3; i++) for (const f of files) analyzeManifest(f.text); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const f of files) {
      durations.push(time(() => analyzeManifest(f.text)).ms);
    }
  }
  const total = performance.now() - t0;
  durations.sort((a, b) => a - b);
  console.log(
    `engine: ${files.length} corpus files x ${rounds}: ${(durations.length / (total / 1000)).toFixed(0)} analyses/s, p50 ${ms(percentile(durations, 50))}, p99 ${ms(percentile(durations, 99))}, max ${ms(durations.at(-1) ?? 0)}`,
  );
}

function benchLarge(): void {
  const { text, documents } = multiDocument(3 * 1024 * 1024 - 1024);
  global.gc?.();
  const before = process.memoryUsage();
  const run = time(() => analyzeManifest(text));
  const after = process.memoryUsage();
  const report = run.value.ok ? run.value.report : null;
  console.log(
    `3 MiB multi-document (${mib(Buffer.byteLength(text))}, ${documents} documents, ${report?.workloads.length ?? 0} workloads): ${ms(run.ms)}; heap +${mib(after.heapUsed - before.heapUsed)}, rss ${mib(after.rss)}`,
  );
  const wide = wideDeployment(500);
  analyzeManifest(wide);
  const w = time(() => analyzeManifest(wide));
  console.log(
    `500-container pod (${(Buffer.byteLength(wide) / 1024).toFixed(0)} KiB): ${ms(w.ms)}`,
  );
}

/** Inputs an attacker (or a broken pipeline) sends: each must be refused in milliseconds. */
function benchHostile(): void {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const name = String.fromCharCode(97 + i);
    laughs.push(
      `${name}: &${name} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  }
  const cases: [string, string][] = [
    ['billion laughs (9 levels of 9 aliases)', `${laughs.join('\n')}\n`],
    ['10,000-document stream', Array.from({ length: 10000 }, (_, i) => `a: ${i}\n`).join('---\n')],
    ['10,000-level nested flow sequence', `${'['.repeat(10000)}${']'.repeat(10000)}`],
    ['3 MiB + 1 byte', `# ${'x'.repeat(3 * 1024 * 1024 - 1)}`],
  ];
  for (const [label, text] of cases) {
    analyzeManifest(text);
    const runs = Array.from({ length: 5 }, () => time(() => analyzeManifest(text)));
    const reasons = runs[0]!.value.ok
      ? [...new Set(runs[0]!.value.report.diagnostics.map((d) => d.reason))].join(',')
      : 'refused';
    console.log(
      `hostile: ${label}: ${ms(Math.max(...runs.map((r) => r.ms)))} (worst of 5) -> ${reasons}`,
    );
  }
}

async function benchHttp(): Promise<void> {
  const { createApp } = await import('../src/app.setup');
  const { loadConfig } = await import('../src/config/config');
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    workerThreads: 2,
    rateLimitPerMinute: 1_000_000,
  };
  // analyze needs no database; nothing listens on port 9.
  const app = await createApp(config, 'postgresql://bench@127.0.0.1:9/none', { logs: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const small = corpus().find((f) => f.name.startsWith('01-'))!.text;
  const post = (body: string) =>
    fetch(`${base}/v1/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body,
    }).then(async (r) => {
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    });

  // Throughput: 8 concurrent clients for a few seconds.
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < until) {
        await post(small);
        done++;
      }
    }),
  );
  console.log(
    `HTTP POST /v1/analyze (6 KB Istio pod, full report with fixes), 8 clients, ${seconds}s: ${(done / seconds).toFixed(0)} req/s`,
  );

  // A portal's GraphQL query: roles, effective resources, QoS, time to ready, findings (no fixes, no SVG).
  const query = `query($input: AnalyzeInput!) { analyze(input: $input) { diagnostics { severity message }
    workloads { kind name containers { name role } resources { requests { resource quantity } qosClass }
      lifecycle { podReadyAtSeconds terminationCompletesAtSeconds } findings { ruleId severity message } } } }`;
  for (const [label, manifest] of [
    ['same Istio pod', small],
    [
      'minimal 1-container pod',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n',
    ],
  ] as const) {
    const payload = JSON.stringify({ query, variables: { input: { manifest } } });
    let gqlDone = 0;
    const gqlUntil = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < gqlUntil) {
          const r = await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: payload,
          });
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
          gqlDone++;
        }
      }),
    );
    console.log(
      `HTTP POST /graphql analyze (${label}, portal query), 8 clients, ${seconds}s: ${(gqlDone / seconds).toFixed(0)} req/s`,
    );
  }

  // Responsiveness: small requests while two 3 MiB manifests are analysed in the worker pool.
  const { text } = multiDocument(3 * 1024 * 1024 - 1024);
  const latencies: number[] = [];
  let bigDone = false;
  const t0 = performance.now();
  const big = Promise.all([post(text), post(text)]).then(() => {
    bigDone = true;
  });
  while (!bigDone) {
    const s = performance.now();
    await post(small);
    latencies.push(performance.now() - s);
  }
  await big;
  const bigMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  console.log(
    `while 2 x 3 MiB were analysed (${ms(bigMs)}): ${latencies.length} small requests answered, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)}`,
  );
  await app.close();
}

async function main(): Promise<void> {
  console.log(`sidecar-lens benchmarks (node ${process.version}, ${process.arch})`);
  benchEngine();
  benchLarge();
  benchHostile();
  if (process.env.BENCH_HTTP !== '0') {
    await benchHttp();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
