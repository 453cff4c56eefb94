import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import type { AnalyzeOptions, AnalyzeResult } from '../../engine';
import { analyzeManifest, estimateCost } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import { WORKER_RESOURCE_LIMITS } from '../../common/young-generation';
import type { AnswerOptions } from './analyze-answer';
import type { AnalysisOutcome, AnalysisTask, AnswerOutcome } from './analysis.worker';
import { analyzeToAnswer } from './analysis.worker';

export type Runner = 'inline' | 'worker';

export interface WorkerPoolStats {
  maxThreads: number;
  /** Worker threads running now (the pool starts them on demand and stops idle ones). */
  threads: number;
  /** Analyses waiting for a thread. */
  queued: number;
  /** Beyond this many waiting, an analysis is refused with SERVICE_UNAVAILABLE (503, Retry-After). */
  maxQueue: number;
  /** Share of the pool's capacity used since it started, 0 .. 1 (Piscina's utilization). */
  utilization: number;
  /** Analyses the workers finished. */
  completed: number;
}

/** Retry-After bounds for a refused analysis, in seconds. */
const MIN_RETRY_AFTER_S = 1;
const MAX_RETRY_AFTER_S = 30;

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
      // Large manifests queue here rather than pile up in memory (each costs ~100x its size to
      // parse); beyond WORKER_QUEUE_MAX the caller is told to come back (503 + Retry-After).
      maxQueue: config.workerQueueMax,
      idleTimeout: 60_000,
      // The main thread's young generation (src/common/young-generation.ts).
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
  }

  /**
   * Where a manifest runs: inline only when a cheap pre-scan says it stays far below 50 ms of
   * event loop (size, containers, aliases, documents: the engine's INLINE_LIMITS) and it is
   * under the configured threshold; anything else in the pool.
   */
  runnerFor(text: string): Runner {
    if (!this.pool) return 'inline';
    // At least one UTF-8 byte per UTF-16 unit: a text this long goes to the pool unscanned (the
    // scan of a 3 MiB text would itself cost the event loop tens of milliseconds).
    if (text.length >= this.config.workerThresholdBytes) return 'worker';
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
    const outcome = await this.dispatch({ text, options });
    return { result: outcome.result!, runner: this.where(outcome) };
  }

  /**
   * Analyses the text and serialises the REST answer where the analysis runs: in the pool, the
   * event loop receives a string to write, not a report to serialise.
   */
  async runAnswer(
    text: string,
    options: AnalyzeOptions,
    answer: AnswerOptions,
  ): Promise<{ outcome: AnswerOutcome; runner: Runner }> {
    if (this.runnerFor(text) === 'inline') {
      return { outcome: analyzeToAnswer(text, options, answer), runner: 'inline' };
    }
    const outcome = await this.dispatch({ text, options, answer });
    return { outcome: outcome.answer!, runner: this.where(outcome) };
  }

  private where(outcome: AnalysisOutcome): Runner {
    return outcome.threadId === threadId ? 'inline' : 'worker';
  }

  private async dispatch(task: AnalysisTask): Promise<AnalysisOutcome> {
    try {
      return await this.pool!.run(task);
    } catch (e) {
      // Piscina's refusals when every thread is busy and maxQueue tasks wait.
      if (
        e instanceof Error &&
        /queue is (?:at limit|full)|No task queue available/i.test(e.message)
      ) {
        throw this.busy();
      }
      throw e;
    }
  }

  /**
   * Whether a task sent now would be refused: every thread busy and WORKER_QUEUE_MAX waiting. The
   * load shedding asks this before reading a large body (src/common/load-shedding.ts).
   */
  queueFull(): boolean {
    const p = this.pool;
    return p !== null && p.queueSize >= this.config.workerQueueMax;
  }

  /**
   * The server is overloaded, not the client wrong: 503 with a Retry-After of about the time the
   * queue ahead takes to drain (tasks per thread times the mean run time measured so far).
   */
  busy(): AppError {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'Too many large manifests are being analysed at once; retry after the time in Retry-After.',
      [],
      this.retryAfterSeconds(),
    );
  }

  /** Seconds until a slot is likely free, from the queue length and the measured run time. */
  retryAfterSeconds(): number {
    const p = this.pool;
    if (!p) return MIN_RETRY_AFTER_S;
    const meanRunMs = p.histogram.runTime.mean;
    const perTaskMs = Number.isFinite(meanRunMs) && meanRunMs > 0 ? meanRunMs : 1000;
    const ahead = p.queueSize / Math.max(1, p.maxThreads) + 1;
    const seconds = Math.ceil((ahead * perTaskMs) / 1000);
    return Math.min(MAX_RETRY_AFTER_S, Math.max(MIN_RETRY_AFTER_S, seconds));
  }

  /** The pool's figures for the metrics; all zero when analyses run inline only (WORKER_THREADS=0). */
  stats(): WorkerPoolStats {
    const p = this.pool;
    return {
      maxThreads: p?.maxThreads ?? 0,
      threads: p?.threads.length ?? 0,
      queued: p?.queueSize ?? 0,
      maxQueue: p ? this.config.workerQueueMax : 0,
      utilization: p?.utilization ?? 0,
      completed: p?.completed ?? 0,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }
}
