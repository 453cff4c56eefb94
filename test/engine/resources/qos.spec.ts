// QoS rules of docs/kubernetes-behaviour.md (QoS; pkg/apis/core/helper/qos/qos.go) beyond the golden table.
import type { Pod } from '../../../src/engine/k8s/types';
import { computePodQOS, computePodQOSDetail } from '../../../src/engine/resources';

const guaranteed = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };

describe('computePodQOS', () => {
  it('counts a sidecar with no resources like an app container: Guaranteed app + bare sidecar = Burstable', () => {
    const pod: Pod = {
      spec: {
        initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
        containers: [{ name: 'app', resources: guaranteed }],
      },
    };
    const detail = computePodQOSDetail(pod);
    expect(detail.qosClass).toBe('Burstable');
    expect(detail.containers.map((c) => [c.name, c.qosClass])).toEqual([
      ['proxy', 'BestEffort'],
      ['app', 'Guaranteed'],
    ]);
  });

  it('compares numerically: 1000m equals 1 (Guaranteed)', () => {
    const pod: Pod = {
      spec: {
        containers: [
          {
            resources: {
              requests: { cpu: '1000m', memory: '1Gi' },
              limits: { cpu: '1', memory: '1024Mi' },
            },
          },
        ],
      },
    };
    expect(computePodQOS(pod)).toBe('Guaranteed');
  });

  it('ignores hugepages: equal hugepages with cpu/memory "0" is BestEffort', () => {
    const pod: Pod = {
      spec: {
        containers: [
          {
            resources: {
              requests: { cpu: '0', memory: '0', 'hugepages-2Mi': '2Mi' },
              limits: { cpu: '0', memory: '0', 'hugepages-2Mi': '2Mi' },
            },
          },
        ],
      },
    };
    expect(computePodQOS(pod)).toBe('BestEffort');
  });

  describe('pod-level resources (b.1)', () => {
    const emptyPodLevel: Pod = { spec: { resources: {}, containers: [{ resources: guaranteed }] } };

    it('with the fix gate off, an empty spec.resources makes the pod BestEffort', () => {
      expect(
        computePodQOS(emptyPodLevel, {
          PodLevelResources: true,
          PodLevelResourcesFixKubeletQOSClass: false,
        }),
      ).toBe('BestEffort');
    });

    it('with the fix gate on, it falls back to the containers', () => {
      expect(
        computePodQOS(emptyPodLevel, {
          PodLevelResources: true,
          PodLevelResourcesFixKubeletQOSClass: true,
        }),
      ).toBe('Guaranteed');
    });

    it('honours only spec.resources when set, and nothing of it with the gate off', () => {
      const pod: Pod = { spec: { resources: guaranteed, containers: [{ name: 'bare' }] } };
      expect(computePodQOS(pod, { PodLevelResources: true })).toBe('Guaranteed');
      expect(computePodQOS(pod, { PodLevelResources: false })).toBe('BestEffort');
    });
  });
});
