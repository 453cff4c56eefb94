// Every vector of golden/termination.json: the termination ordering rows and the killContainer
// grace arithmetic rows.
import { killContainerGrace, simulateTerminationOrdering } from '../../../src/engine/lifecycle';
import type { PodSpec } from '../../../src/engine/k8s/types';
import { loadGolden } from '../../support/shared';

interface OrderingInput {
  pod: { spec: PodSpec };
  runningContainers: string[];
  gracePeriodPassedToWaitForTurn: Record<string, number>;
  simulatedExitAfterTurnSeconds: Record<string, number>;
}
interface GraceInput {
  containerKind?: string;
  gracePeriodSeconds: number;
  preStopDurationSeconds?: number | null;
  waitForTurnSeconds?: number | null;
}
interface TerminationVector {
  id: string;
  input: OrderingInput | GraceInput;
  expected: {
    waitSeconds?: Record<string, number>;
    order?: string[];
    stopContainerTimeoutSeconds?: number;
  };
}

const golden = loadGolden<TerminationVector>('termination');
const isOrdering = (input: OrderingInput | GraceInput): input is OrderingInput =>
  'runningContainers' in input;

describe('termination against golden/termination.json', () => {
  const ordering = golden.vectors.filter((v) => isOrdering(v.input));
  const grace = golden.vectors.filter((v) => !isOrdering(v.input));

  it('every vector is one of the two known shapes, and both are present', () => {
    // The tests below are generated per vector: an empty group would silently test nothing.
    expect(ordering.length).toBeGreaterThan(0);
    expect(grace.length).toBeGreaterThan(0);
    for (const v of golden.vectors) {
      if (isOrdering(v.input)) {
        expect(v.expected.waitSeconds ?? v.expected.order).toBeDefined();
      } else {
        expect(typeof v.expected.stopContainerTimeoutSeconds).toBe('number');
      }
    }
  });

  if (ordering.length > 0) {
    it.each(ordering.map((v) => [v.id, v] as const))('ordering: %s', (_id, vector) => {
      const result = simulateTerminationOrdering(vector.input as OrderingInput);
      // Every container the vector names waits exactly that many whole seconds.
      for (const [name, seconds] of Object.entries(vector.expected.waitSeconds ?? {})) {
        expect([name, result.waitSeconds[name]]).toEqual([name, seconds]);
      }
      if (vector.expected.order !== undefined) {
        expect(result.order).toEqual(vector.expected.order);
      }
    });
  }

  if (grace.length > 0) {
    it.each(grace.map((v) => [v.id, v] as const))('grace arithmetic: %s', (_id, vector) => {
      const input = vector.input as GraceInput;
      const result = killContainerGrace(input);
      expect(result.stopContainerTimeoutSeconds).toBe(vector.expected.stopContainerTimeoutSeconds);
    });
  }
});
