// Every vector of golden/validation.json (Kubernetes' TestValidateInitContainers table and the
// code-derived rows): same validity, same error types at the same full-pod paths.
import type { Container, PodSpec } from '../../../src/engine/k8s/types';
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import { validatePodSpec } from '../../../src/engine/validation';
import { loadGolden } from '../../support/shared';

interface ValidationVector {
  id: string;
  input: { podRestartPolicy?: string; containers?: Container[]; initContainers?: Container[] };
  expected: { valid: boolean; errors: { type: string; field: string; podField: string }[] };
  validationOptions?: { AllowSidecarResizePolicy?: boolean };
  versionNote?: string;
}

// The table comes from a ~v1.33 tree (golden/README.md): validate as 1.33 does.
const TREE_VERSION = versionOf(33);
const golden = loadGolden<ValidationVector>('validation');

describe('golden/validation.json', () => {
  it('holds vectors', () => {
    expect(golden.vectors.length).toBe(golden.count);
  });

  it.each(golden.vectors.map((v) => [v.id, v] as const))('%s', (_id, vector) => {
    const spec: PodSpec = {
      restartPolicy: vector.input.podRestartPolicy,
      containers: vector.input.containers ?? [],
      initContainers: vector.input.initContainers ?? [],
    };
    const issues = validatePodSpec(spec, 'spec', {
      version: TREE_VERSION,
      gates: featureGatesFor(TREE_VERSION),
      // The unit tests build internal objects: no v1 defaulting happens before validation.
      defaulting: 'none',
      allowSidecarResizePolicy: vector.validationOptions?.AllowSidecarResizePolicy ?? false,
    });
    const errors = issues.filter((i) => i.severity === 'ERROR');
    expect(errors.length === 0).toBe(vector.expected.valid);
    const actual = errors.map((e) => `${e.reason} ${e.path}`).sort();
    const expected = vector.expected.errors.map((e) => `${e.type} ${e.podField}`).sort();
    expect(actual).toEqual(expected);
  });
});

// versionNote: from 1.35 (ContainerRestartRules on by default) Always, OnFailure and Never are
// legal on every container; any other value, the empty string included, is still refused.
describe('golden/validation.json at 1.35 (versionNote)', () => {
  const V135 = versionOf(35);
  const LEGAL = ['Always', 'OnFailure', 'Never'];
  const noted = golden.vectors.filter((v) => v.versionNote !== undefined);

  it('has restartPolicy vectors with a versionNote', () => {
    expect(noted.length).toBeGreaterThan(0);
  });

  it.each(noted.map((v) => [v.id, v] as const))('%s', (_id, vector) => {
    const spec: PodSpec = {
      restartPolicy: vector.input.podRestartPolicy,
      containers: vector.input.containers ?? [],
      initContainers: vector.input.initContainers ?? [],
    };
    const valueAt = (podField: string): unknown => {
      const m = /^spec\.(initContainers|containers)\[(\d+)\]\.restartPolicy$/.exec(podField);
      if (!m) return undefined;
      const list = m[1] === 'initContainers' ? spec.initContainers : spec.containers;
      return list?.[Number(m[2])]?.restartPolicy;
    };
    const expected = vector.expected.errors
      .filter((e) => !LEGAL.includes(String(valueAt(e.podField))))
      .map((e) => `${e.type} ${e.podField}`)
      .sort();
    const issues = validatePodSpec(spec, 'spec', {
      version: V135,
      gates: featureGatesFor(V135),
      defaulting: 'none',
      allowSidecarResizePolicy: vector.validationOptions?.AllowSidecarResizePolicy ?? false,
    });
    const actual = issues
      .filter((i) => i.severity === 'ERROR')
      .map((e) => `${e.reason} ${e.path}`)
      .sort();
    expect(actual).toEqual(expected);
  });
});
