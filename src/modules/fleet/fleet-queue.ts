// Fleet report jobs on pg-boss (https://github.com/timgit/pg-boss) in the app's PostgreSQL: an
// upload is cut into chunks (rows of fleet_chunk) and one pg-boss job per chunk; any replica's
// workers take them. A chunk's result is written once (UPDATE ... WHERE result IS NULL) in the same
// transaction that counts it, so a retried chunk (a killed worker, an expired job) is never counted
// twice. The last chunk queues the "finalize" job, which builds the report exactly as the CLI does.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { PgBoss } from 'pg-boss';
import type { Job } from 'pg-boss';
import {
  buildFleetReport,
  DumpSplitter,
  fleetFindings,
  resolveDeferred,
  summarizeUnits,
} from '../../engine';
import type {
  DumpUnit,
  FleetChunkResult,
  FleetDiagnostic,
  FleetItem,
  FleetOptions,
  FleetReport,
} from '../../engine';

export const CHUNK_QUEUE = 'fleet-chunk';
export const FINALIZE_QUEUE = 'fleet-finalize';
/** pg-boss's own tables live in their own schema of the app's database. */
export const PG_BOSS_SCHEMA = 'pgboss';

export type FleetStatus = 'queued' | 'running' | 'done' | 'failed';

export interface FleetJobOptions extends FleetOptions {
  kubernetesVersion: string;
}

