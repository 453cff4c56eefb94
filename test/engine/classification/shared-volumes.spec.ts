// Shared-volume evidence (src/engine/classification/classify.ts): a sidecar or a legacy helper
// names each main app container it shares a volume with, in the apps' order, listing the shared
// volumes as that app mounts them. The classifier finds the sharing through an index of volume
// name to apps; these cases pin what it reports, including with many containers.
import { analyzeManifest } from '../../../src/engine';

interface Mountable {
  name: string;
  image: string;
  command?: string[];
  restartPolicy?: string;
  volumeMounts?: { name: string; mountPath: string }[];
}

const mounts = (...names: string[]) => names.map((name, i) => ({ name, mountPath: `/m/${i}` }));

function pod(initContainers: Mountable[], containers: Mountable[], volumes: string[]) {
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shop' },
    spec: {
      initContainers,
      containers,
      volumes: volumes.map((name) => ({ name, emptyDir: {} })),
    },
  });
  const result = analyzeManifest(text, { includeFixes: false });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.workloads[0]!.containers;
}

const shared = (c: { evidence: { kind: string; detail: string }[] }) =>
  c.evidence.filter((e) => e.kind === 'SHARED_VOLUME').map((e) => e.detail);

describe('shared-volume evidence', () => {
  it('names every app a native sidecar shares a volume with, in app order, volumes in the app mount order', () => {
    const [sidecar] = pod(
      [
        {
          name: 'shipper',
          image: 'example.com/shipper:1',
          restartPolicy: 'Always',
          volumeMounts: mounts('cache', 'logs', 'tmp'),
        },
      ],
      [
        { name: 'web', image: 'example.com/web:1', volumeMounts: mounts('logs', 'cache') },
        { name: 'worker', image: 'example.com/worker:1', volumeMounts: mounts('data') },
        { name: 'cron', image: 'example.com/cron:1', volumeMounts: mounts('data', 'tmp') },
      ],
      ['cache', 'logs', 'tmp', 'data'],
    );
    expect(sidecar!.evidence[0]).toMatchObject({ kind: 'RESTART_POLICY' });
    expect(shared(sidecar!)).toEqual([
      'shares volume(s) logs, cache with "web"',
      'shares volume(s) tmp with "cron"',
    ]);
  });

  it('an init container that shares nothing carries no shared-volume evidence', () => {
    const [init] = pod(
      [{ name: 'migrate', image: 'example.com/migrate:1', volumeMounts: mounts('schema') }],
      [{ name: 'web', image: 'example.com/web:1', volumeMounts: mounts('logs') }],
      ['schema', 'logs'],
    );
    expect(shared(init!)).toEqual([]);
  });

  it('a volume shared with a legacy helper makes a guess likely; a helper is not a main app to share with', () => {
    const [, holder, keeper] = pod(
      [],
      [
        { name: 'db', image: 'postgres:16', volumeMounts: mounts('sock') },
        {
          name: 'holder',
          image: 'busybox',
          command: ['sh', '-c', 'sleep infinity'],
          volumeMounts: mounts('sock'),
        },
        {
          name: 'keeper',
          image: 'busybox',
          command: ['sleep', 'infinity'],
          volumeMounts: mounts('other'),
        },
      ],
      ['sock', 'other'],
    );
    expect(holder).toMatchObject({ legacySidecar: true, confidence: 'LIKELY' });
    expect(shared(holder!)).toEqual(['shares volume(s) sock with "db"']);
    expect(keeper).toMatchObject({ legacySidecar: true, confidence: 'GUESS' });
    expect(shared(keeper!)).toEqual([]);
  });

  it('with hundreds of containers, each sidecar names exactly the apps that mount its volumes', () => {
    const apps = Array.from({ length: 300 }, (_, i) => ({
      name: `app-${i}`,
      image: 'example.com/app:1',
      volumeMounts: i % 3 === 0 ? mounts('logs') : i % 3 === 1 ? mounts('cache') : [],
    }));
    const sidecars = Array.from({ length: 20 }, (_, i) => ({
      name: `side-${i}`,
      image: 'example.com/side:1',
      restartPolicy: 'Always',
      volumeMounts: i % 2 === 0 ? mounts('logs') : mounts('cache', 'logs'),
    }));
    const containers = pod(sidecars, apps, ['logs', 'cache']);
    const logsOnly = apps
      .filter((_, i) => i % 3 === 0)
      .map((a) => `shares volume(s) logs with "${a.name}"`);
    const both = apps
      .filter((_, i) => i % 3 !== 2)
      .map((a, j) => `shares volume(s) ${j % 2 === 0 ? 'logs' : 'cache'} with "${a.name}"`);
    expect(shared(containers[0]!)).toEqual(logsOnly);
    expect(shared(containers[1]!)).toEqual(both);
    expect(containers.slice(20).every((c) => shared(c).length === 0)).toBe(true);
  });
});
