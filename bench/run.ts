// npm run bench: every target of issue 12, each as a ratio to a yardstick measured in the same
// run, one line per target and a verdict summary at the end:
//   target <id>: <measured> vs <yardstick> = <ratio>x (target <= 3x) PASS|FAIL
//   1. engine: the full analysis (no pictures, no fixed manifests: what GraphQL and REST compute
//      unless asked) against js-yaml's load of the same text; linear in containers and documents
//   2. HTTP (bench/http.ts): GraphQL and REST against a bare node:http server
//   3. event loop: delay p99 of the real service while hostile inputs arrive
//   4. fleet: 10,000 workloads through the real CLI, wall time and peak RSS
//   5. persistence (bench/saves.ts): revision saves per second, listing 100 of 100,000 scenarios
// Absolute figures move +-25% between runs on a shared machine; the ratios are what count.
// BENCH_ENGINE=0, BENCH_HTTP=0, BENCH_EVENT_LOOP=0, BENCH_FLEET=0, BENCH_PERSISTENCE=0 skip a
// section. Engine costs are CPU time per call (process.cpuUsage), so that waiting for a core on a
// shared machine does not count.
// `npm run bench` runs with the V8 flag the service runs with (--max-semi-space-size=64, see
// src/common/young-generation.ts); the worker pools get the same young generation.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadAll } from 'js-yaml';
import { analyzeManifest } from '../src/engine';
import {
  aliasHeavyPod,
  documentStream,
  largePod,
  multiDocument,
  playgroundDeployment,
  wideDeployment,
} from './fixtures';

type Verdict = 'PASS' | 'FAIL' | 'NOT MEASURED';
const verdicts: { id: string; verdict: Verdict }[] = [];

/** Prints one target line and records its verdict. */
function target(
  id: string,
  measured: string,
  yardstick: string,
  ratio: number,
  limit: { max?: number; min?: number },
): void {
  const pass =
    (limit.max === undefined || ratio <= limit.max) &&
    (limit.min === undefined || ratio >= limit.min);
  const bound = limit.max !== undefined ? `<= ${limit.max}x` : `>= ${limit.min}x`;
  const verdict: Verdict = pass ? 'PASS' : 'FAIL';
  verdicts.push({ id, verdict });
  console.log(
    `target ${id}: ${measured} vs ${yardstick} = ${ratio.toFixed(2)}x (target ${bound}) ${verdict}`,
  );
}

function notMeasured(id: string, reason: string): void {
  verdicts.push({ id, verdict: 'NOT MEASURED' });
  console.log(`target ${id}: not measured: ${reason}`);
}

/** Lines from another bench module (`target <id>: ... PASS|FAIL`), verdicts recorded. */
function collect(lines: string[]): void {
  for (const line of lines) {
    console.log(line);
    const m = /^target ([^:]+):.*\b(PASS|FAIL)\s*$/.exec(line);
    if (m) verdicts.push({ id: m[1]!, verdict: m[2] as Verdict });
  }
}

