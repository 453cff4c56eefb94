import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { WORKER_RESOURCE_LIMITS } from '../../common/young-generation';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Piscina } from 'piscina';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import { DATABASE_URL } from '../../database/prisma.service';
import type { FleetChunkResult } from '../../engine';
import {
  formatFleetHtml,
  formatFleetJson,
  formatFleetMarkdown,
  formatFleetSarif,
  formatFleetTable,
} from '../../engine';
import type { FleetTask } from '../../cli/fleet-worker';
import type { Caller } from '../auth/caller';
import { ApiKeysService } from '../auth/api-keys.service';
import { checkPageSize, isUuid } from '../scenarios/cursor';
import { FleetQueue, FleetUploadTooLarge } from './fleet-queue';
import type { FleetJobRecord } from './fleet-queue';
import type { FleetOptionsInput } from './fleet-options';
import { toFleetJobOptions } from './fleet-options';

/** Largest dump accepted (streamed, never held whole): `kubectl get ... -A -o yaml` of a big cluster. */
export const MAX_FLEET_DUMP_BYTES = 100 * 1024 * 1024;

/** The version in package.json, named in SARIF's tool driver as the CLI does. */
const PACKAGE_VERSION = ((): string => {
  try {
    const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export type FleetReportFormat = 'json' | 'markdown' | 'html' | 'sarif' | 'table';

export const FLEET_FORMAT_MEDIA: Record<FleetReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
  table: 'text/plain; charset=utf-8',
};

/** A fleet report job: status and progress in chunks. */
export interface FleetJobView {
  id: string;
  status: string;
  source: string;
  done: number;
  total: number;
  objects: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The job an upload created, and where to follow it. */
export interface FleetJobCreated extends FleetJobView {
  links: { self: string; report: string };
}

/** A page of the team's fleet report jobs, newest first. */
export interface FleetJobList {
  items: FleetJobView[];
  /** Pass as `after` for the next page; null for an empty page. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface FleetJobPage {
  items: { cursor: string; node: FleetJobView }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const view = (j: FleetJobRecord): FleetJobView => ({
  id: j.id,
  status: j.status,
  source: j.source,
  done: j.doneChunks,
  total: j.totalChunks,
  objects: j.objectCount,
  error: j.error,
  createdAt: j.createdAt,
  finishedAt: j.finishedAt,
});

/** Opaque to clients: base64url of "f1|<created_at>|<id>". */
export function encodeFleetCursor(j: { createdAt: Date; id: string }): string {
  return Buffer.from(`f1|${j.createdAt.toISOString()}|${j.id}`, 'utf8').toString('base64url');
}

export function decodeFleetCursor(
  cursor: string,
  field = 'after',
): { createdAt: Date; id: string } {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const [tag, iso, id, ...rest] = text.split('|');
  const createdAt = new Date(iso ?? '');
  if (
    tag !== 'f1' ||
    rest.length > 0 ||
    !id ||
    !isUuid(id) ||
    Number.isNaN(createdAt.getTime()) ||
    createdAt.toISOString() !== iso
  ) {
    throw AppError.badInput([
      { field, message: 'is not a cursor this API handed out; pass an endCursor unchanged' },
    ]);
  }
  return { createdAt, id };
}

/**
 * Fleet report jobs of the caller's team: uploads cut into chunks on pg-boss, worked on by every
 * replica (FLEET_WORKERS chunks at once per process; the engine runs in worker threads).
 */
@Injectable()
export class FleetService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FleetService.name);
  readonly queue: FleetQueue;
  private readonly pool: Piscina<FleetTask, FleetChunkResult> | null;
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly keys: ApiKeysService,
  ) {
    const threads = config.workerThreads;
    if (threads > 0) {
      const fromSource = __filename.endsWith('.ts');
      this.pool = new Piscina<FleetTask, FleetChunkResult>({
        filename: path.join(
          __dirname,
          '..',
          '..',
          'cli',
          fromSource ? 'fleet-worker.ts' : 'fleet-worker.js',
        ),
        execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
        minThreads: 0,
        maxThreads: Math.min(threads, Math.max(1, os.availableParallelism())),
        resourceLimits: WORKER_RESOURCE_LIMITS,
      });
    } else {
      this.pool = null;
    }
    const pool = this.pool;
    this.queue = new FleetQueue(databaseUrl, {
      concurrency: Math.max(1, config.fleetWorkers),
      poolMax: 4,
      runChunk: pool
        ? (units, o) =>
            pool.run({
              units,
              options: {
                kubernetesVersion: o.kubernetesVersion,
                teamLabels: o.teamLabels,
                deferOwned: true,
              },
            })
        : undefined,
    });
  }

  onModuleInit(): void {
    // Every replica with FLEET_WORKERS > 0 takes chunks of every upload. The service answers
    // analyze while the database is down: the queue starts in the background and tries again
    // until PostgreSQL is there.
    if (this.config.fleetWorkers > 0) void this.ensureStarted().catch(() => undefined);
  }

  private ensureStarted(): Promise<void> {
    if (!this.starting) {
      const attempt = this.config.fleetWorkers > 0 ? this.queue.work() : this.queue.start();
      this.starting = attempt;
      attempt.catch((e: unknown) => {
        this.logger.warn(`fleet queue not started yet: ${(e as Error).message}`);
        this.starting = null;
        if (this.config.fleetWorkers > 0 && !this.stopped) {
          setTimeout(() => void this.ensureStarted().catch(() => undefined), 5000).unref();
        }
      });
    }
    return this.starting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.queue.stop().catch((e: unknown) => this.logger.warn(`stop: ${String(e)}`));
    await this.pool?.destroy();
  }

  async submit(
    caller: Caller,
    dump: Readable | string,
    input: FleetOptionsInput,
    source: string | undefined,
  ): Promise<FleetJobView> {
    const options = toFleetJobOptions(input);
    const name = (source ?? 'upload').slice(0, 200);
    const teamId = await this.keys.teamIdOf(caller);
    await this.ensureStarted();
    try {
      return view(await this.queue.submit(teamId, dump, options, name, MAX_FLEET_DUMP_BYTES));
    } catch (e) {
      if (e instanceof FleetUploadTooLarge) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `The dump is larger than ${MAX_FLEET_DUMP_BYTES / 1048576} MiB; split it (e.g. per namespace) and upload each part.`,
        );
      }
      throw e;
    }
  }

  async get(caller: Caller, id: string): Promise<FleetJobView | null> {
    if (!isUuid(id)) return null;
    const job = await this.queue.get(await this.keys.teamIdOf(caller), id);
    return job ? view(job) : null;
  }

  /** The report in a format, or null when the job is not (yet) done; NOT_FOUND when unknown. */
  async report(
    caller: Caller,
    id: string,
    format: FleetReportFormat,
  ): Promise<{ job: FleetJobView; text: string | null }> {
    const job = await this.get(caller, id);
    if (!job) throw new AppError('NOT_FOUND', `No fleet report ${id.slice(0, 60)} in your team.`);
    if (job.status !== 'done') return { job, text: null };
    const stored = await this.queue.report(await this.keys.teamIdOf(caller), id);
    if (!stored) return { job, text: null };
    const r = stored.report;
    const text =
      format === 'json'
        ? formatFleetJson(r)
        : format === 'markdown'
          ? formatFleetMarkdown(r)
          : format === 'html'
            ? formatFleetHtml(r)
            : format === 'sarif'
              ? formatFleetSarif(r, stored.findings, PACKAGE_VERSION)
              : formatFleetTable(r);
    return { job, text };
  }

  async list(caller: Caller, first: number, after?: string | null): Promise<FleetJobPage> {
    checkPageSize(first);
    const position = after ? decodeFleetCursor(after) : null;
    const rows = await this.queue.list(await this.keys.teamIdOf(caller), first + 1, position);
    const page = rows.slice(0, first);
    return {
      items: page.map((j) => ({ cursor: encodeFleetCursor(j), node: view(j) })),
      hasNextPage: rows.length > first,
      hasPreviousPage: position !== null,
    };
  }
}