export interface FleetJobRecord {
  id: string;
  teamId: string;
  status: FleetStatus;
  source: string;
  options: FleetJobOptions;
  totalChunks: number;
  doneChunks: number;
  objectCount: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface FleetQueueOptions {
  /** Units (objects) per chunk. */
  chunkSize?: number;
  /** Seconds a chunk may stay active before pg-boss retries it on another worker. */
  expireInSeconds?: number;
  /** Retries of a chunk before the job fails. */
  retryLimit?: number;
  /** pg-boss supervision and monitor period (expiry checks), seconds. */
  superviseIntervalSeconds?: number;
  /** Chunks one process works on at once. */
  concurrency?: number;
  /** Polling period of the workers, seconds (>= 0.5). */
  pollingIntervalSeconds?: number;
  /** Runs a chunk (a worker thread pool); default: in this thread. */
  runChunk?: (units: DumpUnit[], options: FleetJobOptions) => Promise<FleetChunkResult>;
  /** pg-boss's schema (default pgboss). */
  bossSchema?: string;
  /** Connections of the queue's own pool. */
  poolMax?: number;
}

interface ChunkJob {
  reportId: string;
  seq: number;
}

interface ReportRow {
  id: string;
  team_id: string;
  status: FleetStatus;
  source: string;
  options: FleetJobOptions;
  total_chunks: number;
  done_chunks: number;
  object_count: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const fromRow = (r: ReportRow): FleetJobRecord => ({
  id: r.id,
  teamId: r.team_id,
  status: r.status,
  source: r.source,
  options: r.options,
  totalChunks: r.total_chunks,
  doneChunks: r.done_chunks,
  objectCount: r.object_count,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

const REPORT_COLUMNS =
  'id, team_id, status, source, options, total_chunks, done_chunks, object_count, error, created_at, finished_at';

/** What a finished job keeps: the report and its findings in report order (for SARIF). */
export interface StoredFleetReport {
  report: FleetReport;
  findings: ReturnType<typeof fleetFindings>;
}

/** Raised while reading an upload that is too large; the transport answers 413. */
export class FleetUploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the dump is larger than ${limit} bytes`);
  }
}

/** The summarising options of the engine for a job's options (what the CLI passes too). */
const summarizeOptions = (o: FleetJobOptions, deferOwned: boolean) => ({
  kubernetesVersion: o.kubernetesVersion,
  teamLabels: o.teamLabels,
  deferOwned,
});

export class FleetQueue {
  readonly pool: Pool;
  readonly boss: PgBoss;
  private readonly chunkSize: number;
  private readonly runChunk: NonNullable<FleetQueueOptions['runChunk']>;
  private started = false;

  constructor(
    databaseUrl: string,
    private readonly opts: FleetQueueOptions = {},
  ) {
    this.chunkSize = opts.chunkSize ?? 200;
    this.runChunk =
      opts.runChunk ??
      ((units, o) => Promise.resolve(summarizeUnits(units, summarizeOptions(o, true))));
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: opts.poolMax ?? 5,
      application_name: 'sidecar-lens-fleet',
    });
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: opts.bossSchema ?? PG_BOSS_SCHEMA,
      max: opts.poolMax ?? 5,
      application_name: 'sidecar-lens-pgboss',
      // Expired jobs (a killed worker's chunk) are found by the monitor pass of each queue.
      superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 5,
      monitorIntervalSeconds: opts.superviseIntervalSeconds ?? 5,
      schedule: false,
    });
    // An idle connection the server ends (restart, failover) is an 'error' event of the pool:
    // handled here, the next query reconnects; unhandled, it would end the process.
    this.pool.on('error', () => undefined);
    // pg-boss reports lost connections and failed maintenance as events; without a listener an
    // EventEmitter 'error' would end the process.
    this.boss.on('error', () => undefined);
  }

  /** Installs or migrates pg-boss's schema (its own advisory lock) and creates the queues. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    const queue = this.jobPolicy();
    for (const name of [CHUNK_QUEUE, FINALIZE_QUEUE]) {
      if (!(await this.boss.getQueue(name))) {
        await this.boss.createQueue(name, queue).catch(async (e: unknown) => {
          // Another replica created it first.
          if (!(await this.boss.getQueue(name))) throw e;
        });
      }
    }
    this.started = true;
  }

  /** Takes chunks (and finalisations) of every job, from any replica's uploads. */
  async work(): Promise<void> {
    await this.start();
    const common = {
      localConcurrency: this.opts.concurrency ?? 1,
      pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 0.5,
      // Two chunks a fetch; while fetches come back full, the next fetch follows at once (no poll
      // delay between chunks of a big job).
      batchSize: 2,
      burstWhenBatchFull: true,
    };
    await this.boss.work<ChunkJob>(CHUNK_QUEUE, common, async (jobs: Job<ChunkJob>[]) => {
      for (const job of jobs) {
        try {
          await this.processChunk(job.data.reportId, job.data.seq);
        } catch (e) {
          // The last attempt: the job fails, and so does the report (pg-boss keeps the error).
          if (job.retryCount >= this.jobPolicy().retryLimit) {
            await this.markFailed(
              job.data.reportId,
              `chunk ${job.data.seq} could not be analysed in ${job.retryCount + 1} attempts`,
            ).catch(() => undefined);
          }
          throw e;
        }
      }
    });
    await this.boss.work<{ reportId: string }>(
      FINALIZE_QUEUE,
      common,
      async (jobs: Job<{ reportId: string }>[]) => {
        for (const job of jobs) {
          try {
            await this.finalize(job.data.reportId);
          } catch (e) {
            if (job.retryCount >= this.jobPolicy().retryLimit) {
              await this.markFailed(
                job.data.reportId,
                `the report could not be built in ${job.retryCount + 1} attempts`,
              ).catch(() => undefined);
            }
            throw e;
          }
        }
      },
    );
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000 });
    this.started = false;
    await this.pool.end();
  }

  /**
   * Reads a dump (a stream or text), saves its chunks and queues them; resolves once every chunk
   * is saved, with the job (status queued). The dump is never held whole: chunks are written as
   * the splitter yields them.
   */
  async submit(
    teamId: string,
    input: Readable | string,
    options: FleetJobOptions,
    source = '<upload>',
    maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<FleetJobRecord> {
    await this.start();
    const id = randomUUID();
    const client = await this.pool.connect();
    let seq = 0;
    let objects = 0;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO fleet_report (id, team_id, status, source, options) VALUES ($1, $2, 'queued', $3, $4)`,
        [id, teamId, source, JSON.stringify(options)],
      );
      let batch: DumpUnit[] = [];
      const pending: DumpUnit[][] = [];
      const splitter = new DumpSplitter(source, (u) => {
        batch.push(u);
        if (batch.length >= this.chunkSize) {
          pending.push(batch);
          batch = [];
        }
      });
      const flush = async (): Promise<void> => {
        for (const units of pending.splice(0)) {
          await client.query(
            'INSERT INTO fleet_chunk (report_id, seq, units) VALUES ($1, $2, $3)',
            [id, seq++, JSON.stringify(units)],
          );
          objects += units.length;
        }
      };
      if (typeof input === 'string') {
        if (Buffer.byteLength(input) > maxBytes) throw new FleetUploadTooLarge(maxBytes);
        splitter.push(input);
      } else {
        let bytes = 0;
        input.setEncoding('utf8');
        for await (const piece of input as AsyncIterable<string>) {
          bytes += Buffer.byteLength(piece);
          if (bytes > maxBytes) {
            input.destroy();
            throw new FleetUploadTooLarge(maxBytes);
          }
          splitter.push(piece);
          await flush();
        }
      }
      splitter.end();
      if (batch.length > 0) pending.push(batch);
      await flush();
      await client.query(
        'UPDATE fleet_report SET total_chunks = $2, object_count = $3 WHERE id = $1',
        [id, seq, objects],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    if (seq === 0) {
      await this.boss.send(
        FINALIZE_QUEUE,
        { reportId: id },
        { singletonKey: id, ...this.jobPolicy() },
      );
    } else {
      for (let i = 0; i < seq; i += 1000) {
        const jobs = [];
        for (let s = i; s < Math.min(seq, i + 1000); s++) {
          jobs.push({
            data: { reportId: id, seq: s },
            singletonKey: `${id}:${s}`,
            ...this.jobPolicy(),
          });
        }
        await this.boss.insert(CHUNK_QUEUE, jobs);
      }
    }
    return (await this.get(teamId, id))!;
  }

  /**
   * One chunk through the engine. The result is stored only if none is yet (a retry of a chunk a
   * killed worker had already finished changes nothing), and counted in the same transaction.
   */
  async processChunk(reportId: string, seq: number): Promise<'counted' | 'already' | 'gone'> {
    const found = await this.pool.query<{
      units: DumpUnit[];
      options: FleetJobOptions;
      done: boolean;
    }>(
      `SELECT c.units, r.options, c.result IS NOT NULL AS done
         FROM fleet_chunk c JOIN fleet_report r ON r.id = c.report_id
        WHERE c.report_id = $1 AND c.seq = $2`,
      [reportId, seq],
    );
    const row = found.rows[0];
    if (!row) return 'gone';
    if (row.done) return 'already';
    const result = await this.runChunk(row.units, row.options);
    return this.transaction(async (client) => {
      const stored = await client.query(
        `UPDATE fleet_chunk SET result = $3, done_at = now()
          WHERE report_id = $1 AND seq = $2 AND result IS NULL`,
        [reportId, seq, JSON.stringify(result)],
      );
      if (stored.rowCount !== 1) return 'already';
      const counted = await client.query<{ done_chunks: number; total_chunks: number }>(
        `UPDATE fleet_report SET done_chunks = done_chunks + 1,
                status = CASE WHEN status = 'queued' THEN 'running' ELSE status END
          WHERE id = $1 RETURNING done_chunks, total_chunks`,
        [reportId],
      );
      const c = counted.rows[0];
      if (c && c.done_chunks === c.total_chunks) {
        await this.boss.send(
          FINALIZE_QUEUE,
          { reportId },
          { singletonKey: reportId, db: this.dbOf(client), ...this.jobPolicy() },
        );
      }
      return 'counted';
    });
  }

  /** Builds the report from every chunk's result, as `sidecar-lens fleet` does, and stores it. */
  async finalize(reportId: string): Promise<void> {
    const head = await this.pool.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM fleet_report WHERE id = $1`,
      [reportId],
    );
    const job = head.rows[0];
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const items: FleetItem[] = [];
    const diagnostics: FleetDiagnostic[] = [];
    const deferred: NonNullable<FleetChunkResult['deferred']> = [];
    // Chunk by chunk, in order: the results are never all fetched in one row set.
    const chunks = await this.pool.query<{ seq: number }>(
      'SELECT seq FROM fleet_chunk WHERE report_id = $1 ORDER BY seq',
      [reportId],
    );
    for (const { seq } of chunks.rows) {
      const r = await this.pool.query<{ result: FleetChunkResult | null }>(
        'SELECT result FROM fleet_chunk WHERE report_id = $1 AND seq = $2',
        [reportId, seq],
      );
      const result = r.rows[0]?.result;
      if (!result) throw new Error(`chunk ${seq} of ${reportId} has no result yet`);
      items.push(...result.items);
      diagnostics.push(...result.diagnostics);
      if (result.deferred) deferred.push(...result.deferred);
    }
    const { orphans, folded } = resolveDeferred(items, deferred);
    for (let i = 0; i < orphans.length; i += this.chunkSize) {
      const r = summarizeUnits(
        orphans.slice(i, i + this.chunkSize),
        summarizeOptions(job.options, false),
      );
      items.push(...r.items);
      diagnostics.push(...r.diagnostics);
    }
    const report: FleetReport = buildFleetReport({ items, diagnostics, folded }, job.options, null);
    await this.pool.query(
      `UPDATE fleet_report SET status = 'done', report = $2, finished_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [reportId, JSON.stringify({ report, findings: fleetFindings(items) })],
    );
  }

