// runRulesWithFixOffered (the fleet report's question "is a certain fix offered?") answers exactly
// what runRules' fixedManifest says, for every rule fixture and every Kubernetes version they use,
// without printing a manifest.
import { readManifest } from '../../../src/engine/intake';
import { runRulesWithFixOffered } from '../../../src/engine/rules/run-rules';
import { validateWorkload } from '../../../src/engine/validation';
import { loadFixtures, runEngine } from './support';

const fixtures = loadFixtures();

describe('runRulesWithFixOffered', () => {
  const cases = fixtures.map((f) => [f.file, f] as const);
  let offered = 0;
  let notOffered = 0;

  describe.each(cases)('%s', (_file, f) => {
    it('offers a fix exactly where runRules prints a fixed manifest', () => {
      for (const { ctx, findings } of runEngine(f.text, f.options)) {
        const probed = runRulesWithFixOffered(ctx, {
          source: f.text,
          severityOverrides: f.options?.severityOverrides ?? null,
        });
        expect(probed.map((p) => ({ ...p.finding, fixedManifest: null }))).toEqual(
          findings.map((x) => ({ ...x, fixedManifest: null })),
        );
        expect(probed.map((p) => p.fixOffered)).toEqual(
          findings.map((x) => x.fixedManifest !== null),
        );
        for (const p of probed) {
          expect(p.finding.fixedManifest).toBeNull();
          if (p.fixOffered) offered++;
          else notOffered++;
        }
      }
    });

    it('with firstPerContainer, offers only the first fix per container', () => {
      for (const { ctx, findings } of runEngine(f.text, f.options)) {
        const probed = runRulesWithFixOffered(ctx, {
          source: f.text,
          severityOverrides: f.options?.severityOverrides ?? null,
          firstPerContainer: true,
        });
        const seen = new Set<string>();
        const want = findings.map((x) => {
          if (x.container === null || x.fixedManifest === null || seen.has(x.container)) {
            return false;
          }
          seen.add(x.container);
          return true;
        });
        expect(probed.map((p) => p.fixOffered)).toEqual(want);
      }
    });
  });

  it('covers findings with and without a fix', () => {
    expect(offered).toBeGreaterThan(10);
    expect(notOffered).toBeGreaterThan(10);
  });

  it('offers nothing without the source text', () => {
    const f = fixtures.find(
      (x) => x.kind === 'fail' && x.ruleId === 'legacy-sidecar-blocks-job-completion',
    );
    expect(f).toBeDefined();
    const [w] = runEngine(f!.text, f!.options);
    expect(w!.findings.some((x) => x.fixedManifest !== null)).toBe(true);
    expect(runRulesWithFixOffered(w!.ctx).every((p) => !p.fixOffered)).toBe(true);
    // the manifest reads, so the lack of fixes is the missing source alone
    expect(
      readManifest(f!.text, { version: w!.ctx.version, validate: validateWorkload }).workloads
        .length,
    ).toBeGreaterThan(0);
  });
});
