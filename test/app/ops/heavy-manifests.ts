// Manifests that cost the engine real work for their size (issue 11 item 3): anchors, aliases
// and merge keys in every document (each alias expands to a whole sub-tree), and a wide one with
// many documents and containers.

/** About `bytes` of YAML where most nodes are aliases or merge keys of earlier anchors. */
export function aliasHeavyManifest(bytes = 52 * 1024): string {
  const docs: string[] = [];
  for (let d = 0; docs.join('\n---\n').length < bytes; d++) {
    const lines = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: {name: aliases-${d}, labels: &labels {app: aliases-${d}, tier: web}}`,
      'spec:',
      '  selector: {matchLabels: *labels}',
      '  template:',
      '    metadata: {labels: *labels, annotations: {note: "anchors and aliases"}}',
      '    spec:',
      '      containers:',
      '      - &base',
      '        name: app',
      '        image: nginx:1.27',
      '        env: &env',
      ...Array.from({ length: 12 }, (_, i) => `        - {name: VAR_${i}, value: "v${i}"}`),
      '        resources: &res {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}',
      '        ports: &ports [{containerPort: 8080, name: http}, {containerPort: 9090, name: metrics}]',
      ...Array.from({ length: 8 }, (_, i) =>
        [
          `      - <<: *base`,
          `        name: helper-${i}`,
          `        env: *env`,
          `        resources: *res`,
          `        envFrom: [{configMapRef: {name: cfg}}]`,
        ].join('\n'),
      ),
      '      volumes: &vols',
      ...Array.from({ length: 6 }, (_, i) => `      - {name: v${i}, emptyDir: {}}`),
    ];
    docs.push(lines.join('\n'));
  }
  return `${docs.join('\n---\n')}\n`;
}

/** Many small documents, each a Deployment with several containers. */
export function wideManifest(bytes = 52 * 1024): string {
  const docs: string[] = [];
  for (let d = 0; docs.join('\n---\n').length < bytes; d++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: wide-${d}}`,
        'spec:',
        `  selector: {matchLabels: {app: wide-${d}}}`,
        '  template:',
        `    metadata: {labels: {app: wide-${d}}}`,
        '    spec:',
        '      initContainers:',
        '      - {name: proxy, image: envoyproxy/envoy:v1.31, restartPolicy: Always}',
        '      containers:',
        ...Array.from(
          { length: 5 },
          (_, i) => `      - {name: c${i}, image: busybox:1.36, resources: {requests: {cpu: 10m}}}`,
        ),
      ].join('\n'),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}
