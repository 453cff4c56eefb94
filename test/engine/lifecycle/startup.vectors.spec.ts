// Every vector of golden/startup.json (Kubernetes' computePodActions test tables) must pass.
import { computePodActions } from '../../../src/engine/lifecycle';
import type { PodActions, PodRuntime } from '../../../src/engine/lifecycle';
import type { PodSpec } from '../../../src/engine/k8s/types';
import { loadGolden } from '../../support/shared';

interface StartupVector {
  id: string;
  input: { pod: { spec: PodSpec }; runtime: PodRuntime };
  expected: PodActions;
}

const golden = loadGolden<StartupVector>('startup');

describe('computePodActions against golden/startup.json', () => {
  it('has vectors', () => {
    expect(golden.vectors.length).toBeGreaterThan(0);
  });

  it.each(golden.vectors.map((v) => [v.id, v] as const))('%s', (_id, vector) => {
    const actual = computePodActions(vector.input.pod, vector.input.runtime);
    expect(actual.killPod).toBe(vector.expected.killPod);
    expect(actual.createSandbox).toBe(vector.expected.createSandbox);
    // Start order matters (the kubelet starts them in this order).
    expect(actual.initContainersToStart).toEqual(vector.expected.initContainersToStart);
    expect(actual.containersToStart).toEqual(vector.expected.containersToStart);
    // Upstream keeps the containers to kill in a map: compare as a set.
    expect([...actual.containersToKill].sort()).toEqual(
      [...vector.expected.containersToKill].sort(),
    );
  });
});
