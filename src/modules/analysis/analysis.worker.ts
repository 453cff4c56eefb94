// Runs the pure engine in a worker thread, so parsing a large manifest never blocks the event loop.
import type { AnalyzeOptions, AnalyzeResult } from '../../engine';
import { threadId } from 'node:worker_threads';
import { analyzeManifest, portableReport } from '../../engine';

export interface AnalysisTask {
  text: string;
  options: AnalyzeOptions;
}

export interface AnalysisOutcome {
  result: AnalyzeResult;
  /** The worker thread that ran it (metrics record where the work really happened). */
  threadId: number;
}

export default function runAnalysis(task: AnalysisTask): AnalysisOutcome {
  const result = analyzeManifest(task.text, task.options);
  // The message carries the pictures' data, not the pictures: they are drawn only when read.
  return {
    result: result.ok ? { ok: true, report: portableReport(result.report) } : result,
    threadId,
  };
}
