// The CLI as CI pipelines use it: directories, quoted globs, --output, `rules`, exemptions, and
// SARIF that validates against the OASIS 2.1.0 schema and follows GitHub code scanning's documented
// requirements (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../src/cli/main';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, runCli } from '../../src/cli/main';
import { listRules } from '../../src/engine';
import { corpusPath, testDataPath } from '../support/shared';

const schema = JSON.parse(readFileSync(testDataPath('schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
// uri and uri-reference formats are checked: an unencoded file name or "<stdin>" is invalid.
addFormats(ajv);
const validateSarif = ajv.compile(schema);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-lens-cli-'));
  mkdirSync(path.join(dir, 'deploy', 'jobs'), { recursive: true });
  mkdirSync(path.join(dir, 'deploy', 'node_modules'), { recursive: true });
  copyFileSync(
    corpusPath('05-istio-job-legacy-sidecar.yaml'),
    path.join(dir, 'deploy', 'jobs', 'pi job #1.yaml'),
  );
  copyFileSync(
    corpusPath('02-istio-job-native-sidecar.yaml'),
    path.join(dir, 'deploy', 'native.yml'),
  );
  copyFileSync(
    corpusPath('01-istio-native-sidecar-pod.yaml'),
    path.join(dir, 'deploy', 'node_modules', 'ignored.yaml'),
  );
  writeFileSync(path.join(dir, 'deploy', 'README.md'), '# not a manifest\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: (p) => readFileSync(p, 'utf8'),
    readStdin: () => stdin,
    writeFile: (p, t) => writeFileSync(p, t),
    cwd: dir,
  };
  return { code: runCli(args, io), out, err };
}

type Sarif = {
  runs: {
    tool: {
      driver: {
        rules: { id: string; help: { markdown: string }; properties: Record<string, unknown> }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { message: { text: string } }[];
    }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification: string }[];
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
};

describe('CLI inputs', () => {
  it('reads a directory recursively (yaml, yml, json; not node_modules), in a stable order', () => {
    const { code, out } = run(['analyze', 'deploy', '--format', 'json', '--fail-on', 'none']);
    expect(code).toBe(EXIT_OK);
    const body = JSON.parse(out) as { results: { file: string }[] };
    expect(body.results.map((r) => r.file)).toEqual([
      'deploy/jobs/pi job #1.yaml',
      'deploy/native.yml',
    ]);
  });

  it('expands a quoted glob the shell left alone; one that matches nothing is exit 2', () => {
    const { out } = run(['analyze', 'deploy/**/*.yml', '-f', 'json', '--fail-on', 'none']);
    expect((JSON.parse(out) as { results: { file: string }[] }).results.map((r) => r.file)).toEqual(
      ['deploy/native.yml'],
    );
    const none = run(['analyze', 'nothing/**/*.yaml']);
    expect(none.code).toBe(EXIT_USAGE);
    expect(none.err).toContain('no file matches nothing/**/*.yaml');
  });

  it('has one JSON shape for one file and for many', () => {
    const one = JSON.parse(run(['analyze', 'deploy/native.yml', '-f', 'json']).out);
    const two = JSON.parse(run(['analyze', 'deploy', '-f', 'json', '--fail-on', 'none']).out);
    expect(Object.keys(one).sort()).toEqual(Object.keys(two).sort());
    expect(one.results).toHaveLength(1);
    expect(two.results).toHaveLength(2);
  });

  it('--output writes the file and keeps the exit code', () => {
    const { code, out } = run(['analyze', 'deploy', '-f', 'sarif', '-o', 'results.sarif']);
    expect(code).toBe(EXIT_FINDINGS);
    expect(out).toBe('');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'results.sarif'), 'utf8'));
    expect(validateSarif(sarif)).toBe(true);
  });
});

