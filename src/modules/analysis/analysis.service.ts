import { Injectable } from '@nestjs/common';
import type { AnalysisReport, AnalyzeOptions, OptionIssue, TimingInput } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import { performance } from 'node:perf_hooks';
import { MetricsService } from '../metrics/metrics.service';
import { AnalysisPool } from './analysis-pool';
import type { ReportTally, SerializedAnswer } from './analyze-answer';
import { tallyReport } from './analyze-answer';

/** What a caller asks the analysis for, from GraphQL, REST or the scenarios module. */
export interface AnalysisRequest {
  manifest: string;
  kubernetesVersion?: string | null;
  timing?: TimingInput | null;
  severityOverrides?: AnalyzeOptions['severityOverrides'];
  /** Compute findings' fixed manifests (default true). */
  includeFixes?: boolean;
}

@Injectable()
export class AnalysisService {
  constructor(
    private readonly pool: AnalysisPool,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Analyses a manifest; invalid options (not an invalid manifest) are BAD_USER_INPUT whose
   * fields are named under `fieldPrefix`, where the request carried them: `input` for the analyze
   * query, `input.analysis` for createScenario, nothing for a REST body.
   */
  async analyze(request: AnalysisRequest, fieldPrefix: string): Promise<AnalysisReport> {
    const started = performance.now();
    const { result, runner } = await this.pool.run(request.manifest, this.optionsOf(request));
    this.observe(request, runner, started);
    if (!result.ok) throw this.badInput(result.issues, fieldPrefix);
    this.count(tallyReport(result.report));
    return result.report;
  }

  /**
   * The REST answer of an analysis as UTF-8 JSON, serialised where the analysis ran (a worker
   * thread for a large manifest), so the event loop only writes it; the pictures only when
   * `pictures`, and `maxBytes` bounds it (a larger answer comes back as its size).
   */
  async analyzeToJson(
    request: AnalysisRequest,
    answer: { pictures: boolean; maxBytes: number },
  ): Promise<SerializedAnswer> {
    const started = performance.now();
    const { outcome, runner } = await this.pool.runAnswer(
      request.manifest,
      this.optionsOf(request),
      answer,
    );
    this.observe(request, runner, started);
    if (!outcome.ok) throw this.badInput(outcome.issues, '');
    this.count(outcome.tally);
    return outcome.answer;
  }

  private optionsOf(request: AnalysisRequest): AnalyzeOptions {
    return {
      kubernetesVersion: request.kubernetesVersion,
      timing: request.timing ?? undefined,
      severityOverrides: request.severityOverrides ?? undefined,
      includeFixes: request.includeFixes ?? true,
    };
  }

  private observe(request: AnalysisRequest, runner: string, started: number): void {
    this.metrics.analysisDuration.observe({ runner }, (performance.now() - started) / 1000);
    this.metrics.manifestBytes.observe(Buffer.byteLength(request.manifest, 'utf8'));
  }

  private badInput(issues: OptionIssue[], fieldPrefix: string): AppError {
    return AppError.badInput(
      issues.map((i) => ({
        field: fieldPrefix ? `${fieldPrefix}.${i.field}` : i.field,
        message: i.message,
      })),
    );
  }

  private count(tally: ReportTally): void {
    for (const [kind, n] of Object.entries(tally.workloads)) {
      this.metrics.workloads.inc({ kind }, n);
    }
    for (const [key, n] of Object.entries(tally.findings)) {
      const [rule, severity] = key.split('\t');
      this.metrics.findings.inc({ rule, severity }, n);
    }
    for (const [key, n] of Object.entries(tally.diagnostics)) {
      const [reason, severity] = key.split('\t');
      this.metrics.diagnostics.inc({ reason, severity }, n);
    }
  }
}
