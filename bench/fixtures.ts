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

/** The playground's default example (web/src/examples.ts DEFAULT_EXAMPLE): a 4-container Deployment. */
export function playgroundDeployment(): string {
  return readFileSync(
    path.join(__dirname, '..', 'web', 'examples', 'native-and-legacy-sidecar.yaml'),
    'utf8',
  );
}

/**
 * A pod of n containers the size real injected pods have (~2 KB each: env, args, probes,
 * resources, mounts, security context): 30 containers make ~60 KB.
 */
export function largePod(n: number): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: large', '  namespace: shop'];
  lines.push('  labels: {app: large, team: payments}', 'spec:', '  initContainers:');
  const container = (name: string, i: number, sidecar: boolean): void => {
    lines.push(
      `  - name: ${name}`,
      `    image: registry.example.com/team/${name}:1.${i}.0`,
      '    imagePullPolicy: IfNotPresent',
      `    args: ["--port=${9000 + i}", "--log-level=info", "--config=/etc/${name}/config.yaml"]`,
      '    env:',
    );
    for (let e = 0; e < 18; e++) {
      lines.push(`    - name: ${name.toUpperCase().replace(/-/g, '_')}_SETTING_${e}`);
      lines.push(`      value: "value-${e}-for-${name}"`);
    }
    lines.push(
      '    - name: POD_NAME',
      '      valueFrom: {fieldRef: {fieldPath: metadata.name}}',
      '    ports:',
      `    - {name: http, containerPort: ${9000 + i}, protocol: TCP}`,
      '    resources:',
      `      requests: {cpu: ${50 + i}m, memory: ${64 + i}Mi}`,
      `      limits: {memory: ${128 + i}Mi}`,
      '    readinessProbe:',
      `      httpGet: {path: /ready, port: ${9000 + i}}`,
      '      periodSeconds: 5',
      '    livenessProbe:',
      `      httpGet: {path: /healthz, port: ${9000 + i}}`,
      '      initialDelaySeconds: 10',
      '    volumeMounts:',
      `    - {name: config, mountPath: /etc/${name}}`,
      '    securityContext:',
      '      runAsNonRoot: true',
      '      allowPrivilegeEscalation: false',
      '      capabilities: {drop: [ALL]}',
    );
    if (sidecar) lines.push('    restartPolicy: Always');
  };
  const inits = Math.max(1, Math.floor(n / 6));
  for (let i = 0; i < inits; i++) container(`sidecar-${i}`, i, true);
  lines.push('  containers:');
  for (let i = inits; i < n; i++) container(`app-${i}`, i, false);
  lines.push('  volumes:', '  - name: config', '    configMap: {name: large-config}');
  return `${lines.join('\n')}\n`;
}

/** n copies of a document as one stream, each with its own name. */
export function documentStream(doc: string, n: number): string {
  return Array.from({ length: n }, (_, i) => doc.replace(/^( {2}name: )(\S+)/m, `$1$2-${i}`)).join(
    '---\n',
  );
}

/** A ~`bytes` Pod whose containers share one anchored env list through aliases. */
export function aliasHeavyPod(bytes: number): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: aliases}',
    'spec:',
    '  containers:',
    '  - name: c0',
    '    image: nginx',
    '    env: &env',
  ];
  for (let e = 0; e < 10; e++) lines.push(`    - {name: SETTING_${e}, value: "v${e}"}`);
  let size = lines.join('\n').length;
  for (let i = 1; size < bytes; i++) {
    const part = `  - name: c${i}\n    image: nginx\n    env: *env`;
    lines.push(part);
    size += part.length + 1;
  }
  return `${lines.join('\n')}\n`;
}
