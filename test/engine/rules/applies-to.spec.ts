// A rule's `appliesTo` lets the runner skip its check for workloads without any of those scopes:
// it must be a necessary condition. Every rule's check is run directly (not through the runner) on
// the rule fixtures and the real-world corpus, and a hit outside the declared scopes fails.
import { workloadScopes } from '../../../src/engine/rules/context';
import { ALL_RULES } from '../../../src/engine/rules/registry';
import { loadCorpus } from '../../support/shared';
import { loadFixtures, runEngine } from './support';
import type { EngineOptions } from './support';

const inputs: [string, string, EngineOptions][] = [
  ...loadFixtures().map((f): [string, string, EngineOptions] => [f.file, f.text, f.options]),
  ...loadCorpus().map(([file, text]): [string, string, EngineOptions] => [file, text, {}]),
  ...loadCorpus().map(([file, text]): [string, string, EngineOptions] => [
    `${file} on 1.28`,
    text,
    { kubernetesVersion: '1.28' },
  ]),
];
const scoped = ALL_RULES.filter((r) => r.appliesTo !== undefined);

describe('rule scopes (appliesTo)', () => {
  it('are declared by most rules', () => {
    expect(scoped.length).toBeGreaterThanOrEqual(20);
  });

  it('are read from the containers', () => {
    const [w] = runEngine(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  initContainers:',
        '  - {name: setup, image: busybox}',
        '  containers:',
        '  - name: app',
        '    image: nginx',
        '    ports: [{containerPort: 80}]',
        '    lifecycle: {preStop: {sleep: {seconds: 5}}}',
      ].join('\n'),
    );
    expect(workloadScopes(w!.ctx)).toEqual({
      'native-sidecar': false,
      'legacy-sidecar': false,
      'init-container': true,
      helper: false,
      ports: true,
      'pre-stop': true,
    });
  });

  const hitsOutside: string[] = [];
  const hitRules = new Set<string>();
  for (const [file, text, options] of inputs) {
    for (const { ctx } of runEngine(text, options)) {
      const scopes = workloadScopes(ctx);
      for (const rule of scoped) {
        const hits = rule.check(ctx);
        if (hits.length === 0) continue;
        hitRules.add(rule.id);
        if (!(rule.appliesTo ?? []).some((s) => scopes[s])) hitsOutside.push(`${rule.id}: ${file}`);
      }
    }
  }

  it('are necessary: no rule finds anything in a workload outside its scopes', () => {
    expect(hitsOutside).toEqual([]);
  });

  it('were put to the test: every scoped rule finds something in these inputs', () => {
    expect(scoped.filter((r) => !hitRules.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});
