import { Injectable } from '@nestjs/common';
import type { AnalysisReport, AnalyzeOptions } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import { AnalysisPool } from './analysis-pool';

/** What a caller asks the analysis for, from GraphQL, REST or the scenarios module. */
export interface AnalysisRequest {
  manifest: string;
  kubernetesVersion?: string | null;
}

@Injectable()
export class AnalysisService {
  constructor(private readonly pool: AnalysisPool) {}

  /** Analyses a manifest; invalid options (not an invalid manifest) are BAD_USER_INPUT. */
  async analyze(request: AnalysisRequest): Promise<AnalysisReport> {
    const options: AnalyzeOptions = { kubernetesVersion: request.kubernetesVersion };
    const result = await this.pool.run(request.manifest, options);
    if (!result.ok) {
      throw AppError.badInput(
        result.issues.map((i) => ({ field: `input.${i.field}`, message: i.message })),
      );
    }
    return result.report;
  }
}
