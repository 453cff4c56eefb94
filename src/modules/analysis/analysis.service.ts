import { Injectable } from '@nestjs/common';
import type { AnalysisReport, AnalyzeOptions, TimingInput } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import { performance } from 'node:perf_hooks';
import { MetricsService } from '../metrics/metrics.service';
import { AnalysisPool } from './analysis-pool';

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
    const options: AnalyzeOptions = {
      kubernetesVersion: request.kubernetesVersion,
      timing: request.timing ?? undefined,
      severityOverrides: request.severityOverrides ?? undefined,
      includeFixes: request.includeFixes ?? true,
    };
    const started = performance.now();
    const bytes = Buffer.byteLength(request.manifest, 'utf8');
    const { result, runner } = await this.pool.run(request.manifest, options);
    this.metrics.analysisDuration.observe({ runner }, (performance.now() - started) / 1000);
    this.metrics.manifestBytes.observe(bytes);
    if (!result.ok) {
      throw AppError.badInput(
        result.issues.map((i) => ({
          field: fieldPrefix ? `${fieldPrefix}.${i.field}` : i.field,
          message: i.message,
        })),
      );
    }
    for (const w of result.report.workloads) {
      this.metrics.workloads.inc({ kind: w.kind });
      for (const f of w.findings) {
        this.metrics.findings.inc({ rule: f.ruleId, severity: f.severity });
      }
    }
    for (const d of result.report.diagnostics) {
      this.metrics.diagnostics.inc({ reason: d.reason, severity: d.severity });
    }
    return result.report;
  }
}