const us = (v: number): string =>
  v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(0)} us`;

/**
 * CPU microseconds per call of `fn` (this process's user + system time, over ~`ms` of it): on a
 * shared machine, time spent waiting for a core is not the code's cost.
 */
function perCall(fn: () => unknown, ms: number): number {
  let n = 0;
  const c0 = process.cpuUsage();
  let spent = 0;
  while (spent < ms * 1000 || n < 3) {
    fn();
    n++;
    if (n % 4 === 0 || n < 4) {
      const c = process.cpuUsage(c0);
      spent = c.user + c.system;
    }
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 3000);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * The subject and the yardstick measured in alternating rounds (drift on a shared machine hits
 * both alike); the medians of each, and the median of the per-round ratios.
 */
function paired(
  subject: () => unknown,
  yardstick: () => unknown,
  rounds = Number(process.env.BENCH_ROUNDS ?? 7),
  ms = 150,
): { subject: number; yardstick: number; ratio: number } {
  // Warm up until the JIT has settled: the engine is a lot of code, and V8 compiles it on
  // background threads whose CPU time counts here (a service runs warm).
  const warm = process.cpuUsage();
  while (process.cpuUsage(warm).user + process.cpuUsage(warm).system < WARM_UP_MS * 1000) {
    for (let i = 0; i < 10; i++) {
      subject();
      yardstick();
    }
  }
  const s: number[] = [];
  const y: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = perCall(subject, ms);
    const b = perCall(yardstick, ms);
    s.push(a);
    y.push(b);
    r.push(a / b);
  }
  return { subject: median(s), yardstick: median(y), ratio: median(r) };
}

const analyse = (text: string) => analyzeManifest(text, { includeFixes: false });

function checkAnalysis(text: string, workloads: number): void {
  const r = analyse(text);
  const got = r.ok ? r.report.workloads.length : -1;
  if (got !== workloads) throw new Error(`expected ${workloads} workload(s), got ${got}`);
}

function benchEngine(): void {
  console.log(
    '\n1. engine (analysis without pictures and fixed manifests, as GraphQL and REST compute it unless asked)',
  );
  const playground = playgroundDeployment();
  checkAnalysis(playground, 1);
  // One warm-up over every kind of input first: the engine's code is compiled (on background
  // threads, whose CPU time counts) before any target is measured.
  const warmInputs = [playground, JSON.stringify(loadAll(playground)[0]), largePod(30)];
  const warm = process.cpuUsage();
  while (process.cpuUsage(warm).user + process.cpuUsage(warm).system < 2 * WARM_UP_MS * 1000) {
    for (const text of warmInputs) analyse(text);
  }
  const jsYaml = (text: string) => () => loadAll(text);
  const p = paired(() => analyse(playground), jsYaml(playground));
  target(
    'engine-playground',
    `analyzeManifest ${us(p.subject)} (playground Deployment, ${(playground.length / 1024).toFixed(1)} KB)`,
    `js-yaml load ${us(p.yardstick)}`,
    p.ratio,
    { max: 3 },
  );

  const pod = largePod(30);
  checkAnalysis(pod, 1);
  const l = paired(() => analyse(pod), jsYaml(pod));
  target(
    'engine-30-containers',
    `analyzeManifest ${us(l.subject)} (30-container pod, ${(pod.length / 1024).toFixed(0)} KB)`,
    `js-yaml load ${us(l.yardstick)}`,
    l.ratio,
    { max: 3 },
  );

  // JSON input: the analysis of the manifest written as JSON against js-yaml's load of the YAML
  // text (JSON needs no YAML composition); JSON.parse printed alongside.
  const json = JSON.stringify(loadAll(playground)[0]);
  checkAnalysis(json, 1);
  const j = paired(() => analyse(json), jsYaml(playground));
  const parse = perCall(() => JSON.parse(json), 300);
  target(
    'engine-json',
    `analyzeManifest of the JSON ${us(j.subject)} (JSON.parse alone ${us(parse)})`,
    `js-yaml load of the YAML ${us(j.yardstick)}`,
    j.ratio,
    { max: 2 },
  );

  // Linearity: cost per container and per document at several sizes.
  const unit = (
    label: string,
    sizes: number[],
    make: (n: number) => string,
    count: (n: number) => number,
  ) => {
    const texts = sizes.map(make);
    const warm = process.cpuUsage();
    while (process.cpuUsage(warm).user + process.cpuUsage(warm).system < WARM_UP_MS * 1000) {
      analyse(texts[0]!);
    }
    const costs = sizes.map((n, k) => {
      const text = texts[k]!;
      analyse(text);
      const runs = Array.from({ length: 5 }, () => perCall(() => analyse(text), 60));
      return median(runs) / n;
    });
    const ratio = Math.max(...costs) / Math.min(...costs);
    target(
      `engine-linear-${label}`,
      `per ${label.replace(/s$/, '')} ${sizes.map((n, i) => `${us(costs[i]!)} at ${count(n)}`).join(', ')}`,
      'the smallest unit cost',
      ratio,
      { max: 1.5 },
    );
  };
  unit(
    'containers',
    [125, 250, 500, 1000],
    (n) => wideDeployment(n),
    (n) => n,
  );
  unit(
    'documents',
    [62, 125, 250, 500],
    (n) => documentStream(playground, n),
    (n) => n,
  );
}

/** Target 3: the service's event loop while hostile inputs arrive (analysed or refused). */
async function benchEventLoop(): Promise<void> {
  console.log(
    '\n3. event loop (the real service, createApp; hostile inputs and small requests at once)',
  );
  const { createApp } = await import('../src/app.setup');
  const { loadConfig } = await import('../src/config/config');
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    workerThreads: 2,
    rateLimitPerMinute: 1_000_000,
  };
  // analyze needs no database; nothing listens on port 9.
  const app = await createApp(config, 'postgresql://bench@127.0.0.1:9/none', { logs: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const post = async (body: string): Promise<number> => {
      const r = await fetch(`${base}/v1/analyze`, {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body,
      });
      await r.arrayBuffer();
      return r.status;
    };
    const small = playgroundDeployment();
    const hostile: [string, string][] = [
      ['alias-heavy ~50 KB', aliasHeavyPod(50_000)],
      ['1,000-container pod', wideDeployment(1000)],
      ['500 documents', documentStream(small, 500)],
      ['3 MiB', multiDocument(3 * 1024 * 1024 - 1024).text],
    ];
    await post(small); // warm-up: routes compiled, the pool's first worker started
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const statuses: string[] = [];
    let done = false;
    const t0 = performance.now();
    const heavy = Promise.all(
      [...hostile, ...hostile].map(async ([label, body]) => {
        statuses.push(`${label} ${await post(body)}`);
      }),
    ).finally(() => {
      done = true;
    });
    let smallCount = 0;
    while (!done) {
      await post(small);
      smallCount++;
    }
    await heavy;
    h.disable();
    const p99 = h.percentile(99) / 1e6;
    const max = h.max / 1e6;
    const statusSummary = [...new Set(statuses.map((s) => s.replace(/^.* (\d+)$/, '$1')))].join(
      '/',
    );
    console.log(
      `   ${hostile.length * 2} hostile requests (${hostile.map(([l]) => l).join(', ')}; HTTP ${statusSummary}) and ${smallCount} small ones in ${((performance.now() - t0) / 1000).toFixed(1)} s; event-loop delay max ${max.toFixed(1)} ms`,
    );
    target(
      'event-loop',
      `event-loop delay p99 ${p99.toFixed(1)} ms`,
      'the 50 ms budget',
      p99 / 50,
      { max: 1 },
    );
  } finally {
    await app.close();
  }
}

/** Target 4: the real CLI (`sidecar-lens fleet`) in a child process, wall time and peak RSS. */
async function benchFleetTarget(): Promise<void> {
  console.log(
    '\n4. fleet (the CLI `sidecar-lens fleet` in a child process, worker threads on every core)',
  );
  const { runFleetBench } = await import('./fleet');
  const workloads = Number(process.env.BENCH_FLEET_WORKLOADS ?? 10_000);
  const r = runFleetBench(workloads);
  console.log(
    `   ${workloads} workloads (${r.dumpMiB.toFixed(1)} MiB List dump) in ${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU (${(r.cpuMs / r.ms).toFixed(2)} cores busy on average)`,
  );
  target('fleet-time', `${(r.ms / 1000).toFixed(2)} s`, 'the 10 s budget', r.ms / 10_000, {
    max: 1,
  });
  if (r.rssMiB === null) notMeasured('fleet-rss', '/usr/bin/time is not installed');
  else {
    target(
      'fleet-rss',
      `peak RSS ${r.rssMiB.toFixed(0)} MiB`,
      'the 1536 MiB budget',
      r.rssMiB / 1536,
      {
        max: 1,
      },
    );
  }
}

/** Another helper's section: imported when it exists, reported as not measured otherwise. */
async function section(
  title: string,
  id: string,
  load: () => Promise<() => Promise<string[]>>,
): Promise<void> {
  console.log(`\n${title}`);
  let run: () => Promise<string[]>;
  try {
    run = await load();
  } catch (e) {
    notMeasured(id, `the bench module is missing (${(e as Error).message.split('\n')[0]})`);
    return;
  }
  try {
    collect(await run());
  } catch (e) {
    notMeasured(id, `it failed: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function main(): Promise<void> {
  console.log(
    `sidecar-lens benchmarks (node ${process.version}, ${process.arch}); ratios are measured in this run`,
  );
  const on = (name: string): boolean => process.env[name] !== '0';
  if (on('BENCH_ENGINE')) benchEngine();
  else notMeasured('engine', 'BENCH_ENGINE=0');
  if (on('BENCH_HTTP')) {
    await section('2. HTTP (bench/http.ts)', 'http', async () => {
      const m = (await import('./http')) as { benchHttp?: () => Promise<string[]> };
      if (typeof m.benchHttp !== 'function') throw new Error('bench/http.ts exports no benchHttp');
      return m.benchHttp;
    });
  } else notMeasured('http', 'BENCH_HTTP=0');
  if (on('BENCH_EVENT_LOOP')) {
    try {
      await benchEventLoop();
    } catch (e) {
      notMeasured('event-loop', `it failed: ${(e as Error).message.split('\n')[0]}`);
    }
  } else notMeasured('event-loop', 'BENCH_EVENT_LOOP=0');
  if (on('BENCH_FLEET')) {
    try {
      await benchFleetTarget();
    } catch (e) {
      notMeasured('fleet', `it failed: ${(e as Error).message.split('\n')[0]}`);
    }
  } else notMeasured('fleet', 'BENCH_FLEET=0');
  if (on('BENCH_PERSISTENCE')) {
    await section('5. persistence (bench/saves.ts)', 'persistence', async () => {
      const m = (await import('./saves')) as { benchPersistence?: () => Promise<string[]> };
      if (typeof m.benchPersistence !== 'function') {
        throw new Error('bench/saves.ts exports no benchPersistence');
      }
      const run = m.benchPersistence;
      return () => run();
    });
  } else notMeasured('persistence', 'BENCH_PERSISTENCE=0');

  const count = (v: Verdict): number => verdicts.filter((x) => x.verdict === v).length;
  console.log(
    `\nverdict: ${count('PASS')} PASS, ${count('FAIL')} FAIL, ${count('NOT MEASURED')} not measured`,
  );
  for (const v of verdicts) console.log(`  ${v.verdict.padEnd(12)} ${v.id}`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    // Pools and database clients of the sections must not keep the process alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
