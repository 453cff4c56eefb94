// Runs the pure engine in a worker thread, so parsing a large manifest never blocks the event loop.
import type { AnalyzeOptions, AnalyzeResult, OptionIssue } from '../../engine';
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { analyzeManifest } from '../../engine';
import type { AnswerOptions, ReportTally, SerializedAnswer } from './analyze-answer';
import { serializeAnswer, tallyReport } from './analyze-answer';

export interface AnalysisTask {
  text: string;
  options: AnalyzeOptions;
  /** Serialise the REST answer here rather than post the report (POST /v1/analyze). */
  answer?: AnswerOptions;
}

/** A REST answer, serialised where the analysis ran, with what the metrics count of it. */
export type AnswerOutcome =
  { ok: true; answer: SerializedAnswer; tally: ReportTally } | { ok: false; issues: OptionIssue[] };

export interface AnalysisOutcome {
  /** The report (or the option issues); absent when the task asked for a serialised answer. */
  result?: AnalyzeResult;
  answer?: AnswerOutcome;
  /** The worker thread that ran it (metrics record where the work really happened). */
  threadId: number;
}

/** The analysis as a REST answer: JSON text (or its size, when it cannot fit) and the tally. */
export function analyzeToAnswer(
  text: string,
  options: AnalyzeOptions,
  answer: AnswerOptions,
): AnswerOutcome {
  const result = analyzeManifest(text, options);
  if (!result.ok) return result;
  return {
    ok: true,
    answer: serializeAnswer(result.report, answer),
    tally: tallyReport(result.report),
  };
}

/** An outcome whose answer bytes are moved to the main thread, not copied. */
class MovedOutcome {
  constructor(
    private readonly outcome: AnalysisOutcome,
    private readonly buffers: ArrayBuffer[],
  ) {}
  get [Piscina.transferableSymbol](): ArrayBuffer[] {
    return this.buffers;
  }
  get [Piscina.valueSymbol](): AnalysisOutcome {
    return this.outcome;
  }
}

export default function runAnalysis(task: AnalysisTask): AnalysisOutcome {
  if (task.answer) {
    // The event loop then only writes bytes: serialising a 500-workload report (and drawing its
    // pictures, when asked) and encoding it as UTF-8 is work for this thread.
    const answer = analyzeToAnswer(task.text, task.options, task.answer);
    const outcome: AnalysisOutcome = { answer, threadId };
    if (!answer.ok || !answer.answer.ok) return outcome;
    const moved = new MovedOutcome(outcome, [answer.answer.body.buffer as ArrayBuffer]);
    return Piscina.move(moved as never) as unknown as AnalysisOutcome;
  }
  // Posting the report reads every field, so the lifecycle pictures are drawn here, in the
  // worker: a large report's pictures never cost the event loop.
  return { result: analyzeManifest(task.text, task.options), threadId };
}
