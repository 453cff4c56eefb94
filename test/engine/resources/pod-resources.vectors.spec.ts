// Every vector of test/vectors/upstream/resources.json: Kubernetes' PodRequests / PodLimits /
// AggregateContainer* / IsPodLevel* test tables (undefaulted pods, compared numerically).
import type { Pod } from '../../../src/engine/k8s/types';
import { parseQuantity } from '../../../src/engine/quantity';
import {
  aggregateContainerLimits,
  aggregateContainerRequests,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  podLimits,
  podRequests,
  type PodResourcesOptions,
  type QuantityList,
} from '../../../src/engine/resources';
import { loadGolden } from '../../support/shared';

interface ResourcesVector {
  id: string;
  function: string;
  options?: {
    excludeOverhead?: boolean;
    skipPodLevelResources?: boolean;
    nonMissingContainerRequests?: Record<string, string>;
  };
  input: { pod: Pod };
  expected: { requests?: Record<string, string>; limits?: Record<string, string>; value?: boolean };
}

const golden = loadGolden<ResourcesVector>('resources');

// Exact decimal values, so "1Gi", "1024Mi" and "1073741824" compare equal.
function valuesOf(list: QuantityList): Record<string, string> {
  return Object.fromEntries([...list].map(([name, q]) => [name, q.decimalValue()]));
}
function expectedValues(list: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(list).map(([name, text]) => {
      const parsed = parseQuantity(text);
      if (!parsed.ok) throw new Error(`bad expected quantity ${text}`);
      return [name, parsed.quantity.decimalValue()];
    }),
  );
}

type Check = (
  pod: Pod,
  opts: PodResourcesOptions,
) => { side: 'requests' | 'limits' | 'value'; actual: unknown };
const FUNCTIONS: Record<string, Check> = {
  PodRequests: (pod, opts) => ({ side: 'requests', actual: valuesOf(podRequests(pod, opts)) }),
  PodLimits: (pod, opts) => ({ side: 'limits', actual: valuesOf(podLimits(pod, opts)) }),
  AggregateContainerRequests: (pod, opts) => ({
    side: 'requests',
    actual: valuesOf(aggregateContainerRequests(pod, opts)),
  }),
  AggregateContainerLimits: (pod, opts) => ({
    side: 'limits',
    actual: valuesOf(aggregateContainerLimits(pod, opts)),
  }),
  IsPodLevelResourcesSet: (pod) => ({ side: 'value', actual: isPodLevelResourcesSet(pod) }),
  IsPodLevelRequestsSet: (pod) => ({ side: 'value', actual: isPodLevelRequestsSet(pod) }),
  IsPodLevelLimitsSet: (pod) => ({ side: 'value', actual: isPodLevelLimitsSet(pod) }),
};

describe('resources.json golden vectors', () => {
  it('holds the vectors its header announces', () => {
    expect(golden.vectors).toHaveLength(golden.count);
  });

  it.each(golden.vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const opts: PodResourcesOptions = { ...v.options };
    const names = v.function.split('+');
    let checked = 0;
    for (const name of names) {
      const check = FUNCTIONS[name];
      if (check === undefined) throw new Error(`unknown upstream function ${name}`);
      const { side, actual } = check(v.input.pod, opts);
      if (side === 'value') {
        expect(actual).toBe(v.expected.value);
        checked++;
        continue;
      }
      const expected = v.expected[side];
      if (expected === undefined) continue;
      expect(actual).toEqual(expectedValues(expected));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
