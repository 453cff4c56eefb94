// Test helpers for the rule engine: run the engine over a manifest text, and walk the fixtures.
import { classifyContainers, detectInjectedSidecars } from '../../../src/engine/classification';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { analyzeManifest } from '../../../src/engine/analyze';
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { featureGatesFor, parseKubernetesVersion } from '../../../src/engine/k8s/version';
import { simulateLifecycle } from '../../../src/engine/lifecycle';
import type { TimingInput } from '../../../src/engine/lifecycle';
import { analyzeResources } from '../../../src/engine/resources';
import { buildRuleContext } from '../../../src/engine/rules/context';
import type { RuleContext } from '../../../src/engine/rules/context';
import { runRules } from '../../../src/engine/rules/run-rules';
import type { Finding } from '../../../src/engine/rules/run-rules';
import type { SeverityOverride } from '../../../src/engine/rules/define-rule';

export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'rules');

export interface EngineOptions {
  kubernetesVersion?: string;
  severityOverrides?: Record<string, SeverityOverride>;
  timing?: TimingInput;
}

export interface WorkloadFindings {
  ctx: RuleContext;
  findings: Finding[];
}

/** Reads the manifest the way the service does and runs every rule over each workload. */
export function runEngine(text: string, options: EngineOptions = {}): WorkloadFindings[] {
  const parsed = parseKubernetesVersion(options.kubernetesVersion);
  if (!parsed.ok) throw new Error(parsed.message);
  const version = parsed.version;
  const gates = featureGatesFor(version);
  const intake = readManifest(text, { version, validate: validateWorkload });
  return intake.workloads.map((workload) => {
    const base = { workload, version, gates };
    const containers = classifyContainers(base);
    const ctx = buildRuleContext(base, {
      containers,
      injectedSidecars: detectInjectedSidecars(base),
      resources: analyzeResources(base),
      lifecycle: simulateLifecycle(base, containers, options.timing ?? null),
    });
    return {
      ctx,
      findings: runRules(ctx, {
        source: text,
        severityOverrides: options.severityOverrides ?? null,
      }),
    };
  });
}

/** Every finding of every workload, through the public entry point (analyzeManifest). */
export function allFindings(text: string, options: EngineOptions = {}): Finding[] {
  const result = analyzeManifest(text, {
    kubernetesVersion: options.kubernetesVersion ?? null,
    timing: options.timing ?? null,
    severityOverrides: options.severityOverrides ?? null,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.workloads.flatMap((w) => w.findings);
}

export interface Fixture {
  ruleId: string;
  kind: 'pass' | 'fail';
  name: string;
  file: string;
  text: string;
  options: EngineOptions;
  expected: Partial<Finding>[] | null;
}

export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const ruleId of readdirSync(FIXTURES_DIR).sort()) {
    const dir = path.join(FIXTURES_DIR, ruleId);
    for (const file of readdirSync(dir).sort()) {
      const m = /^(pass|fail)\.(.+)\.yaml$/.exec(file);
      if (!m) continue;
      const base = path.join(dir, `${m[1]}.${m[2]}`);
      const options = existsSync(`${base}.options.json`)
        ? (JSON.parse(readFileSync(`${base}.options.json`, 'utf8')) as EngineOptions)
        : {};
      const expected = existsSync(`${base}.expected.json`)
        ? (JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as Partial<Finding>[])
        : null;
      out.push({
        ruleId,
        kind: m[1] as 'pass' | 'fail',
        name: m[2] ?? '',
        file: path.join(ruleId, file),
        text: readFileSync(path.join(dir, file), 'utf8'),
        options,
        expected,
      });
    }
  }
  return out;
}