  async get(teamId: string, id: string): Promise<FleetJobRecord | null> {
    const r = await this.pool.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM fleet_report WHERE id = $1 AND team_id = $2`,
      [id, teamId],
    );
    return r.rows[0] ? fromRow(r.rows[0]) : null;
  }

  /** The stored report and the items' findings (for SARIF), or null while not done. */
  async report(teamId: string, id: string): Promise<StoredFleetReport | null> {
    const r = await this.pool.query<{ report: StoredFleetReport | null }>(
      `SELECT report FROM fleet_report WHERE id = $1 AND team_id = $2 AND status = 'done'`,
      [id, teamId],
    );
    return r.rows[0]?.report ?? null;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(
    teamId: string,
    first: number,
    after: { createdAt: Date; id: string } | null,
  ): Promise<FleetJobRecord[]> {
    const r = after
      ? await this.pool.query<ReportRow>(
          `SELECT ${REPORT_COLUMNS} FROM fleet_report
            WHERE team_id = $1 AND (created_at, id) < ($2, $3)
            ORDER BY created_at DESC, id DESC LIMIT $4`,
          [teamId, after.createdAt, after.id, first],
        )
      : await this.pool.query<ReportRow>(
          `SELECT ${REPORT_COLUMNS} FROM fleet_report WHERE team_id = $1
            ORDER BY created_at DESC, id DESC LIMIT $2`,
          [teamId, first],
        );
    return r.rows.map(fromRow);
  }

  private async markFailed(reportId: string, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE fleet_report SET status = 'failed', error = $2, finished_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [reportId, error],
    );
  }

  /** Retries and expiry of every job this process queues (a killed worker's job expires). */
  private jobPolicy() {
    return {
      retryLimit: this.opts.retryLimit ?? 5,
      retryDelay: 0,
      expireInSeconds: this.opts.expireInSeconds ?? 300,
    };
  }

  private async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** pg-boss writes through our transaction (its IDatabase interface). */
  private dbOf(client: PoolClient) {
    return {
      executeSql: async (text: string, values?: unknown[]) => {
        const r = await client.query(text, values);
        return { rows: r.rows as unknown[] };
      },
    };
  }
}
