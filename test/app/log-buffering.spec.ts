import { spawn } from 'node:child_process';
import path from 'node:path';

// Standard output is written in blocks (src/common/logging.ts, STDOUT_BUFFERING). A buffered line
// must still reach the log while the process runs (an operator tailing `kubectl logs -f` of a
// quiet service sees it within the flush period), and every line must be there when the process
// exits at once.
const ROOT = path.resolve(__dirname, '..', '..');

interface Run {
  /** Milliseconds from start to the first byte of standard output, or null if none came. */
  firstOutputMs: number | null;
  /** Milliseconds from start to exit. */
  exitMs: number;
  stdout: string;
  code: number | null;
}

function runLogger(body: string): Promise<Run> {
  const script = `
    const { createRootLogger } = require('./src/common/logging');
    const log = createRootLogger({ level: 'info', pretty: false });
    ${body}
  `;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let firstOutputMs: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      firstOutputMs ??= Date.now() - started;
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ firstOutputMs, exitMs: Date.now() - started, stdout, code }),
    );
  });
}

const lines = <T>(out: string): T[] =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

describe('the log on standard output', () => {
  it('writes the line of a quiet process within the flush period, long before the process ends', async () => {
    // One line (far less than a block), then nothing for 6 s.
    const run = await runLogger(`log.info('one quiet line'); setTimeout(() => {}, 6000);`);
    expect(lines<{ msg: string }>(run.stdout).map((l) => l.msg)).toEqual(['one quiet line']);
    expect(run.firstOutputMs).not.toBeNull();
    // Written by the periodic flush while the process still runs, not by its exit.
    expect(run.exitMs - run.firstOutputMs!).toBeGreaterThan(3000);
  }, 20_000);

  it('loses no line when the process exits at once (process.exit after a fatal error)', async () => {
    const run = await runLogger(`
      for (let i = 0; i < 50; i++) log.info({ i }, 'line ' + i);
      log.fatal('giving up');
      process.exit(3);
    `);
    expect(run.code).toBe(3);
    expect(lines<{ msg: string }>(run.stdout).map((l) => l.msg)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => `line ${i}`),
      'giving up',
    ]);
  }, 20_000);

  it('keeps every line, whole and in order, across many blocks', async () => {
    const run = await runLogger(`
      for (let i = 0; i < 2000; i++) log.info({ i, pad: 'x'.repeat(i % 97) }, 'line');
      setTimeout(() => {}, 600);
    `);
    expect(lines<{ i: number }>(run.stdout).map((l) => l.i)).toEqual(
      Array.from({ length: 2000 }, (_, i) => i),
    );
  }, 20_000);
});
