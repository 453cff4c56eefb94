import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import type { AnalyzeOptions, AnalyzeResult } from '../../engine';
import { analyzeManifest, estimateCost } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import type { AnalysisOutcome, AnalysisTask } from './analysis.worker';

export type Runner = 'inline' | 'worker';

export interface WorkerPoolStats {
  maxThreads: number;
  /** Worker threads running now (the pool starts them on demand and stops idle ones). */
  threads: number;
  /** Analyses waiting for a thread. */
  queued: number;
  /** Beyond this many waiting, an analysis is refused with RATE_LIMITED. */
  maxQueue: number;
  /** Share of the pool's capacity used since it started, 0 .. 1 (Piscina's utilization). */
  utilization: number;
  /** Analyses the workers finished. */
  completed: number;
}

// Large manifests queue here rather than pile up in memory (each costs ~100x its size to parse).
const MAX_QUEUE = 32;

/**
 * Runs the engine: small manifests inline (microseconds), large ones in a bounded worker pool so
 * other requests stay responsive while a 3 MiB document is parsed.
 */
@Injectable()
export class AnalysisPool implements OnApplicationShutdown {
  private readonly pool: Piscina<AnalysisTask, AnalysisOutcome> | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.workerThreads === 0) {
      this.pool = null;
      return;
    }
    const fromSource = __filename.endsWith('.ts');
    this.pool = new Piscina<AnalysisTask, AnalysisOutcome>({
      filename: path.join(__dirname, fromSource ? 'analysis.worker.ts' : 'analysis.worker.js'),
      // Under ts (tests, scripts) the worker compiles its TypeScript on load, as the main thread does.
      execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
      minThreads: 0,
      maxThreads: config.workerThreads,
      maxQueue: MAX_QUEUE,
      idleTimeout: 60_000,
    });
  }

  /**
   * Where a manifest runs: inline only when a cheap pre-scan says it stays far below 50 ms of
   * event loop (size, containers, aliases, documents: the engine's INLINE_LIMITS) and it is
   * under the configured threshold; anything else in the pool.
   */
  runnerFor(text: string): Runner {
    if (!this.pool) return 'inline';
    const cost = estimateCost(text);
    return cost.inline && cost.bytes < this.config.workerThresholdBytes ? 'inline' : 'worker';
  }

  /** Analyses the text; `runner` says where it actually ran. */
  async run(
    text: string,
    options: AnalyzeOptions,
  ): Promise<{ result: AnalyzeResult; runner: Runner }> {
    if (this.runnerFor(text) === 'inline') {
      return { result: analyzeManifest(text, options), runner: 'inline' };
    }
    try {
      const outcome = await this.pool!.run({ text, options });
      return {
        result: outcome.result,
        runner: outcome.threadId === threadId ? 'inline' : 'worker',
      };
    } catch (e) {
      if (e instanceof Error && /queue is full/i.test(e.message)) {
        throw new AppError(
          'RATE_LIMITED',
          'Too many large manifests are being analysed; retry shortly.',
          [],
          2,
        );
      }
      throw e;
    }
  }

  /** The pool's figures for the metrics; all zero when analyses run inline only (WORKER_THREADS=0). */
  stats(): WorkerPoolStats {
    const p = this.pool;
    return {
      maxThreads: p?.maxThreads ?? 0,
      threads: p?.threads.length ?? 0,
      queued: p?.queueSize ?? 0,
      maxQueue: p ? MAX_QUEUE : 0,
      utilization: p?.utilization ?? 0,
      completed: p?.completed ?? 0,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }
}
