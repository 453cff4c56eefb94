// readDefaultedPod fills each container's requests from its limits while reading (SetDefaults_Pod,
// pkg/apis/core/v1/defaults.go), without copying the spec. It must read exactly what
// readPodResources reads from applyResourceDefaults' copy: same quantities, flags, issues and
// defaulted requests, for the real-world corpus and for malformed shapes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../../../src/engine/intake';
import { versionOf } from '../../../src/engine/k8s/version';
import type { PodSpec } from '../../../src/engine/k8s/types';
import {
  applyResourceDefaults,
  readDefaultedPod,
  readPodResources,
} from '../../../src/engine/resources';

const CORPUS = join(__dirname, '..', '..', 'corpus', 'real-world');

function expectSameRead(spec: PodSpec, sidecarsEnabled: boolean): void {
  const { spec: copy, defaulted } = applyResourceDefaults(spec, sidecarsEnabled);
  const want = { pod: readPodResources(copy, { sidecarsEnabled }), defaulted };
  // A fresh spec object each time: readDefaultedPod keeps its read per spec.
  expect(readDefaultedPod({ ...spec }, sidecarsEnabled)).toEqual(want);
}

const odd: Record<string, unknown>[] = [
  { containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }] },
  { containers: [{ name: 'a', resources: { requests: null, limits: { cpu: '1' } } }] },
  { containers: [{ name: 'a', resources: { limits: {} } }] },
  { containers: [{ name: 'a', resources: { requests: { cpu: '0' }, limits: { cpu: '2' } } }] },
  { containers: [{ name: 'a', resources: { requests: ['cpu'], limits: { cpu: '2' } } }] },
  { containers: [{ name: 'a', resources: { requests: { cpu: '1' }, limits: 'lots' } }] },
  { containers: [{ name: 'a', resources: 'big' }, 'not a container', null] },
  { containers: [{ resources: { limits: { cpu: 'x', memory: { a: 1 }, 'nvidia.com/gpu': 1 } } }] },
  {
    initContainers: [
      { name: 's', restartPolicy: 'Always', resources: { limits: { memory: '64Mi' } } },
      { name: 'i', resources: { limits: { cpu: '500m' }, requests: { memory: '1Mi' } } },
    ],
    containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    overhead: { cpu: '250m' },
    resources: { limits: { cpu: '4' } },
  },
  { initContainers: 'none', containers: { a: 1 } },
];

describe('readDefaultedPod reads what applyResourceDefaults would have it read', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'));
  const workloads = files.flatMap((file) => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    return readManifest(text, { version: versionOf(34), validate: null }).workloads.map(
      (w) => [`${file} ${w.kind}/${w.name}`, w.spec] as const,
    );
  });

  it('the corpus has workloads to compare', () => {
    expect(workloads.length).toBeGreaterThan(30);
  });

  it.each(workloads)('%s', (_, spec) => {
    expectSameRead(spec, true);
    expectSameRead(spec, false);
  });

  it.each(odd.map((spec, i) => [i, spec] as const))('malformed shape %i', (_, spec) => {
    expectSameRead(spec as PodSpec, true);
    expectSameRead(spec as PodSpec, false);
  });

  it('fills in a request from a limit and records it', () => {
    const read = readDefaultedPod({
      containers: [{ name: 'a', resources: { limits: { cpu: '1' } } }],
    } as PodSpec);
    expect(read.defaulted).toEqual([
      { container: 'a', role: 'APP', index: 0, resource: 'cpu', fromLimit: '1' },
    ]);
    expect(read.pod.containers[0]?.requests.get('cpu')?.canonical()).toBe('1');
    expect(read.pod.containers[0]?.hasRequests).toBe(true);
  });
});
