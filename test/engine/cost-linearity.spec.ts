// The engine's cost grows linearly with the containers of a pod, the documents of a stream and
// the lanes of a picture (performance issue 12): per unit, a large input costs about what a small
// one does. Measured as CPU time (process.cpuUsage), the median of a few runs, with a generous
// bound: a quadratic step (every container against every other, a scan of all events per lane)
// makes the large input cost 8x per unit and fails; noise on a shared machine does not.
import { analyzeManifest } from '../../src/engine';

function wideDeployment(n: number): string {
  const lines = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: wide}', 'spec:'];
  lines.push('  selector: {matchLabels: {app: wide}}', '  template:');
  lines.push('    metadata: {labels: {app: wide}}', '    spec:', '      initContainers:');
  const inits = Math.floor(n / 5);
  for (let i = 0; i < inits; i++) {
    lines.push(`      - name: init-${i}`, '        image: busybox');
    if (i % 2 === 1) {
      lines.push('        restartPolicy: Always', '        startupProbe: {tcpSocket: {port: 80}}');
    }
    lines.push('        resources: {requests: {cpu: 10m, memory: 16Mi}}');
  }
  lines.push('      containers:');
  for (let i = 0; i < n - inits; i++) {
    lines.push(
      `      - name: app-${i}`,
      '        image: nginx',
      `        ports: [{containerPort: ${10000 + i}}]`,
      '        readinessProbe: {httpGet: {path: /, port: 80}}',
      '        resources: {requests: {cpu: 50m, memory: 32Mi}, limits: {memory: 32Mi}}',
    );
  }
  return `${lines.join('\n')}\n`;
}

const POD = (i: number): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${i}}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    ports: [{containerPort: 8080}]\n  - name: proxy\n    image: envoyproxy/envoy:v1.30.0\n    restartPolicy: Always\n`;

/** CPU microseconds of `fn`, the median of `runs`. */
function cpuCost(fn: () => unknown, runs = 3): number {
  fn();
  const costs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    costs.push(c.user + c.system);
  }
  return costs.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const analyse = (text: string) => () => analyzeManifest(text, { includeFixes: false });

describe('the engine costs linearly', () => {
  it('in the containers of a pod (100 and 800 containers)', () => {
    const small = cpuCost(analyse(wideDeployment(100))) / 100;
    const large = cpuCost(analyse(wideDeployment(800))) / 800;
    expect(large / small).toBeLessThan(3);
  });

  it('in the documents of a stream (50 and 400 documents)', () => {
    const stream = (n: number) => Array.from({ length: n }, (_, i) => POD(i)).join('---\n');
    const small = cpuCost(analyse(stream(50))) / 50;
    const large = cpuCost(analyse(stream(400))) / 400;
    expect(large / small).toBeLessThan(3);
  });

  it('in the lanes of the pictures (100 and 800 containers)', () => {
    const drawn = (n: number) => {
      const text = wideDeployment(n);
      return () => {
        const r = analyzeManifest(text, { includeFixes: false });
        if (!r.ok) throw new Error('refused');
        const l = r.report.workloads[0]!.lifecycle;
        return l.svg.length + l.mermaid.length + l.mermaidTermination.length;
      };
    };
    const small = cpuCost(drawn(100)) / 100;
    const large = cpuCost(drawn(800)) / 800;
    expect(large / small).toBeLessThan(3);
  });
});
