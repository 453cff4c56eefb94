// POST /v1/fleet-reports and the GraphQL operations: 202 with a job at once, progress, the report
// in every format equal to the CLI's for the same dump, the team's reports listed with cursors.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runFleet } from '../../../src/cli/fleet';
import type { FleetFormat } from '../../../src/cli/fleet';
import { bootApp, gql } from '../../support/app';

const DUMP = path.join(__dirname, '..', '..', 'engine', 'fleet', 'fixtures', 'cluster.yaml');
const TEXT = readFileSync(DUMP, 'utf8');

async function cli(format: FleetFormat, extra: string[] = []): Promise<string> {
  let out = '';
  const code = await runFleet(
    [DUMP],
    {
      format,
      kubernetesVersion: '1.33',
      workers: 0,
      ...(extra.length ? { teamLabels: extra } : {}),
    },
    {
      stdout: (s) => (out += s),
      stderr: () => undefined,
      stdin: () => Readable.from([]),
      stderrIsTty: false,
      writeFile: () => undefined,
    },
  );
  expect(code).toBe(0);
  return out;
}

describe('fleet reports through the service', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp({ fleetWorkers: 2 });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  const waitDone = async (id: string): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 300; i++) {
      const res = await app.inject({ method: 'GET', url: `/v1/fleet-reports/${id}` });
      expect(res.statusCode).toBe(200);
      const job = res.json<Record<string, unknown>>();
      if (job.status === 'done') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the job did not finish');
  };

  it('takes a streamed upload with 202 and Location; the report equals the CLI in every format', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/fleet-reports?name=${encodeURIComponent(DUMP)}&kubernetesVersion=1.33`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: TEXT,
    });
    expect(res.statusCode).toBe(202);
    const job = res.json<{ id: string; status: string; total: number; done: number }>();
    expect(res.headers.location).toBe(`/v1/fleet-reports/${job.id}`);
    expect(job).toMatchObject({ status: 'queued', objects: 12, done: 0 });
    expect(job.total).toBeGreaterThanOrEqual(1);
    const done = await waitDone(job.id);
    expect(done).toMatchObject({ done: job.total, total: job.total });
    for (const format of ['json', 'markdown', 'html', 'sarif', 'table'] as const) {
      const r = await app.inject({
        method: 'GET',
        url: `/v1/fleet-reports/${job.id}/report?format=${format}`,
      });
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe(await cli(format));
    }
    const json = JSON.parse(
      (await app.inject({ method: 'GET', url: `/v1/fleet-reports/${job.id}/report` })).body,
    ) as { objects: unknown };
    expect(json.objects).toEqual({ read: 12, counted: 7, foldedIntoOwner: 5 });
  });

  it('GraphQL: createFleetReport answers with the job; fleetReport shows progress and the report', async () => {
    const created = await gql<{ createFleetReport: { id: string; status: string; total: number } }>(
      app,
      'mutation ($input: CreateFleetReportInput!) { createFleetReport(input: $input) { id status total done } }',
      { input: { dump: TEXT, name: DUMP, kubernetesVersion: '1.33', teamLabels: ['team'] } },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createFleetReport.id;
    await waitDone(id);
    const read = await gql<{
      fleetReport: { status: string; done: number; total: number; report: string };
    }>(
      app,
      'query ($id: ID!) { fleetReport(id: $id) { status done total report(format: MARKDOWN) } }',
      {
        id,
      },
    );
    expect(read.data!.fleetReport).toMatchObject({ status: 'done' });
    expect(read.data!.fleetReport.done).toBe(read.data!.fleetReport.total);
    expect(read.data!.fleetReport.report).toBe(await cli('markdown', ['team']));

    // Listed newest first with cursors, in GraphQL and REST.
    const page1 = await gql<{
      fleetReports: {
        edges: { node: { id: string } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(
      app,
      '{ fleetReports(first: 1) { edges { node { id } } pageInfo { endCursor hasNextPage } } }',
    );
    expect(page1.data!.fleetReports.edges.map((e) => e.node.id)).toEqual([id]);
    expect(page1.data!.fleetReports.pageInfo.hasNextPage).toBe(true);
    const rest = await app.inject({
      method: 'GET',
      url: `/v1/fleet-reports?first=1&after=${page1.data!.fleetReports.pageInfo.endCursor}`,
    });
    expect(rest.statusCode).toBe(200);
    const restPage = rest.json<{ items: { id: string }[] }>();
    expect(restPage.items).toHaveLength(1);
    expect(restPage.items[0]!.id).not.toBe(id);
  });

  it('refuses bad options, bad cursors and unknown ids with where and what', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/fleet-reports?kubernetesVersion=0.9&cpuPrice=-1',
      headers: { 'content-type': 'application/octet-stream' },
      payload: TEXT,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/kubernetesVersion/);
    expect(bad.body).toMatch(/cpuPrice/);
    const cursor = await app.inject({ method: 'GET', url: '/v1/fleet-reports?after=nope' });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.body).toMatch(/after/);
    const missing = await app.inject({
      method: 'GET',
      url: '/v1/fleet-reports/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toMatch(/at .*\.ts/);
  });
});
