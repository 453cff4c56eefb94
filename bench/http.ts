// The HTTP surfaces against their bare ceiling (issue 12, target 2), in one run:
//   - a bare node:http server: JSON.parse of the body -> analyzeManifest with the options the
//     service passes -> JSON.stringify of the report;
//   - the real service (createApp, as `npm start` builds it, access log on, to /dev/null),
//     GraphQL `analyze` with the playground's query and REST POST /v1/analyze;
//   - the frameworks' floor, for the record (no verdict): Fastify + Mercurius (jit) with the
//     service's schema (src/schema.gql) and one resolver that makes the same engine call, and a
//     plain Fastify route for REST, with none of the service's own layers (Nest, hooks, access
//     log, metrics, rate limit); it shows how much of the gap is the stack and how much is ours;
// on the playground's example Deployment. Each server runs in a child process pinned to core 0,
// the load generator (autocannon) in another pinned to core 1. Server CPU is read in the server
// process (process.cpuUsage deltas around each load window), so CPU per request does not depend
// on how fast the load generator is. Rounds alternate bare and service, so drift hits both alike;
// each figure is the median of the rounds (a burst of other work spoils one round, not all).
//
//   node -r @swc-node/register bench/http.ts      (BENCH_HTTP_SECONDS per window, default 2; BENCH_HTTP_ROUNDS, default 5; medians)
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { SEMI_SPACE_FLAG } from '../src/common/young-generation';

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND_SCRIPT = path.join(ROOT, 'public', 'playground', 'playground.js');

export interface PlaygroundExample {
  manifest: string;
  query: string;
  kubernetesVersion: string;
}

