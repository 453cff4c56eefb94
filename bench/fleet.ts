// Fleet benchmark: a generated `kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs
// -A -o yaml` dump of N workloads (plus the pods they own) through `sidecar-lens fleet`, in worker
// threads, timed with its peak RSS. `node -r @swc-node/register bench/fleet.ts [N]` or via
// bench/run.ts. Target (issue 12, 4): 10,000 workloads in < 10 s on 2 cores, RSS < 1.5 GB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TEAMS = ['payments', 'search', 'platform', 'data'];
const NAMESPACES = ['shop', 'search', 'infra', 'batch', 'web'];

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : pad + l))
    .join('\n');
}

function app(name: string, cpu: string, mem: string): string {
  return `- name: ${name}\n  image: registry.example.com/${name}:1.0\n  ports:\n  - containerPort: 8080\n  resources:\n    requests: {cpu: ${cpu}, memory: ${mem}}\n    limits: {cpu: ${cpu}, memory: ${mem}}`;
}
const ISTIO = `- name: istio-proxy\n  image: docker.io/istio/proxyv2:1.22.0\n  args: [proxy, sidecar]\n  ports:\n  - containerPort: 15090\n  resources:\n    requests: {cpu: 100m, memory: 128Mi}`;
const FLUENT_NATIVE = `- name: fluent-bit\n  image: cr.fluentbit.io/fluent/fluent-bit:3.0\n  restartPolicy: Always\n  resources:\n    requests: {cpu: 50m, memory: 64Mi}`;
const CLOUD_SQL = `- name: cloud-sql-proxy\n  image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0\n  args: ["--port=5432", "proj:region:db"]\n  resources:\n    requests: {cpu: 250m, memory: 256Mi}`;

function meta(name: string, ns: string, team: string, uid: string, extra = ''): string {
  return `metadata:\n  name: ${name}\n  namespace: ${ns}\n  uid: ${uid}\n  labels:\n    team: ${team}${extra}`;
}

