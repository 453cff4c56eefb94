// Runs the pure engine in a worker thread, so parsing a large manifest never blocks the event loop.
import type { AnalyzeOptions, AnalyzeResult } from '../../engine';
import { threadId } from 'node:worker_threads';
import { analyzeManifest } from '../../engine';

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
  // Posting the report reads every field, so the lifecycle pictures are drawn here, in the
  // worker: a large report's pictures never cost the event loop (a REST body serialises them).
  return { result: analyzeManifest(task.text, task.options), threadId };
}
