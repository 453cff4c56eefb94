// Every rule against its own fixtures, through the whole engine (intake, context, rules, fixes).
import { allFindings, loadFixtures } from './support';

const fixtures = loadFixtures();

describe('rule fixtures', () => {
  it('exist', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
  });

  describe.each(fixtures.filter((f) => f.kind === 'pass').map((f) => [f.file, f] as const))(
    '%s',
    (_file, f) => {
      it(`does not trigger ${f.ruleId}`, () => {
        const hits = allFindings(f.text, f.options).filter((x) => x.ruleId === f.ruleId);
        expect(hits).toEqual([]);
      });
    },
  );

  describe.each(fixtures.filter((f) => f.kind === 'fail').map((f) => [f.file, f] as const))(
    '%s',
    (_file, f) => {
      const findings = allFindings(f.text, f.options);
      const hits = findings.filter((x) => x.ruleId === f.ruleId);

      it(`triggers ${f.ruleId} with a specific message and a located path`, () => {
        expect(hits.length).toBeGreaterThan(0);
        for (const hit of hits) {
          expect(hit.message.length).toBeGreaterThan(30);
          if (hit.container) expect(hit.message).toContain(`"${hit.container}"`);
          expect(hit.line).not.toBeNull();
          expect(hit.remediation).toMatch(/\.$/);
        }
      });

      if (f.expected) {
        it('reports the expected paths and containers', () => {
          for (const want of f.expected ?? []) {
            expect(hits).toEqual(expect.arrayContaining([expect.objectContaining(want)]));
          }
        });
      }

      it('has a fix that, re-analysed, no longer triggers the rule for that finding', () => {
        for (const hit of hits.filter((h) => h.fixedManifest !== null)) {
          const again = allFindings(hit.fixedManifest ?? '', f.options).filter(
            (x) => x.ruleId === f.ruleId,
          );
          expect(again.length).toBeLessThan(hits.length);
          expect(again.some((x) => x.message === hit.message)).toBe(false);
        }
      });
    },
  );
});
