// Issue 11 item 9: two instances on one machine (two checkouts, or `npm test` beside `npm start`).
// Before, the second died with "failed to start: undefined". Now each embedded PostgreSQL has its
// own socket (in its cluster directory) and port (the default one, or a free one recorded in the
// data directory), and every start-up failure is one line that says what and where.
// Real service processes (src/main.ts as `npm start` runs it), each with its embedded PostgreSQL.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { testDatabaseUrl } from '../../support/app';
import { scratchDir, startService } from './service-process';
import type { ServiceProcess } from './service-process';

const started: ServiceProcess[] = [];
const run = async (env: Record<string, string>): Promise<ServiceProcess> => {
  const s = await startService({ WORKER_THREADS: '0', ...env }, { timeoutMs: 100_000 });
  started.push(s);
  return s;
};

/** The last line of a process that failed to start, and that it was the only fatal one. */
function fatalLine(s: ServiceProcess): string {
  const fatal = s.lines().filter((l) => /"level":60|failed to start/.test(l));
  expect(fatal).toHaveLength(1);
  return s.messages()[s.lines().indexOf(fatal[0]!)]!;
}

describe('two instances on one machine', () => {
  jest.setTimeout(240_000);
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('two data directories with the default ports both run; the same data directory or port gets one clear line', async () => {
    const a = scratchDir('instance-a');
    const b = scratchDir('instance-b');
    dirs.push(a, b);
    // No EMBEDDED_PG_PORT and no PORT choice beyond "any": both want the default PostgreSQL port.
    const [first, second] = await Promise.all([run({ DATA_DIR: a }), run({ DATA_DIR: b })]);
    for (const s of [first, second]) {
      if (s.base === '') throw new Error(`an instance did not start:\n${s.messages().join('\n')}`);
      expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
    }
    // Each recorded the port its PostgreSQL listens on, and they differ.
    const portA = Number(readFileSync(path.join(a, 'postgres.port'), 'utf8'));
    const portB = Number(readFileSync(path.join(b, 'postgres.port'), 'utf8'));
    expect(portA).toBeGreaterThan(0);
    expect(portB).toBeGreaterThan(0);
    expect(portA).not.toBe(portB);
    // The sockets live in the data directories, not in the shared /tmp.
    expect(readFileSync(path.join(a, 'pg', 'postmaster.pid'), 'utf8')).toContain(
      path.join(a, 'pg'),
    );

    // A third on the first one's data directory: refused, naming the directory and its owner.
    const third = await run({ DATA_DIR: a });
    expect(await third.exited).toBe(1);
    const line = fatalLine(third);
    expect(line).toBe(
      `failed to start: data directory ${a} is in use by process ${first.child.pid}; stop that process, or set DATA_DIR to another folder (or DATABASE_URL to use a PostgreSQL server)`,
    );
    expect(line).not.toContain('undefined');

    // A fourth on the first one's HTTP port: refused with the port and what to do.
    const port = new URL(first.base).port;
    const fourth = await run({ DATABASE_URL: testDatabaseUrl(), PORT: port });
    expect(await fourth.exited).toBe(1);
    expect(fatalLine(fourth)).toBe(
      `failed to start: port ${port} on 127.0.0.1 is in use by another process; set PORT to a free port (PORT=0 picks one)`,
    );

    // An explicitly chosen PostgreSQL port that is taken is not silently replaced.
    const c = scratchDir('instance-c');
    dirs.push(c);
    const fifth = await run({ DATA_DIR: c, EMBEDDED_PG_PORT: String(portA) });
    expect(await fifth.exited).toBe(1);
    expect(fatalLine(fifth)).toBe(
      `failed to start: port ${portA} on 127.0.0.1 for the embedded PostgreSQL is in use by another program; set EMBEDDED_PG_PORT to a free port (or leave it unset to pick one)`,
    );

    // The first two kept running throughout.
    for (const s of [first, second]) {
      expect(s.child.exitCode).toBeNull();
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    }
  });
});
