// The service as `npm start` runs it (src/main.ts in its own process), for the operations tests.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../support/shared';

export interface ServiceProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> once listening; '' when the process ended before. */
  base: string;
  /** Every line it wrote (standard output and error). */
  lines: () => string[];
  /** The `msg` of each JSON log line, or the raw line. */
  messages: () => string[];
  /**
   * Resolves once a message matches `pattern` (log lines reach standard output in blocks, at the
   * latest 250 ms after they are logged: src/common/logging.ts); rejects after `ms`.
   */
  waitForMessage: (pattern: RegExp, ms?: number) => Promise<string>;
  exited: Promise<number | null>;
  stop: () => Promise<number | null>;
}

/** A free loopback port (nothing listens there once this resolves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh folder under the project's .data (the postgres user must be able to enter it). */
export function scratchDir(prefix: string): string {
  const base = path.join(REPO_ROOT, '.data');
  mkdirSync(base, { recursive: true });
  chmodSync(base, 0o755);
  const dir = mkdtempSync(path.join(base, `${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Starts src/main.ts with `env` added to a clean environment, and resolves once it printed
 * "ready in" (listening) or exited. Standard output is a pipe, so lines are JSON.
 */
export function startService(
  env: Record<string, string>,
  opts: { timeoutMs?: number; execArgv?: string[] } = {},
): Promise<ServiceProcess> {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const child = spawn(
    process.execPath,
    [...(opts.execArgv ?? []), '-r', '@swc-node/register', 'src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: {
        ...base,
        PORT: '0',
        HOST: '127.0.0.1',
        AUTH_MODE: 'local',
        LOG_LEVEL: 'info',
        FLEET_WORKERS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const all: string[] = [];
  let partial = '';
  const take = (chunk: Buffer): void => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    all.push(...parts.filter((l) => l.trim() !== ''));
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const messages = (): string[] =>
    all.map((l) => {
      try {
        return String((JSON.parse(l) as { msg?: unknown }).msg ?? l);
      } catch {
        return l;
      }
    });
  const service: ServiceProcess = {
    child,
    base: '',
    lines: () => [...all],
    messages,
    waitForMessage: async (pattern, ms = 5_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const found = messages().find((m) => pattern.test(m));
        if (found !== undefined) return found;
        if (Date.now() > until) {
          throw new Error(`no message matched ${pattern} in ${ms} ms:\n${messages().join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not start in time:\n${all.join('\n')}`));
    }, opts.timeoutMs ?? 60_000);
    const check = setInterval(() => {
      const port = all.map(readyPort).find((p) => p !== null);
      if (port) {
        clearInterval(check);
        clearTimeout(timer);
        service.base = `http://127.0.0.1:${port}`;
        resolve(service);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(check);
      clearTimeout(timer);
      resolve(service);
    });
  });
}

/** The port of the "ready in" banner line, or null for any other line. */
function readyPort(line: string): number | null {
  try {
    const l = JSON.parse(line) as { msg?: string; startup?: { port?: number } };
    return l.msg?.startsWith('ready in') && l.startup?.port ? l.startup.port : null;
  } catch {
    return null;
  }
}
