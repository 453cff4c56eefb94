// Every vector of test/vectors/upstream/qos.json: ComputePodQOS on undefaulted pods, with the vector's gates.
import type { Pod } from '../../../src/engine/k8s/types';
import { computePodQOS, type QosGates } from '../../../src/engine/resources';
import { loadGolden } from '../../support/shared';

interface QosVector {
  id: string;
  featureGates?: QosGates;
  input: { pod: Pod };
  expected: { qosClass: string };
}

const golden = loadGolden<QosVector>('qos');

describe('qos.json golden vectors', () => {
  it('holds the vectors its header announces', () => {
    expect(golden.vectors).toHaveLength(golden.count);
  });

  // Gates not named by a vector take their current default (README: the fix gate is on).
  it.each(golden.vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    expect(computePodQOS(v.input.pod, { ...v.featureGates })).toBe(v.expected.qosClass);
  });
});
