// The severity policy of docs/rules.md ("Severity policy"), enforced over the whole registry:
// ERROR only for what is certain; a finding that rests on a classification that is not CERTAIN is
// at most a WARNING and names its evidence; the migration fix only for a certain helper whose
// project supports native sidecars, otherwise the finding says why there is none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../../src/engine/rules/registry';
import { runRules } from '../../../src/engine/rules/run-rules';
import { SEVERITY_POLICY } from '../../../src/engine/rules/docs';
import { loadFixtures, runEngine } from './support';

const fixtures = loadFixtures();
const failFixtures = (ruleId: string) =>
  fixtures.filter((f) => f.ruleId === ruleId && f.kind === 'fail');

describe('severity policy', () => {
  it('is written down in docs/rules.md', () => {
    const doc = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
    expect(doc).toContain(SEVERITY_POLICY.join('\n'));
  });

  it('every rule says what it rests on', () => {
    for (const rule of ALL_RULES) {
      expect([rule.id, rule.basis]).toEqual([
        rule.id,
        expect.stringMatching(/^(spec|classification)$/),
      ]);
    }
  });

  const errorRules = ALL_RULES.filter((r) => r.defaultSeverity === 'error');

  describe.each(errorRules.map((r) => [r.id, r] as const))('ERROR rule %s', (id, rule) => {
    it('reports a hit that is not certain as a WARNING', () => {
      // The rule as it is, except that its hits are said to rest on a likely classification.
      const doubtful = {
        ...rule,
        check: (ctx: Parameters<typeof rule.check>[0]) =>
          rule.check(ctx).map((h) => ({ ...h, confidence: 'LIKELY' as const })),
      };
      let hits = 0;
      for (const f of failFixtures(id)) {
        for (const { ctx } of runEngine(f.text, f.options)) {
          const findings = runRules(ctx, { rules: [doubtful] });
          hits += findings.length;
          for (const finding of findings) {
            expect([f.file, finding.severity]).toEqual([f.file, 'WARNING']);
          }
          // An explicit override is the user's choice.
          for (const finding of runRules(ctx, {
            rules: [doubtful],
            severityOverrides: { [id]: 'error' },
          })) {
            expect(finding.severity).toBe('ERROR');
          }
        }
      }
      expect(hits).toBeGreaterThan(0);
    });

    if (rule.basis === 'classification') {
      it('its ERROR findings on the fixtures rest on certain facts only, and every hit says how sure it is', () => {
        for (const f of failFixtures(id)) {
          for (const { ctx } of runEngine(f.text, f.options)) {
            for (const hit of rule.check(ctx)) {
              expect([f.file, hit.confidence]).toEqual([
                f.file,
                expect.stringMatching(/^(CERTAIN|LIKELY|GUESS)$/),
              ]);
              const c = ctx.containers.find((x) => x.name === hit.container);
              const severity = runRules(ctx, { rules: [rule] }).find(
                (x) => x.path === hit.path,
              )?.severity;
              if (severity === 'ERROR' && c && c.confidence !== 'CERTAIN') {
                // Certain from the command alone (a command that never returns), never a guess.
                expect([f.file, hit.confidence]).toEqual([f.file, 'CERTAIN']);
              }
            }
          }
        }
      });
    }
  });
});

describe('mechanical migration fix', () => {
  const manifest = (proxy: Record<string, unknown>, labels: Record<string, string> = {}) =>
    JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'job' },
      spec: {
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'main', image: 'busybox', command: ['sh', '-c', 'echo done'] },
              proxy,
            ],
          },
        },
      },
    });
  const finding = (text: string) => {
    const [w] = runEngine(text);
    return w!.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion');
  };

  it('is offered for a certain helper whose project runs it as a native sidecar', () => {
    const f = finding(
      manifest({
        name: 'cloud-sql-proxy',
        image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0',
        args: ['p:r:i'],
      }),
    );
    expect(f).toMatchObject({ severity: 'ERROR' });
    expect(f!.fixedManifest).not.toBeNull();
    expect(f!.message).not.toContain('No mechanical fix');
  });

  it('is not offered on a name alone: a WARNING that names its evidence and why there is no fix', () => {
    const f = finding(manifest({ name: 'my-agent', image: 'example.com/agent:1' }));
    expect(f).toMatchObject({ severity: 'WARNING', fixedManifest: null });
    expect(f!.message).toContain('its name "my-agent" names a helper\'s job');
    expect(f!.message).toContain('No mechanical fix');
  });

  it('is not offered where the project keeps the helper legacy: Vault Agent', () => {
    const f = finding(
      manifest({
        name: 'vault-agent',
        image: 'hashicorp/vault:1.15.0',
        args: ['agent', '-config=/vault/config/agent.hcl'],
      }),
    );
    expect(f).toMatchObject({ fixedManifest: null });
    expect(f!.message).toMatch(
      /No mechanical fix: the Vault Agent Injector .* always adds vault-agent to spec.containers/,
    );
  });

  it("is not offered for Linkerd's identity controller, whose chart keeps its proxy legacy on purpose", () => {
    const text = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'linkerd-identity' },
      spec: {
        selector: { matchLabels: { 'linkerd.io/control-plane-component': 'identity' } },
        template: {
          metadata: {
            labels: { 'linkerd.io/control-plane-component': 'identity' },
            annotations: { 'linkerd.io/proxy-version': 'stable-2.14.0' },
          },
          spec: {
            containers: [
              {
                name: 'identity',
                image: 'cr.l5d.io/linkerd/controller:stable-2.14.0',
                args: ['identity'],
              },
              {
                name: 'linkerd-proxy',
                image: 'cr.l5d.io/linkerd/proxy:stable-2.14.0',
                ports: [{ containerPort: 4143 }],
              },
            ],
          },
        },
      },
    });
    const [w] = runEngine(text);
    const proxy = w!.ctx.containers.find((c) => c.name === 'linkerd-proxy')!;
    expect(proxy).toMatchObject({ legacySidecar: true, confidence: 'CERTAIN' });
    expect(proxy.native).toMatchObject({ supported: false });
    const race = w!.findings.find((f) => f.ruleId === 'legacy-sidecar-startup-race');
    expect(race).toMatchObject({ fixedManifest: null });
    expect(race!.message).toContain(
      "Linkerd's identity controller keeps its proxy a regular container on purpose",
    );
  });
});
