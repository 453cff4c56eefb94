// What one GraphQL request may cost (issue: a 203-byte query over scenarios and revisions selecting
// pictures answered 27 MB in 4.6 s): a cost limit that counts list sizes and heavy fields, refused
// before execution, and a ceiling on the answer's size. Real service, real PostgreSQL.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GRAPHQL_LIMITS } from '../../src/common/graphql-limits';
import { loadConfig } from '../../src/config/config';
import { ScenariosService } from '../../src/modules/scenarios/scenarios.service';
import { ANALYZE, SCENARIO, SCENARIOS } from '../../web/src/queries';
import { bootApp, gql } from '../support/app';
import { ADD, CREATE, podManifest } from './scenarios/scenario-fixtures';

/** The query: every revision of 100 scenarios, 100 each, with their pictures (172 bytes). */
const PICTURES_OF_EVERY_REVISION =
  '{ scenarios(first: 100) { edges { node { revisions(first: 100) { edges { node { report { workloads { lifecycle { svg mermaid mermaidTermination } } } } } } } } } }';

/** The playground's example query and Deployment (public/playground/playground.js). */
function playground(): { query: string; manifest: string } {
  const script = readFileSync(
    path.join(__dirname, '..', '..', 'public', 'playground', 'playground.js'),
    'utf8',
  );
  const lines = (name: string): string => {
    const m = new RegExp(`var ${name} = \\[([\\s\\S]*?)\\]\\.join`).exec(script);
    if (!m) throw new Error(`${name} not found in playground.js`);
    return [...m[1]!.matchAll(/^\s*'((?:[^'\\]|\\.)*)',?$/gm)]
      .map((l) => l[1]!.replace(/\\'/g, "'").replace(/\\\\/g, '\\'))
      .join('\n');
  };
  return { query: lines('analyzeQuery'), manifest: lines('deploymentWithNativeSidecar') };
}

// Load shedding (503 when the event loop lags) is not what these tests are about: on a busy test
// machine it would answer for the limits under test.
const boot = (overrides: Parameters<typeof bootApp>[0] = {}) =>
  bootApp({ shedEventLoopDelayMs: 0, ...overrides });

interface Refusal {
  status: number;
  message: string;
  code: unknown;
  cost: number;
}

async function refused(
  app: NestFastifyApplication,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Refusal> {
  const res = await gql(app, query, variables);
  const error = res.errors?.[0];
  const cost = /this operation costs (\d+)/.exec(error?.message ?? '');
  return {
    status: res.status,
    message: error?.message ?? '',
    code: error?.extensions?.code,
    cost: cost ? Number(cost[1]) : NaN,
  };
}

describe('GraphQL cost limit (GRAPHQL_MAX_COST, default limits)', () => {
  let app: NestFastifyApplication;
  let scenarioId: string;

  beforeAll(async () => {
    app = await boot();
    const created = await gql<{ createScenario: { id: string } }>(app, CREATE, {
      input: { name: 'cost-limit', analysis: { manifest: podManifest({ sidecar: true }) } },
    });
    expect(created.errors).toBeUndefined();
    scenarioId = created.data!.createScenario.id;
    const added = await gql(app, ADD, {
      id: scenarioId,
      input: { manifest: podManifest({ sidecar: true, cpu: '500m' }) },
    });
    expect(added.errors).toBeUndefined();
  });
  afterAll(() => app.close());

  it('refuses the pictures of 100 scenarios x 100 revisions before anything runs, naming the limit and the cost', async () => {
    const service = app.get(ScenariosService);
    const list = jest.spyOn(service, 'list');
    const revisions = jest.spyOn(service, 'revisions');
    const started = performance.now();
    const r = await refused(app, PICTURES_OF_EVERY_REVISION);
    const ms = performance.now() - started;
    expect(r.status).toBe(400);
    expect(r.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.message).toMatch(
      new RegExp(
        `^Query cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded: .*\\(GRAPHQL_MAX_COST\\)`,
      ),
    );
    // 100 x 100 revisions, each a stored report with pictures: millions, not a near miss.
    expect(r.cost).toBeGreaterThan(100 * GRAPHQL_LIMITS.maxCost);
    // Refused before execution: no scenario was listed, no revision read.
    expect(list).not.toHaveBeenCalled();
    expect(revisions).not.toHaveBeenCalled();
    expect(ms).toBeLessThan(2000);
    list.mockRestore();
    revisions.mockRestore();
  });

  it('counts `first` from the variables: the same document passes for a small page and is refused for a large one', async () => {
    const query = `query Pages($scenarios: Int, $revisions: Int) {
      scenarios(first: $scenarios) { edges { node { revisions(first: $revisions) {
        edges { node { number report { workloads { lifecycle { svg } } } } } } } } } }`;
    const small = await gql(app, query, { scenarios: 2, revisions: 2 });
    expect(small.errors).toBeUndefined();
    expect(small.status).toBe(200);
    const large = await refused(app, query, { scenarios: 100, revisions: 100 });
    expect(large.status).toBe(400);
    expect(large.message).toMatch(/^Query cost limit of \d+ exceeded/);
    // Omitted, `first` is its default (20): 20 x 20 revisions with pictures is over the limit too.
    const defaults = await refused(app, query);
    expect(defaults.cost).toBeGreaterThan(GRAPHQL_LIMITS.maxCost);
    expect(defaults.cost).toBeLessThan(large.cost);
  });

  it('lets the playground query and the web view queries through', async () => {
    const { query, manifest } = playground();
    const analyze = await gql(app, query, { input: { manifest, kubernetesVersion: '1.33' } });
    expect(analyze.errors).toBeUndefined();
    expect(analyze.data?.analyze).toBeTruthy();
    const web = await gql(app, ANALYZE, { input: { manifest } });
    expect(web.errors).toBeUndefined();
    const list = await gql(app, SCENARIOS, {});
    expect(list.errors).toBeUndefined();
    // The heaviest: one scenario's 100 revisions with manifests, changes and reports.
    const history = await gql(app, SCENARIO, { id: scenarioId });
    expect(history.errors).toBeUndefined();
    expect(history.status).toBe(200);
  });
});

describe('GraphQL cost and response-size limits are configurable', () => {
  it('GRAPHQL_MAX_COST and GRAPHQL_MAX_RESPONSE_BYTES are read from the environment', () => {
    const config = loadConfig({ GRAPHQL_MAX_COST: '500', GRAPHQL_MAX_RESPONSE_BYTES: '70000' });
    expect(config.graphqlMaxCost).toBe(500);
    expect(config.graphqlMaxResponseBytes).toBe(70000);
    expect(() => loadConfig({ GRAPHQL_MAX_COST: 'lots' })).toThrow(/GRAPHQL_MAX_COST/);
    expect(loadConfig({}).graphqlMaxCost).toBe(GRAPHQL_LIMITS.maxCost);
  });

  it('GRAPHQL_MAX_COST=500 refuses the playground query, naming 500', async () => {
    const app = await boot({ graphqlMaxCost: 500 });
    try {
      const { query, manifest } = playground();
      const r = await refused(app, query, { input: { manifest } });
      expect(r.status).toBe(400);
      expect(r.message).toMatch(/^Query cost limit of 500 exceeded: this operation costs \d+/);
      expect(r.cost).toBeGreaterThan(500);
      // Cheap queries still pass.
      const rules = await gql(app, '{ rules { id } }');
      expect(rules.errors).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('GRAPHQL_MAX_RESPONSE_BYTES: a larger answer is a PAYLOAD_TOO_LARGE error naming the limit, not the body', async () => {
    const maxBytes = 65536;
    const app = await boot({ graphqlMaxResponseBytes: maxBytes });
    try {
      // 40 pods in one List, each with its timeline picture: far more than 64 KiB of SVG.
      const items = Array.from(
        { length: 40 },
        (_, i) =>
          `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: app, image: nginx}]}}`,
      ).join('\n');
      const manifest = `apiVersion: v1\nkind: List\nitems:\n${items}\n`;
      const query =
        'query($input: AnalyzeInput!) { analyze(input: $input) { workloads { name lifecycle { svg } } } }';
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query, variables: { input: { manifest } } }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.body.length).toBeLessThan(2048);
      const body = res.json() as {
        data: null;
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(body.data).toBeNull();
      expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(body.errors[0]?.message).toMatch(
        new RegExp(`over the limit of ${maxBytes} bytes .*\\(GRAPHQL_MAX_RESPONSE_BYTES\\)`),
      );
      // The same manifest without the pictures fits.
      const small = await gql(
        app,
        'query($input: AnalyzeInput!) { analyze(input: $input) { workloads { name } } }',
        { input: { manifest } },
      );
      expect(small.status).toBe(200);
      expect(small.errors).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
