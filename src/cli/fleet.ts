// `sidecar-lens fleet DUMP|DIR|- [--baseline OLD]`: a whole cluster dump through the engine, in
// worker threads, streamed (a 100 MiB `kubectl get ... -A -o yaml` is never held whole).
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { createReadStream, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { WORKER_RESOURCE_LIMITS } from '../common/young-generation';
import type { Readable } from 'node:stream';
import {
  buildFleetReport,
  DEFAULT_FLEET_PRICING,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_NODE_COUNT,
  DEFAULT_TEAM_LABELS,
  DumpSplitter,
  fleetFindings,
  formatFleetHtml,
  formatFleetJson,
  formatFleetMarkdown,
  formatFleetSarif,
  formatFleetTable,
  parseKubernetesVersion,
  resolveDeferred,
  summarizeUnits,
  SUPPORTED_VERSION_RANGE,
} from '../engine';
import type {
  DumpUnit,
  FleetChunkResult,
  FleetDiagnostic,
  FleetItem,
  FleetOptions,
  FleetReport,
} from '../engine';
import type { FleetTask } from './fleet-worker';

export type FleetFormat = 'table' | 'json' | 'markdown' | 'html' | 'sarif';

export interface FleetIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input as a stream. */
  stdin: () => Readable;
  /** Whether stderr is a terminal (a progress bar is drawn there). */
  stderrIsTty: boolean;
  writeFile: (file: string, text: string) => void;
}

export const defaultFleetIo: FleetIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: () => process.stdin,
  stderrIsTty: Boolean(process.stderr.isTTY),
  writeFile: (f, t) => writeFileSync(f, t),
};

export interface FleetCliOptions extends FleetOptions {
  format: FleetFormat;
  output?: string;
  baseline?: string;
  kubernetesVersion: string;
  /** Worker threads; 0 runs in the main thread. Default: one per core. */
  workers?: number;
  /** Units (objects) per chunk handed to a worker. */
  chunkSize?: number;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/** The files an argument stands for: itself, or every YAML/JSON file under a directory, sorted. */
export function inputFiles(arg: string): string[] {
  if (arg === '-') return ['-'];
  const st = statSync(arg);
  if (!st.isDirectory()) return [arg];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(p);
    }
  };
  walk(arg);
  return out;
}

type ChunkRunner = (task: FleetTask) => Promise<FleetChunkResult>;

function makeRunner(workers: number): { run: ChunkRunner; close: () => Promise<void> } {
  if (workers === 0) {
    return {
      run: (task) => Promise.resolve(summarizeUnits(task.units, task.options)),
      close: () => Promise.resolve(),
    };
  }
  const fromSource = __filename.endsWith('.ts');
  const pool = new Piscina<FleetTask, FleetChunkResult>({
    filename: path.join(__dirname, fromSource ? 'fleet-worker.ts' : 'fleet-worker.js'),
    // Resolved here: a bare name would be looked up from the working directory, which need
    // not be this checkout (`sidecar-lens fleet` run from anywhere).
    execArgv: fromSource ? ['-r', require.resolve('@swc-node/register')] : [],
    minThreads: workers,
    maxThreads: workers,
    // A fleet chunk keeps many workloads' objects alive at once (src/common/young-generation.ts).
    resourceLimits: WORKER_RESOURCE_LIMITS,
  });
  return { run: (task) => pool.run(task), close: () => pool.destroy() };
}

class Progress {
  private last = 0;
  constructor(
    private readonly io: FleetIo,
    private readonly totalBytes: number | null,
  ) {}
  bytes = 0;
  workloads = 0;
  draw(force = false): void {
    if (!this.io.stderrIsTty) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const ratio = this.totalBytes ? Math.min(1, this.bytes / this.totalBytes) : 0;
    const bar = this.totalBytes
      ? `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ${(ratio * 100).toFixed(0).padStart(3)}%`
      : `${(this.bytes / 1048576).toFixed(1)} MiB read`;
    this.io.stderr(`\r${bar} ${this.workloads} workloads`);
  }
  done(): void {
    if (this.io.stderrIsTty) this.io.stderr('\n');
  }
}