/** The example Deployment, query and version the playground opens with (public/playground). */
export function playgroundExample(): PlaygroundExample {
  const script = readFileSync(PLAYGROUND_SCRIPT, 'utf8');
  const lines = (name: string): string => {
    const m = new RegExp(`var ${name} = (\\[[\\s\\S]*?\\])\\.join\\('\\\\n'\\);`).exec(script);
    if (!m) throw new Error(`${name} not found in ${PLAYGROUND_SCRIPT}`);
    return (vm.runInNewContext(m[1]!) as string[]).join('\n');
  };
  const version = /kubernetesVersion: '([^']+)'/.exec(script);
  if (!version) throw new Error(`kubernetesVersion not found in ${PLAYGROUND_SCRIPT}`);
  return {
    manifest: lines('deploymentWithNativeSidecar'),
    query: lines('analyzeQuery'),
    kubernetesVersion: version[1]!,
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

type ServerRole = 'bare' | 'service' | 'floor';

interface CpuReply {
  cpuMicros: number;
}

interface LoadJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

interface LoadReply {
  ok: number;
  other: number;
  errors: number;
  seconds: number;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const PICTURES = new Set(['svg', 'mermaid', 'mermaidTermination']);

/** The report without its lifecycle pictures, which are not read (so never drawn). */
function withoutPictures(report: { workloads: { lifecycle: object }[] }): object {
  return {
    ...report,
    workloads: report.workloads.map((w) => {
      const lifecycle: Record<string, unknown> = {};
      for (const key of Object.keys(w.lifecycle)) {
        if (!PICTURES.has(key)) lifecycle[key] = (w.lifecycle as Record<string, unknown>)[key];
      }
      return { ...w, lifecycle };
    }),
  };
}

/** The bare ceiling: what any HTTP server must do around the engine, and nothing else. */
async function serveBare(): Promise<number> {
  const { analyzeManifest } = await import('../src/engine');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        manifest: string;
        kubernetesVersion?: string;
      };
      // The options AnalysisService passes: GraphQL asks for fixed manifests only when the query
      // selects fixedManifest (the playground's does not); REST only with fixes=true (not sent).
      const result = analyzeManifest(body.manifest, {
        kubernetesVersion: body.kubernetesVersion,
        timing: undefined,
        severityOverrides: undefined,
        includeFixes: false,
      });
      // Neither answer carries pictures: the playground's query selects none, and REST draws them
      // only with pictures=true (not sent). They are left out unread (they are drawn when read).
      const out = JSON.stringify(
        !result.ok ? { issues: result.issues } : withoutPictures(result.report),
      );
      res.writeHead(result.ok ? 200 : 400, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(out),
      });
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/**
 * The frameworks alone: Fastify, and Mercurius with JIT on the service's own schema, one resolver
 * making the engine call the service makes; REST as a plain Fastify route answering what the
 * service's REST answers. Nothing of the service's own: no Nest, hooks, access log, metrics, rate
 * limit, request ids.
 */
async function serveFloor(): Promise<number> {
  const { analyzeManifest } = await import('../src/engine');
  const Fastify = (await import('fastify')).default;
  const mercurius = (await import('mercurius')).default;
  const app = Fastify({ logger: false });
  const analyze = (input: { manifest: string; kubernetesVersion?: string }) =>
    analyzeManifest(input.manifest, {
      kubernetesVersion: input.kubernetesVersion,
      timing: undefined,
      severityOverrides: undefined,
      includeFixes: false,
    });
  await app.register(mercurius, {
    schema: readFileSync(path.join(ROOT, 'src', 'schema.gql'), 'utf8'),
    jit: 1,
    resolvers: {
      Query: {
        analyze: (
          _root: unknown,
          args: { input: { manifest: string; kubernetesVersion?: string } },
        ) => {
          const result = analyze(args.input);
          if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
          return result.report;
        },
      },
    },
  });
  app.post('/rest', (req, reply) => {
    const result = analyze(req.body as { manifest: string; kubernetesVersion?: string });
    void reply
      .code(result.ok ? 200 : 400)
      .header('content-type', 'application/json; charset=utf-8')
      .send(
        JSON.stringify(!result.ok ? { issues: result.issues } : withoutPictures(result.report)),
      );
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

/** The real service, configured as the container image runs it (production, access log at info). */
async function serveService(): Promise<number> {
  const { createApp } = await import('../src/app.setup');
  const { loadConfig } = await import('../src/config/config');
  const config = {
    ...loadConfig({ LOG_LEVEL: 'info', NODE_ENV: 'production' }),
    // One client sends everything: no rate limit, and no load shedding on event-loop delay (a
    // saturated core on a busy machine would trip it; the bench measures the work per answer).
    rateLimitPerMinute: 1_000_000_000,
    shedEventLoopDelayMs: 0,
  };
  // analyze needs no database; nothing listens on port 9. Standard output (the access log) is
  // /dev/null for this process.
  const app = await createApp(config, 'postgresql://bench@127.0.0.1:9/none');
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.getHttpServer().address() as { port: number }).port;
}

async function serverChild(role: ServerRole): Promise<void> {
  const port =
    role === 'bare'
      ? await serveBare()
      : role === 'floor'
        ? await serveFloor()
        : await serveService();
  process.on('message', (msg: { cmd: string }) => {
    if (msg.cmd === 'cpu') process.send!({ cpuMicros: cpuNow() } satisfies CpuReply);
    if (msg.cmd === 'exit') process.exit(0);
  });
  process.send!({ port });
}

async function loadChild(): Promise<void> {
  const autocannon = (await import('autocannon')).default;
  process.on('message', (msg: LoadJob | { cmd: 'exit' }) => {
    if ('cmd' in msg) process.exit(0);
    const started = performance.now();
    void autocannon({
      url: msg.url,
      method: 'POST',
      headers: msg.headers,
      body: msg.body,
      connections: msg.connections,
      pipelining: 1,
      duration: msg.seconds,
    }).then((r) => {
      process.send!({
        ok: r['2xx'],
        other: r.non2xx,
        errors: r.errors + r.timeouts,
        seconds: (performance.now() - started) / 1000,
      } satisfies LoadReply);
    });
  });
  process.send!({ ready: true });
}

/** Starts this file in a child pinned to one core; resolves with its first message. */
/** Whether `taskset` can pin a process to one core here (Linux with util-linux, two cores or more). */
export const canPin = ((): boolean => {
  try {
    return availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  } catch {
    return false;
  }
})();

/** Starts this file in a child pinned to one core (when it can be); resolves with its first message. */
function startChild<T>(
  core: number,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; first: T }> {
  // Both servers run with the service's V8 flags (src/common/young-generation.ts).
  const node = [process.execPath, SEMI_SPACE_FLAG, '-r', '@swc-node/register', __filename, ...args];
  const [command, ...rest] = canPin ? ['taskset', '-c', String(core), ...node] : node;
  const child = spawn(command!, rest, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // The service's access log goes to /dev/null; errors still show.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (first: T) => resolve({ child, first }));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, msg: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply: T) => resolve(reply));
    child.send(msg);
  });
}

// ---------------------------------------------------------------------------------------------
// The run

interface Target {
  name: string;
  server: ChildProcess;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Checks one response before the load starts. */
  check: (status: number, text: string) => string | null;
  /** The server's CPU use with no request, subtracted from each window. */
  idleMicrosPerSecond: number;
  /** Each round's window: server CPU (idle subtracted), answers, seconds. */
  rounds: { cpuMicros: number; ok: number; seconds: number }[];
}

interface Pair {
  label: string;
  subject: Target;
  bare: Target;
  /** The frameworks alone (printed for the record, no verdict). */
  floor: Target;
  min: number;
}

async function once(url: string, body: string, headers: Record<string, string>) {
  const r = await fetch(url, { method: 'POST', headers, body });
  return { status: r.status, text: await r.text() };
}

/** CPU microseconds per second a server spends with no request at all (timers, probes). */
async function idleRate(server: ChildProcess, seconds: number): Promise<number> {
  const before = await ask<CpuReply>(server, { cmd: 'cpu' });
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await ask<CpuReply>(server, { cmd: 'cpu' });
  return (after.cpuMicros - before.cpuMicros) / ((performance.now() - started) / 1000);
}

async function measure(target: Target, load: ChildProcess, seconds: number, connections: number) {
  const before = await ask<CpuReply>(target.server, { cmd: 'cpu' });
  const r = await ask<LoadReply>(load, {
    url: target.url,
    body: target.body,
    headers: target.headers,
    seconds,
    connections,
  } satisfies LoadJob);
  const after = await ask<CpuReply>(target.server, { cmd: 'cpu' });
  if (r.other > 0 || r.errors > 0) {
    throw new Error(`${target.name}: ${r.other} non-2xx answers, ${r.errors} errors under load`);
  }
  // What the server spends without any request (its timers) is not the requests' cost.
  const cpuMicros = after.cpuMicros - before.cpuMicros - target.idleMicrosPerSecond * r.seconds;
  return { cpuMicros, ok: r.ok, seconds: r.seconds };
}

/** Details of the last benchHttp run, for the standalone print. */
export const lastRun = {
  idle: { bareMsPerSecond: 0, serviceMsPerSecond: 0, floorMsPerSecond: 0 },
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** Per round, then the median: a burst of other work on the machine spoils one round, not all. */
const cpuMs = (t: Target): number => median(t.rounds.map((r) => r.cpuMicros / 1000 / r.ok));
const rps = (t: Target): number => median(t.rounds.map((r) => r.ok / r.seconds));

/**
 * Bare vs GraphQL and bare vs REST, CPU per request and requests per second, with a verdict each:
 * `target graphql-vs-bare: 2.41 ms CPU/req vs bare 2.10 ms CPU/req = 0.87x (target >= 0.85x) PASS`.
 */
export async function benchHttp(): Promise<string[]> {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 2);
  const rounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
  const connections = 8;
  const example = playgroundExample();
  const input = { manifest: example.manifest, kubernetesVersion: example.kubernetesVersion };
  const json = { 'content-type': 'application/json' };
  const children: ChildProcess[] = [];
  try {
    const [bare, service, floor, load] = await Promise.all([
      // NODE_ENV=production as in the container image (graphql-js drops its development checks).
      startChild<{ port: number }>(0, ['--serve', 'bare'], { NODE_ENV: 'production' }),
      startChild<{ port: number }>(0, ['--serve', 'service'], { NODE_ENV: 'production' }),
      startChild<{ port: number }>(0, ['--serve', 'floor'], { NODE_ENV: 'production' }),
      startChild<{ ready: boolean }>(1, ['--load']),
    ]);
    children.push(bare.child, service.child, floor.child, load.child);
    const bareBase = `http://127.0.0.1:${bare.first.port}`;
    const serviceBase = `http://127.0.0.1:${service.first.port}`;
    const floorBase = `http://127.0.0.1:${floor.first.port}`;
    const target = (
      name: string,
      server: ChildProcess,
      url: string,
      body: string,
      check: Target['check'] = (status) => (status === 200 ? null : `HTTP ${status}`),
    ): Target => ({
      name,
      server,
      url,
      body,
      headers: json,
      check,
      idleMicrosPerSecond: 0,
      rounds: [],
    });
    const graphqlAnswer: Target['check'] = (status, text) => {
      const body = JSON.parse(text) as { errors?: unknown; data?: { analyze?: unknown } };
      return status === 200 && !body.errors && body.data?.analyze
        ? null
        : `HTTP ${status} ${text.slice(0, 300)}`;
    };
    const graphqlBody = JSON.stringify({
      query: example.query,
      operationName: 'Analyze',
      variables: { input },
    });
    const pairs: Pair[] = [
      {
        label: 'graphql-vs-bare',
        min: 0.85,
        bare: target(
          'bare (GraphQL options)',
          bare.child,
          `${bareBase}/graphql`,
          JSON.stringify(input),
        ),
        subject: target(
          'GraphQL analyze',
          service.child,
          `${serviceBase}/graphql`,
          graphqlBody,
          graphqlAnswer,
        ),
        floor: target(
          'floor: Fastify + Mercurius',
          floor.child,
          `${floorBase}/graphql`,
          graphqlBody,
          graphqlAnswer,
        ),
      },
      {
        label: 'rest-vs-bare',
        min: 0.9,
        bare: target('bare (REST options)', bare.child, `${bareBase}/rest`, JSON.stringify(input)),
        subject: target(
          'REST /v1/analyze',
          service.child,
          `${serviceBase}/v1/analyze`,
          JSON.stringify(input),
        ),
        floor: target(
          'floor: a Fastify route',
          floor.child,
          `${floorBase}/rest`,
          JSON.stringify(input),
        ),
      },
    ];
    const all = pairs.flatMap((p) => [p.bare, p.subject, p.floor]);
    for (const t of all) {
      const r = await once(t.url, t.body, t.headers);
      const problem = t.check(r.status, r.text);
      if (problem) throw new Error(`${t.name}: ${problem}`);
      // Warm-up: JIT, caches, the service's lazily built parts.
      await measure(t, load.child, 1, connections);
    }
    // Idle CPU of each server, measured after the warm-up, with no load (all at once).
    const [bareIdle, serviceIdle, floorIdle] = await Promise.all([
      idleRate(bare.child, 2),
      idleRate(service.child, 2),
      idleRate(floor.child, 2),
    ]);
    const idle = new Map([
      [bare.child, bareIdle],
      [service.child, serviceIdle],
      [floor.child, floorIdle],
    ]);
    for (const t of all) t.idleMicrosPerSecond = idle.get(t.server)!;
    lastRun.idle = {
      bareMsPerSecond: bareIdle / 1000,
      serviceMsPerSecond: serviceIdle / 1000,
      floorMsPerSecond: floorIdle / 1000,
    };
    for (let round = 0; round < rounds; round++) {
      for (const t of round % 2 === 0 ? all : [...all].reverse()) {
        const m = await measure(t, load.child, seconds, connections);
        t.rounds.push(m);
      }
    }
    const lines: string[] = [];
    const verdict = (label: string, value: string, yardstick: string, ratio: number, min: number) =>
      `target ${label}: ${value} vs bare ${yardstick} = ${ratio.toFixed(2)}x (target >= ${min}x) ${ratio >= min ? 'PASS' : 'FAIL'}`;
    for (const p of pairs) {
      lines.push(
        verdict(
          p.label,
          `${cpuMs(p.subject).toFixed(2)} ms CPU/req`,
          `${cpuMs(p.bare).toFixed(2)} ms CPU/req`,
          cpuMs(p.bare) / cpuMs(p.subject),
          p.min,
        ),
        verdict(
          `${p.label} req/s`,
          `${rps(p.subject).toFixed(0)} req/s`,
          `${rps(p.bare).toFixed(0)} req/s`,
          rps(p.subject) / rps(p.bare),
          p.min,
        ),
        // For the record, no verdict: the part of the gap the frameworks take before any of ours.
        `  ${p.floor.name} (the frameworks alone, none of the service's layers): ${cpuMs(p.floor).toFixed(2)} ms CPU/req = ${(cpuMs(p.bare) / cpuMs(p.floor)).toFixed(2)}x of bare; the service's own layers ${((cpuMs(p.subject) - cpuMs(p.floor)) * 1000).toFixed(0)} us/req`,
      );
    }
    return lines;
  } finally {
    for (const c of children) c.kill();
  }
}

// ---------------------------------------------------------------------------------------------

if (require.main === module) {
  const [flag, role] = process.argv.slice(2);
  const run =
    flag === '--serve'
      ? serverChild(role as ServerRole)
      : flag === '--load'
        ? loadChild()
        : benchHttp().then((lines) => {
            const { manifest, kubernetesVersion } = playgroundExample();
            console.log(
              `HTTP: the playground's example Deployment (${Buffer.byteLength(manifest)} bytes, Kubernetes ${kubernetesVersion}), ${canPin ? 'servers pinned to core 0, autocannon on core 1' : 'unpinned (no taskset or one core)'}`,
            );
            for (const line of lines) console.log(line);
            console.log(
              `(idle CPU subtracted: bare ${lastRun.idle.bareMsPerSecond.toFixed(1)} ms/s, service ${lastRun.idle.serviceMsPerSecond.toFixed(1)} ms/s, floor ${lastRun.idle.floorMsPerSecond.toFixed(1)} ms/s)`,
            );
          });
  run.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
