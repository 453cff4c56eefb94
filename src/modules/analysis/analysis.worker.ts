// Runs the pure engine in a worker thread, so parsing a large manifest never blocks the event loop.
import type { AnalyzeOptions, AnalyzeResult } from '../../engine';
import { analyzeManifest } from '../../engine';

export interface AnalysisTask {
  text: string;
  options: AnalyzeOptions;
}

export default function runAnalysis(task: AnalysisTask): AnalyzeResult {
  return analyzeManifest(task.text, task.options);
}
