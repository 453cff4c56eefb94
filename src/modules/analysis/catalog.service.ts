import { Injectable } from '@nestjs/common';
import { listRules, sidecarPatterns } from '../../engine';
import type { RuleInfo, SidecarPattern } from '../../engine';

/** The rules the analysis can report, as `GET /v1/rules` returns them. */
export interface RuleCatalog {
  /** Every rule, sorted by id: its default severity, documentation and whether it can fix. */
  rules: RuleInfo[];
}

/** What the analysis knows, independent of any manifest: the rules and the pattern catalogue. */
@Injectable()
export class CatalogService {
  rules(): RuleInfo[] {
    return listRules();
  }

  sidecarPatterns(): SidecarPattern[] {
    return sidecarPatterns();
  }
}
