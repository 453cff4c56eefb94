// Each distinct GraphQL query document is parsed, validated and checked against the limits once,
// then cached; repeated requests of the same query only look it up.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isObjectType } from 'graphql';
import { DOCUMENT_CHECKS } from '../../src/common/graphql-limits';
import { bootApp, gql } from '../support/app';

interface MercuriusApi {
  addHook(name: 'preValidation', hook: () => void): void;
}

const QUERY = `query Analyze($input: AnalyzeInput!) {
  analyze(input: $input) { workloads { name containers { name role } findings { ruleId } } }
}`;
const manifest = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: app, image: nginx}]\n`;

describe('GraphQL query documents are parsed, validated and limit-checked once', () => {
  let app: NestFastifyApplication;
  let validations = 0;

  beforeAll(async () => {
    app = await bootApp({ shedEventLoopDelayMs: 0 });
    const graphql = (app.getHttpAdapter().getInstance() as unknown as { graphql: MercuriusApi })
      .graphql;
    // Mercurius runs preValidation only for a document it has not parsed and validated yet.
    graphql.addHook('preValidation', () => {
      validations++;
    });
  });
  afterAll(() => app.close());

  const counts = () => ({
    validations,
    tokenChecks: DOCUMENT_CHECKS.tokenChecks,
    costChecks: DOCUMENT_CHECKS.costChecks,
  });
  const delta = (before: ReturnType<typeof counts>) => {
    const after = counts();
    return {
      validations: after.validations - before.validations,
      tokenChecks: after.tokenChecks - before.tokenChecks,
      costChecks: after.costChecks - before.costChecks,
    };
  };

  it('a query sent five times (other variables each time) is parsed, validated and checked once', async () => {
    const before = counts();
    for (let i = 0; i < 5; i++) {
      const res = await gql<{ analyze: { workloads: { name: string }[] } }>(app, QUERY, {
        input: { manifest: manifest(`p${i}`) },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.analyze.workloads[0]?.name).toBe(`p${i}`);
    }
    expect(delta(before)).toEqual({ validations: 1, tokenChecks: 1, costChecks: 1 });
  });

  it('another document is checked once more; one that differs only in a page size is costed per size, not parsed again', async () => {
    const other = `${QUERY} `;
    let before = counts();
    for (let i = 0; i < 3; i++) {
      expect(
        (await gql(app, other, { input: { manifest: manifest('q') } })).errors,
      ).toBeUndefined();
    }
    expect(delta(before)).toEqual({ validations: 1, tokenChecks: 1, costChecks: 1 });

    const page = 'query Page($n: Int) { scenarios(first: $n) { edges { node { id } } } }';
    before = counts();
    for (const n of [1, 2, 1, 2, 2]) {
      expect((await gql(app, page, { n })).errors).toBeUndefined();
    }
    // One parse and validation; the cost once for first: 1 and once for first: 2.
    expect(delta(before)).toEqual({ validations: 1, tokenChecks: 1, costChecks: 2 });
  });

  it('refused documents are refused again, each time, with the same answer', async () => {
    const tooDeep = `{ __schema { types { fields { type { ${'ofType { '.repeat(16)}name${' }'.repeat(16)} } } } } }`;
    const first = await gql(app, tooDeep);
    const second = await gql(app, tooDeep);
    expect(first.status).toBe(400);
    expect(second.status).toBe(400);
    expect(second.errors?.[0]?.message).toBe(first.errors?.[0]?.message);
  });

  it("plain data fields have no resolver of their own (graphql-jit reads them inline); the scenarios' field resolvers stay", () => {
    const schema = app.get(GraphQLSchemaHost).schema;
    const field = (type: string, name: string) => {
      const t = schema.getType(type);
      if (!isObjectType(t)) throw new Error(`${type} is not an object type`);
      return t.getFields()[name]!;
    };
    expect(field('AnalysisReport', 'workloads').resolve).toBeUndefined();
    expect(field('LifecycleReport', 'svg').resolve).toBeUndefined();
    expect(field('Finding', 'ruleId').resolve).toBeUndefined();
    expect(field('Scenario', 'revisions').resolve).toEqual(expect.any(Function));
    expect(field('ScenarioRevision', 'report').resolve).toEqual(expect.any(Function));
    expect(field('Query', 'analyze').resolve).toEqual(expect.any(Function));
  });
});
