import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import type { AnalyzeOptions, AnalyzeResult } from '../../engine';
import { analyzeManifest } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import type { AnalysisTask } from './analysis.worker';

// Large manifests queue here rather than pile up in memory (each costs ~100x its size to parse).
const MAX_QUEUE = 32;

/**
 * Runs the engine: small manifests inline (microseconds), large ones in a bounded worker pool so
 * other requests stay responsive while a 3 MiB document is parsed.
 */
@Injectable()
export class AnalysisPool implements OnApplicationShutdown {
  private readonly pool: Piscina<AnalysisTask, AnalyzeResult> | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.workerThreads === 0) {
      this.pool = null;
      return;
    }
    const fromSource = __filename.endsWith('.ts');
    this.pool = new Piscina<AnalysisTask, AnalyzeResult>({
      filename: path.join(__dirname, fromSource ? 'analysis.worker.ts' : 'analysis.worker.js'),
      // Under ts (tests, scripts) the worker compiles its TypeScript on load, as the main thread does.
      execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
      minThreads: 0,
      maxThreads: config.workerThreads,
      maxQueue: MAX_QUEUE,
      idleTimeout: 60_000,
    });
  }

  /** Where a manifest of this size runs. */
  runnerFor(bytes: number): 'inline' | 'worker' {
    return !this.pool || bytes < this.config.workerThresholdBytes ? 'inline' : 'worker';
  }

  async run(text: string, options: AnalyzeOptions): Promise<AnalyzeResult> {
    if (this.runnerFor(Buffer.byteLength(text, 'utf8')) === 'inline') {
      return analyzeManifest(text, options);
    }
    try {
      return await this.pool!.run({ text, options });
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

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }
}