/** Streams the inputs through the splitter and the workers; the items and problems read. */
async function readFleet(
  args: string[],
  opts: FleetCliOptions,
  io: FleetIo,
  runner: ChunkRunner,
  label: string,
): Promise<FleetChunkResult & { folded: number }> {
  const files = args.flatMap(inputFiles);
  const sizes = files.map((f) => (f === '-' ? null : statSync(f).size));
  const total = sizes.some((s) => s === null) ? null : sizes.reduce<number>((a, b) => a + b!, 0);
  const progress = new Progress(io, total);
  const items: FleetItem[] = [];
  const diagnostics: FleetDiagnostic[] = [];
  const chunkSize = opts.chunkSize ?? 100;
  const maxInFlight = Math.max(2, (opts.workers ?? 1) * 3);
  const inFlight = new Set<Promise<void>>();
  const options = {
    kubernetesVersion: opts.kubernetesVersion,
    teamLabels: opts.teamLabels,
    deferOwned: true,
  };
  const deferred: NonNullable<FleetChunkResult['deferred']> = [];
  let failure: Error | null = null;

  const submit = (units: DumpUnit[]): Promise<void> => {
    const p = runner({ units, options })
      .then((r) => {
        items.push(...r.items);
        diagnostics.push(...r.diagnostics);
        if (r.deferred) deferred.push(...r.deferred);
        progress.workloads += r.items.length;
        progress.draw();
      })
      .catch((e: unknown) => {
        failure ??= e instanceof Error ? e : new Error(String(e));
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  for (const file of files) {
    const source = file === '-' ? '<stdin>' : file;
    let batch: DumpUnit[] = [];
    const splitter = new DumpSplitter(source, (u) => {
      batch.push(u);
      if (batch.length >= chunkSize) {
        void submit(batch);
        batch = [];
      }
    });
    const stream =
      file === '-'
        ? io.stdin()
        : createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    if (file === '-') stream.setEncoding('utf8');
    for await (const piece of stream as AsyncIterable<string>) {
      splitter.push(piece);
      progress.bytes += Buffer.byteLength(piece);
      progress.draw();
      // Backpressure: wait while the workers are behind, so the dump is never held whole.
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    splitter.end();
    if (batch.length > 0) void submit(batch);
  }
  await Promise.all(inFlight);
  // Owned objects whose owner is not in the dump are workloads of their own: analyse them now.
  const { orphans, folded } = resolveDeferred(items, deferred);
  for (let i = 0; i < orphans.length; i += chunkSize) {
    const units = orphans.slice(i, i + chunkSize);
    const p = runner({ units, options: { ...options, deferOwned: false } }).then((r) => {
      items.push(...r.items);
      diagnostics.push(...r.diagnostics);
      progress.workloads += r.items.length;
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  progress.draw(true);
  progress.done();
  if (failure) throw failure;
  if (files.length === 0) {
    throw new Error(`${label}: no YAML or JSON files found in ${args.join(', ')}`);
  }
  return { items, diagnostics, folded };
}

/** Runs the fleet command; resolves to the exit code (0, or 2 when the command itself failed). */
export async function runFleet(
  args: string[],
  opts: FleetCliOptions,
  io: FleetIo = defaultFleetIo,
  version = '0.1.0',
): Promise<number> {
  const parsed = parseKubernetesVersion(opts.kubernetesVersion);
  if (!parsed.ok) {
    io.stderr(`sidecar-lens: --kubernetes-version: ${parsed.message}\n`);
    return 2;
  }
  const workers = opts.workers ?? Math.max(1, os.availableParallelism());
  const runner = makeRunner(workers);
  try {
    const current = await readFleet(args, { ...opts, workers }, io, runner.run, 'fleet');
    const baseline = opts.baseline
      ? await readFleet([opts.baseline], { ...opts, workers }, io, runner.run, '--baseline')
      : null;
    const report: FleetReport = buildFleetReport(
      current,
      { ...opts, kubernetesVersion: parsed.version.text },
      baseline,
    );
    const text = renderFleet(report, opts.format, current.items, version);
    if (opts.output) io.writeFile(opts.output, text);
    else io.stdout(text);
    return 0;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr(
      `sidecar-lens: ${err.code === 'ENOENT' ? `cannot read ${err.path ?? ''}: ENOENT` : err.message}\n`,
    );
    return 2;
  } finally {
    await runner.close();
  }
}

export function renderFleet(
  report: FleetReport,
  format: FleetFormat,
  items: readonly FleetItem[],
  version: string,
): string {
  switch (format) {
    case 'json':
      return formatFleetJson(report);
    case 'markdown':
      return formatFleetMarkdown(report);
    case 'html':
      return formatFleetHtml(report);
    case 'sarif':
      return formatFleetSarif(report, fleetFindings(items), version);
    default:
      return formatFleetTable(report);
  }
}

const positiveNumber = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${what} must be a number >= 0`);
  return n;
};
const count = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`${what} must be an integer >= 0`);
  }
  return n;
};

/** Adds `fleet` to the CLI; `onRun` receives the command's promise of an exit code. */
export function registerFleetCommand(
  program: Command,
  io: FleetIo,
  version: string,
  onRun: (done: Promise<number>) => void,
): void {
  program
    .command('fleet')
    .description(
      'A fleet report from a cluster dump (kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs -A -o yaml), a directory or "-": sidecars, their cost, what to migrate.',
    )
    .argument('<inputs...>', 'dump files, directories (every .yaml/.yml/.json inside) or -')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json', 'markdown', 'html', 'sarif'])
        .default('table'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-b, --baseline <dump>', 'an older dump: the report says what changed since')
    .option(
      '-k, --kubernetes-version <version>',
      `target cluster version, ${SUPPORTED_VERSION_RANGE}`,
      DEFAULT_KUBERNETES_VERSION,
    )
    .option(
      '--team-label <label>',
      `label naming the owning team (repeatable; first set wins; default ${DEFAULT_TEAM_LABELS.join(', ')})`,
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option(
      '--nodes <n>',
      `nodes a DaemonSet runs on (default ${DEFAULT_NODE_COUNT})`,
      count('--nodes'),
    )
    .option(
      '--cpu-price <price>',
      `price per vCPU-hour (default ${DEFAULT_FLEET_PRICING.cpuPerVcpuHour})`,
      positiveNumber('--cpu-price'),
    )
    .option(
      '--memory-price <price>',
      `price per GiB-hour (default ${DEFAULT_FLEET_PRICING.memoryPerGibHour})`,
      positiveNumber('--memory-price'),
    )
    .option(
      '--hours <h>',
      `hours per month (default ${DEFAULT_FLEET_PRICING.hoursPerMonth})`,
      positiveNumber('--hours'),
    )
    .option('--currency <code>', `currency label (default ${DEFAULT_FLEET_PRICING.currency})`)
    .option(
      '--workers <n>',
      'worker threads (default: one per core; 0: main thread)',
      count('--workers'),
    )
    .action(
      (
        inputs: string[],
        o: {
          format: FleetFormat;
          output?: string;
          baseline?: string;
          kubernetesVersion: string;
          teamLabel?: string[];
          nodes?: number;
          cpuPrice?: number;
          memoryPrice?: number;
          hours?: number;
          currency?: string;
          workers?: number;
        },
      ) => {
        const pricing: FleetOptions['pricing'] = {
          ...(o.cpuPrice !== undefined ? { cpuPerVcpuHour: o.cpuPrice } : {}),
          ...(o.memoryPrice !== undefined ? { memoryPerGibHour: o.memoryPrice } : {}),
          ...(o.hours !== undefined ? { hoursPerMonth: o.hours } : {}),
          ...(o.currency !== undefined ? { currency: o.currency } : {}),
        };
        onRun(
          runFleet(
            inputs,
            {
              format: o.format,
              output: o.output,
              baseline: o.baseline,
              kubernetesVersion: o.kubernetesVersion,
              teamLabels: o.teamLabel,
              nodeCount: o.nodes,
              pricing,
              workers: o.workers,
            },
            io,
            version,
          ),
        );
      },
    );
}
