/* global React, ReactDOM, GraphiQL */
(function () {
  'use strict';

  var deploymentWithNativeSidecar = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: checkout',
    '  namespace: shop',
    'spec:',
    '  replicas: 3',
    '  selector:',
    '    matchLabels: { app: checkout }',
    '  template:',
    '    metadata:',
    '      labels: { app: checkout }',
    '    spec:',
    '      terminationGracePeriodSeconds: 30',
    '      initContainers:',
    '      - name: migrate',
    '        image: ghcr.io/acme/checkout-migrate:1.4.0',
    '        resources:',
    '          requests: { cpu: 500m, memory: 256Mi }',
    '      - name: log-shipper',
    '        image: fluent/fluent-bit:3.1',
    '        restartPolicy: Always',
    '        startupProbe:',
    '          httpGet: { path: /api/v1/health, port: 2020 }',
    '          periodSeconds: 2',
    '        resources:',
    '          requests: { cpu: 50m, memory: 64Mi }',
    '          limits: { memory: 64Mi }',
    '        volumeMounts:',
    '        - { name: logs, mountPath: /var/log/app }',
    '      containers:',
    '      - name: app',
    '        image: ghcr.io/acme/checkout:1.4.0',
    '        ports:',
    '        - containerPort: 8080',
    '        readinessProbe:',
    '          httpGet: { path: /ready, port: 8080 }',
    '          initialDelaySeconds: 5',
    '        resources:',
    '          requests: { cpu: 250m, memory: 512Mi }',
    '          limits: { cpu: "1", memory: 512Mi }',
    '        volumeMounts:',
    '        - { name: logs, mountPath: /var/log/app }',
    '      volumes:',
    '      - name: logs',
    '        emptyDir: {}',
    '',
  ].join('\n');

  var analyzeQuery = [
    '# Analyse a Deployment whose log shipper runs as a native sidecar',
    '# (an init container with restartPolicy: Always). Press the run button.',
    '# Explore more fields with the docs on the left: lifecycle.svg, findings.fixedManifest, ...',
    'query Analyze($input: AnalyzeInput!) {',
    '  analyze(input: $input) {',
    '    kubernetesVersion',
    '    diagnostics { severity reason path line column message }',
    '    workloads {',
    '      kind name namespace replicas',
    '      containers { name role index image legacySidecar pattern }',
    '      resources {',
    '        requests { resource quantity value }',
    '        limits { resource quantity }',
    '        unboundedLimits qosClass qosExplanation',
    '        requestBreakdown { resource dominantPhase dominantInitContainer idleWhileRunning { quantity } }',
    '        sidecarShare { resource percent }',
    '        workloadTotals { label requests { resource quantity } }',
    '      }',
    '      lifecycle {',
    '        podInitializedAtSeconds podReadyAtSeconds terminationCompletesAtSeconds',
    '        startup { atSeconds container type detail }',
    '        termination { atSeconds container type detail }',
    '      }',
    '      findings { ruleId severity message path line remediation }',
    '      recommendations { pattern verdict container reasons }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  var variables = JSON.stringify(
    { input: { manifest: deploymentWithNativeSidecar, kubernetesVersion: '1.33' } },
    null,
    2,
  );

  var keyInput = document.getElementById('apikey');
  try {
    keyInput.value = window.sessionStorage.getItem('sidecar-lens-key') || '';
  } catch (e) {
    /* storage unavailable */
  }
  keyInput.addEventListener('change', function () {
    try {
      window.sessionStorage.setItem('sidecar-lens-key', keyInput.value);
    } catch (e) {
      /* storage unavailable */
    }
  });

  function fetcher(params) {
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (keyInput.value) {
      headers.authorization = 'Bearer ' + keyInput.value;
    }
    return fetch(window.location.pathname, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
    }).then(function (res) {
      return res.json();
    });
  }

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      query: analyzeQuery,
      variables: variables,
      defaultQuery: analyzeQuery,
      defaultEditorToolsVisibility: 'variables',
      isHeadersEditorEnabled: false,
      shouldPersistHeaders: false,
    }),
  );
})();
