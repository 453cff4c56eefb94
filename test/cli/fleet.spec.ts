// `sidecar-lens fleet`: files, directories, standard input, worker threads, formats, progress.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FleetCliOptions, FleetIo } from '../../src/cli/fleet';
import { runFleet } from '../../src/cli/fleet';
import * as cli from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'engine', 'fleet', 'fixtures');
const DUMP = path.join(FIXTURES, 'cluster.yaml');

function io(stdin = '', tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const value: FleetIo = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    stdin: () => Readable.from([stdin]),
    stderrIsTty: tty,
    writeFile: (f, t) => files.set(f, t),
  };
  return { value, out: () => out.join(''), err: () => err.join(''), files };
}

const opts = (o: Partial<FleetCliOptions> = {}): FleetCliOptions => ({
  format: 'json',
  kubernetesVersion: '1.37',
  workers: 0,
  ...o,
});

describe('sidecar-lens fleet', () => {
  it('gives the same report in worker threads as in the main thread, chunk size aside', async () => {
    const a = io();
    const b = io();
    expect(await runFleet([DUMP], opts({ workers: 0 }), a.value)).toBe(0);
    expect(await runFleet([DUMP], opts({ workers: 2, chunkSize: 1 }), b.value)).toBe(0);
    expect(JSON.parse(b.out())).toEqual(JSON.parse(a.out()));
    expect(JSON.parse(a.out())).toMatchObject({
      schemaVersion: 1,
      objects: { read: 12, counted: 7, foldedIntoOwner: 5 },
      totals: { sidecarCostPerMonth: 17.33 },
    });
  }, 60_000);

  it('reads a directory tree and standard input; stdin positions name <stdin>', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'b', 'cluster.yaml'), readFileSync(DUMP));
    writeFileSync(path.join(dir, 'notes.txt'), 'not yaml');
    const d = io();
    expect(await runFleet([dir], opts(), d.value)).toBe(0);
    expect(JSON.parse(d.out()).objects.counted).toBe(7);
    const s = io(readFileSync(DUMP, 'utf8'));
    expect(await runFleet(['-'], opts({ format: 'table' }), s.value)).toBe(0);
    expect(s.out()).toContain('<stdin>:135');
  });

  it('writes --output, draws a progress bar on a terminal only, and says what it cannot read', async () => {
    const t = io('', true);
    expect(await runFleet([DUMP], opts({ format: 'html', output: 'r.html' }), t.value)).toBe(0);
    expect(t.files.get('r.html')).toMatch(/^<!doctype html>/);
    expect(t.err()).toMatch(/\[#+\]\s+100% 7 workloads/);
    const quiet = io();
    await runFleet([DUMP], opts(), quiet.value);
    expect(quiet.err()).toBe('');
    const bad = io();
    expect(await runFleet(['/nonexistent/dump.yaml'], opts(), bad.value)).toBe(2);
    expect(bad.err()).toBe('sidecar-lens: cannot read /nonexistent/dump.yaml: ENOENT\n');
    const v = io();
    expect(await runFleet([DUMP], opts({ kubernetesVersion: '1.2' }), v.value)).toBe(2);
    expect(v.err()).toMatch(/^sidecar-lens: --kubernetes-version: /);
  });

  it('is a command of the CLI, with every format and --baseline', async () => {
    const out: string[] = [];
    const previous = process.exitCode;
    cli.runCli(
      [
        'fleet',
        path.join(FIXTURES, 'cluster-next.yaml'),
        '--baseline',
        DUMP,
        '--format',
        'markdown',
        '--workers',
        '0',
      ],
      {
        stdout: (s) => out.push(s),
        stderr: (s) => out.push(s),
        readFile: () => '',
        readStdin: () => '',
      },
    );
    expect(await cli.fleetRun).toBe(0);
    expect(out.join('')).toContain('### Changes since the baseline');
    expect(out.join('')).toContain('- migrated legacy -> native: shop/Deployment/web istio-proxy');
    expect(process.exitCode ?? 0).toBe(0);
    process.exitCode = previous;
  });
});
