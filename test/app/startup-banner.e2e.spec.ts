// The start-up banner goes through the service's logger: JSON lines when standard output is a pipe
// or a file (what a log collector reads), pretty lines on a terminal. The service is started as
// `npm start` runs it (src/main.ts), on the test database, on a free port.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../support/shared';
import { testDatabaseUrl } from '../support/app';

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: testDatabaseUrl(),
  PORT: '0',
  HOST: '127.0.0.1',
  AUTH_MODE: 'local',
  LOG_LEVEL: 'info',
  WORKER_THREADS: '0',
});

/** Runs `command` until its output contains `until` (or the timeout), then SIGTERM and waits. */
function runUntil(
  command: string,
  args: string[],
  until: RegExp,
  onReady?: (out: string) => Promise<void>,
): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: REPO_ROOT,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "${until.source}" within 50 s; stdout:\n${out}\nstderr:\n${err}`));
    }, 50_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (!ready && until.test(out)) {
        ready = true;
        void (onReady ?? (async () => undefined))(out)
          .catch(reject)
          .finally(() => child.kill('SIGTERM'));
      }
    });
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, code });
    });
  });
}

describe('start-up banner', () => {
  it('is JSON lines through the logger when standard output is not a terminal', async () => {
    let health = 0;
    const { out, code } = await runUntil(
      process.execPath,
      ['-r', '@swc-node/register', 'src/main.ts'],
      /ready in \d+ ms/,
      async (text) => {
        // The banner tells the truth: the address it shows answers.
        const line = text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { msg: string; startup?: { url?: string } })
          .find((l) => /^Health +http/.test(l.msg));
        health = (await fetch(line!.startup!.url!)).status;
      },
    );
    expect(code).toBe(0);
    expect(health).toBe(200);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) {
      expect(l).toMatchObject({ service: 'sidecar-lens', level: expect.any(Number) });
      expect(typeof l.time).toBe('string');
    }
    const msgs = lines.map((l) => String(l.msg));
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^database ready: \d+ migration\(s\) applied/),
        expect.stringMatching(/^GraphQL endpoint +http:\/\/127\.0\.0\.1:\d+\/graphql$/),
        expect.stringMatching(/^REST \+ OpenAPI +http:\/\/127\.0\.0\.1:\d+\/v1\/analyze/),
        expect.stringMatching(/^auth mode local/),
        expect.stringMatching(/^SIGTERM: draining requests and shutting down$/),
      ]),
    );
    const ready = lines.find((l) => String(l.msg).startsWith('ready in'))!;
    expect(ready).toMatchObject({ level: 30, startup: { readyInMs: expect.any(Number) } });
    expect((ready.startup as { port: number }).port).toBeGreaterThan(0);
  }, 60_000);

  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  (hasScript ? it : it.skip)(
    'is pretty lines on a terminal (skipped without util-linux `script`)',
    async () => {
      // `script` runs the service on a pseudo-terminal, as a person running `npm start` sees it.
      const command = `${JSON.stringify(process.execPath)} -r @swc-node/register src/main.ts`;
      const { out } = await runUntil('script', ['-qfec', command, '/dev/null'], /ready in \d+ ms/);
      const banner = out.split(/\r?\n/).find((l) => l.includes('GraphQL endpoint'));
      expect(banner).toBeDefined();
      // pino-pretty: a time, the level as a word, the message; not a JSON object.
      // eslint-disable-next-line no-control-regex
      const plain = banner!.replace(/\u001b\[[0-9;]*m/g, '');
      expect(plain).toMatch(/^\[?\d\d:\d\d:\d\d\.\d{3}\]? INFO.*GraphQL endpoint +http:\/\//);
      expect(plain.trim().startsWith('{')).toBe(false);
    },
    60_000,
  );
});
