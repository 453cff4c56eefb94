import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The real-world corpus kept in the repository (test/corpus/real-world/SOURCES.md). */
const CORPUS = path.join(__dirname, '..', 'test', 'corpus', 'real-world');

export function corpus(): { name: string; text: string }[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(CORPUS, name), 'utf8') }));
}

/**
 * Real manifests repeated as one multi-document stream of just under `bytes`. The larger files
 * are used so that 3 MiB stays within the document limit (500), as real `kubectl get -o yaml`
 * output of full workloads does.
 */
export function multiDocument(bytes: number): { text: string; documents: number } {
  const files = corpus().filter((f) => !f.name.startsWith('32-') && f.text.length >= 6000);
  const parts: string[] = [];
  let size = 0;
  let documents = 0;
  for (let i = 0; ; i++) {
    const file = files[i % files.length]!;
    const part = `---\n${file.text}\n`;
    if (size + Buffer.byteLength(part) > bytes) break;
    parts.push(part);
    size += Buffer.byteLength(part);
    documents += file.text.split(/^---$/m).length;
  }
  return { text: parts.join(''), documents };
}

/** A pod with n containers: a few init containers, sidecars with probes, the rest app containers. */
export function wideDeployment(n: number): string {
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: wide}',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      initContainers:',
  ];
  const inits = Math.floor(n / 5);
  for (let i = 0; i < inits; i++) {
    lines.push(`      - name: init-${i}`, '        image: busybox');
    if (i % 2 === 1) {
      lines.push(
        '        restartPolicy: Always',
        '        startupProbe: {tcpSocket: {port: 80}, periodSeconds: 1}',
        `        resources: {requests: {cpu: 10m, memory: 16Mi}}`,
      );
    } else {
      lines.push(`        resources: {requests: {cpu: 100m, memory: 64Mi}}`);
    }
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