function podSpec(i: number, job: boolean): string {
  const containers = [app(`app-${i % 7}`, `${100 + (i % 5) * 100}m`, `${128 + (i % 4) * 128}Mi`)];
  const init: string[] = [];
  if (i % 3 === 0) containers.push(ISTIO);
  if (i % 4 === 1) init.push(FLUENT_NATIVE);
  if (job && i % 2 === 0) containers.push(CLOUD_SQL);
  return [
    job ? 'restartPolicy: Never' : null,
    init.length ? `initContainers:\n${init.join('\n')}` : null,
    `containers:\n${containers.join('\n')}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** One object of the dump as a List item (indented under `- `). */
function item(text: string): string {
  return `- ${indent(text, 2)}`;
}

/** A List dump of `workloads` workloads (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs) and one owned pod per Deployment. */
export function generateFleetDump(workloads: number): string {
  const parts: string[] = ['apiVersion: v1', 'items:'];
  for (let i = 0; i < workloads; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length]!;
    const team = TEAMS[i % TEAMS.length]!;
    const kind = i % 10;
    if (kind < 6) {
      const name = `deploy-${i}`;
      parts.push(
        item(
          `apiVersion: apps/v1\nkind: Deployment\n${meta(name, ns, team, `uid-${i}`)}\nspec:\n  replicas: ${1 + (i % 3)}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n${indent(podSpec(i, false), 6).replace(/^/, '      ')}`,
        ),
      );
      // One of its pods, owned through its ReplicaSet: counted once, through the Deployment.
      parts.push(
        item(
          `apiVersion: v1\nkind: Pod\n${meta(`${name}-7c9d5b-x${i}`, ns, team, `pod-${i}`, `\n    pod-template-hash: 7c9d5b\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: ${name}-7c9d5b, uid: rs-${i}, controller: true}`)}\nspec:\n${indent(podSpec(i, false), 2).replace(/^/, '  ')}`,
        ),
      );
    } else if (kind < 7) {
      parts.push(
        item(
          `apiVersion: apps/v1\nkind: StatefulSet\n${meta(`sts-${i}`, ns, team, `uid-${i}`)}\nspec:\n  replicas: 2\n  serviceName: sts-${i}\n  template:\n    spec:\n${indent(podSpec(i, false), 6).replace(/^/, '      ')}`,
        ),
      );
    } else if (kind < 8) {
      parts.push(
        item(
          `apiVersion: apps/v1\nkind: DaemonSet\n${meta(`ds-${i}`, ns, team, `uid-${i}`)}\nspec:\n  template:\n    spec:\n${indent(podSpec(i, false), 6).replace(/^/, '      ')}`,
        ),
      );
    } else if (kind < 9) {
      parts.push(
        item(
          `apiVersion: batch/v1\nkind: Job\n${meta(`job-${i}`, ns, team, `uid-${i}`)}\nspec:\n  template:\n    spec:\n${indent(podSpec(i, true), 6).replace(/^/, '      ')}`,
        ),
      );
    } else {
      parts.push(
        item(
          `apiVersion: batch/v1\nkind: CronJob\n${meta(`cron-${i}`, ns, team, `uid-${i}`)}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${indent(podSpec(i, true), 10).replace(/^/, '          ')}`,
        ),
      );
    }
  }
  parts.push('kind: List', 'metadata:', '  resourceVersion: ""');
  return `${parts.join('\n')}\n`;
}

export interface FleetBenchResult {
  /** Wall time of the CLI process, milliseconds. */
  ms: number;
  /** User + system CPU time of the process (all its threads), milliseconds; NaN without time -v. */
  cpuMs: number;
  /** Peak RSS of the process (worker threads included), MiB; null without /usr/bin/time. */
  rssMiB: number | null;
  dumpMiB: number;
}

/** Runs the CLI on a generated dump in a child process: wall time, CPU time and peak RSS. */
export function runFleetBench(workloads: number): FleetBenchResult {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  try {
    const file = path.join(dir, 'dump.yaml');
    const text = generateFleetDump(workloads);
    writeFileSync(file, text);
    const bin = path.join(__dirname, '..', 'bin', 'sidecar-lens.js');
    // As a user runs it after `npm run build`: the CLI runs dist/ when it is newer than the sources
    // (bin/sidecar-lens.js); otherwise every thread would compile the TypeScript first.
    const build = spawnSync(
      process.execPath,
      [require.resolve('@nestjs/cli/bin/nest.js'), 'build'],
      { cwd: path.join(__dirname, '..'), encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`nest build failed: ${build.stderr}`);
    // Peak RSS and CPU time of the child (worker threads included: one process), from getrusage
    // via `time -v` where it exists; the wall time either way.
    const timed = existsSync('/usr/bin/time');
    const args = [
      bin,
      'fleet',
      file,
      '--format',
      'json',
      '--output',
      path.join(dir, 'report.json'),
    ];
    const t0 = process.hrtime.bigint();
    const run = timed
      ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8' })
      : spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (run.status !== 0) throw new Error(`fleet failed: ${run.stderr}`);
    const field = (name: string): number =>
      Number(new RegExp(`${name}: ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN);
    const rssKb = field('Maximum resident set size \\(kbytes\\)');
    const cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
    return {
      ms,
      cpuMs,
      rssMiB: Number.isNaN(rssKb) ? null : rssKb / 1024,
      dumpMiB: Buffer.byteLength(text) / 1048576,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the figures of runFleetBench against the target. */
export function benchFleet(workloads = Number(process.env.BENCH_FLEET ?? 10_000)): void {
  const r = runFleetBench(workloads);
  const rss = r.rssMiB === null ? 'rss n/a' : `peak RSS ${r.rssMiB.toFixed(0)} MiB`;
  console.log(
    `fleet: ${workloads} workloads (${r.dumpMiB.toFixed(1)} MiB dump) in ${(r.ms / 1000).toFixed(2)} s, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${rss} (target < 10 s, < 1536 MiB): ${r.ms < 10_000 && r.rssMiB !== null && r.rssMiB < 1536 ? 'PASS' : 'FAIL'}`,
  );
}

if (require.main === module) {
  benchFleet(Number(process.argv[2] ?? process.env.BENCH_FLEET ?? 10_000));
}
