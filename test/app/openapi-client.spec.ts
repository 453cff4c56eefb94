// A typed client generated from the committed document (openapi-typescript, as a user's build
// would run it) sees a body type for every response, and the types are the real ones: code that
// reads a report, a scenario and a problem compiles, code that reads a field that is not there
// does not. docs/openapi.json is what the service serves (test/app/openapi.e2e.spec.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { REPO_ROOT } from '../support/shared';

let generated: string;
beforeAll(async () => {
  const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
  generated = astToString(await openapiTS(doc));
});

/** TypeScript's diagnostics for `usage` compiled against the generated client types. */
function compile(usage: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openapi-client-'));
  try {
    writeFileSync(path.join(dir, 'api.d.ts'), generated);
    writeFileSync(path.join(dir, 'usage.ts'), usage);
    const program = ts.createProgram([path.join(dir, 'usage.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a client generated with openapi-typescript', () => {
  it('has a body type for every response except 204 No Content', () => {
    // openapi-typescript writes `content?: never` for a response without a body.
    const never = generated.match(/content\?: never/g) ?? [];
    const noContent = generated.match(/204: \{/g) ?? [];
    expect(never.length).toBe(noContent.length);
    expect(noContent.length).toBe(1);
    expect(generated).toContain(
      '"application/problem+json": components["schemas"]["ProblemDetails"]',
    );
  });

  it('types reports, scenarios and problems as the service returns them', () => {
    const usage = `
import type { paths } from './api';
type Analyze = paths['/v1/analyze']['post']['responses'];
type Report = Analyze[200]['content']['application/json'];
type Problem = Analyze[400]['content']['application/problem+json'];
type Created = paths['/v1/scenarios']['post']['responses'][201];
export function read(r: Report, p: Problem, c: Created): string {
  const w = r.workloads[0]!;
  const qos: 'GUARANTEED' | 'BURSTABLE' | 'BEST_EFFORT' = w.resources.qosClass;
  const sidecars = w.containers.filter((x) => x.role === 'SIDECAR').map((x) => x.name);
  const location: string = c.headers.Location;
  const revision: number = c.content['application/json'].latestRevision.number;
  return [qos, ...sidecars, p.code, p.requestId, p.detail, location, String(revision)].join();
}
`;
    expect(compile(usage)).toEqual([]);
    const wrong = `
import type { paths } from './api';
type Report = paths['/v1/analyze']['post']['responses'][200]['content']['application/json'];
export const f = (r: Report): unknown => r.workloads[0]!.noSuchField;
`;
    expect(compile(wrong).join('\n')).toMatch(/noSuchField/);
  }, 30_000);
});
