// Meta-tests over the rule catalogue: the registry, the files, the fixtures and the docs agree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeManifest } from '../../../src/engine/analyze';
import { ALL_RULES } from '../../../src/engine/rules/registry';
import { renderRulesMarkdown } from '../../../src/engine/rules/docs';
import { listRules, validateSeverityOverrides } from '../../../src/engine/rules/run-rules';
import { FIXTURES_DIR, allFindings, loadFixtures } from './support';

const RULES_DIR = path.resolve(__dirname, '..', '..', '..', 'src', 'engine', 'rules');
const camel = (id: string): string => id.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

describe('rule catalogue', () => {
  const ids = ALL_RULES.map((r) => r.id);

  it('has at least 25 rules, as many as the README says', () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(25);
    const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`\\*\\*advice\\*\\* — ${ALL_RULES.length} rules`));
  });

  it('has unique, kebab-case ids sorted alphabetically', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each(ALL_RULES.map((r) => [r.id, r] as const))(
    '%s lives in <category>/<id>.rule.ts and exports camelCase(id)',
    (id, rule) => {
      const file = path.join(RULES_DIR, rule.category, `${id}.rule.ts`);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`export const ${camel(id)} = defineRule({`);
    },
  );

  it.each(ALL_RULES.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.remediation).toMatch(/\.$/);
    expect(rule.rationale.length).toBeGreaterThan(80);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.docsUrl).toMatch(/^https:\/\//);
    expect(['error', 'warning', 'info']).toContain(rule.defaultSeverity);
  });

  it('has no rule file outside the registry', () => {
    const files = readdirSync(RULES_DIR, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.rule.ts'))
      .map((f) => path.basename(f, '.rule.ts'))
      .sort();
    expect(files).toEqual(ids);
  });

  it('every rule has at least one pass and one fail fixture, and every fixture folder a rule', () => {
    const fixtures = loadFixtures();
    for (const id of ids) {
      expect(
        fixtures.filter((f) => f.ruleId === id && f.kind === 'pass').length,
      ).toBeGreaterThanOrEqual(1);
      expect(
        fixtures.filter((f) => f.ruleId === id && f.kind === 'fail').length,
      ).toBeGreaterThanOrEqual(1);
    }
    expect(readdirSync(FIXTURES_DIR).sort()).toEqual(ids);
  });

  it('docs/rules.md is what the generator writes (run npm run build:docs)', () => {
    const committed = readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'docs', 'rules.md'),
      'utf8',
    );
    expect(committed).toBe(renderRulesMarkdown());
    for (const id of ids) expect(committed).toContain(`## ${id}\n`);
  });

  it('lists every rule for the rules query with the API severity', () => {
    const listed = listRules();
    expect(listed.map((r) => r.id)).toEqual(ids);
    const job = listed.find((r) => r.id === 'legacy-sidecar-blocks-job-completion');
    expect(job).toMatchObject({ severity: 'ERROR', fixable: true });
  });
});

describe('severity overrides', () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata: { name: report }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: report
          image: ghcr.io/acme/report:1.0
        - name: cloud-sql-proxy
          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1
          args: ["--port=5432", "acme:eu:db"]
`;

  it('rejects unknown rule ids and values as caller errors', () => {
    expect(validateSeverityOverrides({ 'no-such-rule': 'off' })).toEqual([
      {
        field: 'severityOverrides.no-such-rule',
        message: expect.stringContaining('unknown rule id'),
      },
    ]);
    expect(
      validateSeverityOverrides({ 'legacy-sidecar-blocks-job-completion': 'fatal' }),
    ).toHaveLength(1);
    expect(validateSeverityOverrides({ 'legacy-sidecar-blocks-job-completion': 'info' })).toEqual(
      [],
    );
  });

  it('changes the severity or silences the rule', () => {
    const id = 'legacy-sidecar-blocks-job-completion';
    expect(allFindings(job).find((f) => f.ruleId === id)?.severity).toBe('ERROR');
    expect(
      allFindings(job, { severityOverrides: { [id]: 'info' } }).find((f) => f.ruleId === id)
        ?.severity,
    ).toBe('INFO');
    expect(
      allFindings(job, { severityOverrides: { [id]: 'off' } }).some((f) => f.ruleId === id),
    ).toBe(false);
  });

  it('sorts findings by severity, then rule id, then path', () => {
    const findings = allFindings(job);
    const rank = { ERROR: 0, WARNING: 1, INFO: 2 } as const;
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1];
      const b = findings[i];
      if (!a || !b) continue;
      const key = (f: typeof a): string => `${rank[f.severity]}|${f.ruleId}|${f.path}`;
      expect(key(a) <= key(b)).toBe(true);
    }
    expect(findings.length).toBeGreaterThan(1);
  });
});

describe('severityOverrides through analyzeManifest', () => {
  it('refuses an unknown rule id as an option issue', () => {
    const result = analyzeManifest(
      'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec:\n  containers:\n    - name: a\n      image: nginx\n',
      {
        severityOverrides: { 'no-such-rule': 'off' },
      },
    );
    expect(result).toEqual({
      ok: false,
      issues: [{ field: 'severityOverrides.no-such-rule', message: expect.any(String) }],
    });
  });
});