describe('SARIF for code scanning', () => {
  it('the validator itself rejects what code scanning rejects (an unencoded "<stdin>" URI)', () => {
    const sarif = JSON.parse(run(['analyze', 'deploy/native.yml', '-f', 'sarif']).out) as Sarif;
    expect(validateSarif(sarif)).toBe(true);
    const broken = structuredClone(sarif) as unknown as {
      runs: { results: unknown[] }[];
    };
    broken.runs[0]!.results.push({
      ruleId: 'x',
      message: { text: 'x' },
      locations: [{ physicalLocation: { artifactLocation: { uri: '<stdin>' } } }],
    });
    expect(validateSarif(broken)).toBe(false);
  });

  it('is valid against the OASIS 2.1.0 schema, with percent-encoded %SRCROOT%-relative URIs and full regions', () => {
    const { out } = run(['analyze', 'deploy', '-f', 'sarif', '--fail-on', 'none']);
    const sarif = JSON.parse(out) as Sarif;
    expect(validateSarif(sarif)).toBe(true);
    const runEntry = sarif.runs[0]!;
    expect(runEntry.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${dir}/`);
    const blocking = runEntry.results.find(
      (r) => r.ruleId === 'legacy-sidecar-blocks-job-completion',
    )!;
    const loc = blocking.locations[0]!.physicalLocation;
    expect(loc.artifactLocation).toEqual({
      uri: 'deploy/jobs/pi%20job%20%231.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(loc.region!.endLine).toBe(loc.region!.startLine);
    expect(loc.region!.endColumn).toBeGreaterThan(loc.region!.startColumn);
    // ruleIndex points at the rule; fingerprints are stable hex.
    expect(runEntry.tool.driver.rules[blocking.ruleIndex]!.id).toBe(blocking.ruleId);
    expect(Object.values(blocking.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('describes every rule with help markdown, tags, precision and problem.severity', () => {
    const sarif = JSON.parse(run(['analyze', 'deploy/native.yml', '-f', 'sarif']).out) as Sarif;
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.length).toBeGreaterThanOrEqual(listRules().length);
    for (const r of rules) {
      expect(r.help.markdown.length).toBeGreaterThan(0);
      expect(Array.isArray(r.properties.tags)).toBe(true);
      expect(['very-high', 'high', 'medium', 'low']).toContain(r.properties.precision);
      expect(['error', 'warning', 'recommendation']).toContain(r.properties['problem.severity']);
    }
  });

  it('fingerprints survive a change of line numbers', () => {
    const text = readFileSync(path.join(dir, 'deploy', 'jobs', 'pi job #1.yaml'), 'utf8');
    const fp = (s: string) =>
      (
        JSON.parse(run(['analyze', '-', '-f', 'sarif', '--fail-on', 'none'], s).out) as Sarif
      ).runs[0]!.results.filter((r) => r.ruleId === 'legacy-sidecar-blocks-job-completion').map(
        (r) => r.partialFingerprints,
      );
    const before = fp(text);
    expect(before).toHaveLength(1);
    expect(fp(`# a comment added above\n# and another\n${text}`)).toEqual(before);
  });

  it('names standard input by --stdin-name (a valid relative URI, not "<stdin>")', () => {
    const text = readFileSync(path.join(dir, 'deploy', 'native.yml'), 'utf8');
    const sarif = JSON.parse(
      run(
        ['analyze', '-', '--stdin-name', 'k8s/job.yaml', '-f', 'sarif', '--fail-on', 'none'],
        text,
      ).out,
    ) as Sarif;
    expect(validateSarif(sarif)).toBe(true);
    for (const r of sarif.runs[0]!.results) {
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('k8s/job.yaml');
    }
  });

  it('a missing input still gives a valid log that records the failure, and exit 2', () => {
    const { code, out, err } = run(['analyze', 'deploy/native.yml', 'missing.yaml', '-f', 'sarif']);
    expect(code).toBe(EXIT_USAGE);
    expect(err).toContain('missing.yaml: no such file or directory');
    const sarif = JSON.parse(out) as Sarif;
    expect(validateSarif(sarif)).toBe(true);
    const inv = sarif.runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0]!.message.text).toContain('missing.yaml');
  });

  it('reports an exempted finding as an inSource suppression and does not fail on it', () => {
    const text = readFileSync(path.join(dir, 'deploy', 'jobs', 'pi job #1.yaml'), 'utf8').replace(
      /\nmetadata:\n/,
      '\nmetadata:\n  annotations:\n    sidecar-lens.io/ignore-legacy-sidecar-blocks-job-completion: "the app calls /quitquitquit"\n',
    );
    expect(text).toContain('sidecar-lens.io/ignore-');
    const { code, out } = run(['analyze', '-', '-f', 'sarif'], text);
    const sarif = JSON.parse(out) as Sarif;
    expect(validateSarif(sarif)).toBe(true);
    const r = sarif.runs[0]!.results.find(
      (x) => x.ruleId === 'legacy-sidecar-blocks-job-completion',
    )!;
    expect(r.suppressions).toEqual([
      expect.objectContaining({
        kind: 'inSource',
        justification: expect.stringContaining('/quitquitquit'),
      }),
    ]);
    const unsuppressedErrors = sarif.runs[0]!.results.filter(
      (x) => !x.suppressions && (x as unknown as { level: string }).level === 'error',
    );
    expect(code).toBe(unsuppressedErrors.length > 0 ? EXIT_FINDINGS : EXIT_OK);
  });
});

describe('sidecar-lens rules', () => {
  it('lists every rule of the registry, in table, JSON and Markdown', () => {
    const ids = listRules().map((r) => r.id);
    const table = run(['rules']).out;
    for (const id of ids) expect(table).toContain(id);
    const json = JSON.parse(run(['rules', '-f', 'json']).out) as {
      id: string;
      exemptionAnnotation: string;
    }[];
    expect(json.map((r) => r.id)).toEqual(ids);
    expect(json[0]!.exemptionAnnotation).toBe(`sidecar-lens.io/ignore-${ids[0]}`);
    expect(
      run(['rules', '-f', 'markdown'])
        .out.split('\n')
        .filter((l) => l.startsWith('| [`')),
    ).toHaveLength(ids.length);
  });
});
