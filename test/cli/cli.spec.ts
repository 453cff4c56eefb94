import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../../src/cli/main';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, runCli } from '../../src/cli/main';
import { REPO_ROOT, corpusPath } from '../support/shared';

const corpus = (name: string) => corpusPath(name);

function run(args: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: (p) => readFileSync(p, 'utf8'),
    readStdin: () => stdin,
  };
  const code = runCli(args, io);
  return { code, out, err };
}

describe('sidecar-lens CLI', () => {
  it('fails a pipeline (exit 1) on a Job whose legacy sidecar keeps it from completing', () => {
    const { code, out } = run(['analyze', corpus('05-istio-job-legacy-sidecar.yaml')]);
    expect(code).toBe(EXIT_FINDINGS);
    expect(out).toContain('Job pi');
    expect(out).toMatch(/istio-proxy\s+app, legacy sidecar, sidecar\n/);
    expect(out).toMatch(/istio-init\s+init\n/);
    expect(out).toContain('job never completes');
    expect(out).toMatch(
      /ERROR\s+legacy-sidecar-blocks-job-completion .*05-istio-job-legacy-sidecar\.yaml:\d+:\d+/,
    );
  });

  it('passes (exit 0) a Job with a native sidecar at --fail-on error', () => {
    const { code, out } = run(['analyze', corpus('02-istio-job-native-sidecar.yaml')]);
    expect(out).toContain('istio-proxy');
    expect(code).toBe(EXIT_OK);
  });

  it('--fail-on none never fails; a severity override can silence the rule', () => {
    expect(
      run(['analyze', '--fail-on', 'none', corpus('05-istio-job-legacy-sidecar.yaml')]).code,
    ).toBe(EXIT_OK);
    expect(
      run([
        'analyze',
        '-s',
        'legacy-sidecar-blocks-job-completion=off',
        corpus('05-istio-job-legacy-sidecar.yaml'),
      ]).code,
    ).toBe(EXIT_OK);
  });

  it('prints JSON reports with the fixed manifest', () => {
    const { out } = run([
      'analyze',
      '--format',
      'json',
      corpus('05-istio-job-legacy-sidecar.yaml'),
    ]);
    const parsed = JSON.parse(out) as {
      results: {
        report: { workloads: { findings: { ruleId: string; fixedManifest: string | null }[] }[] };
      }[];
    };
    const finding = parsed.results[0]!.report.workloads[0]!.findings.find(
      (f) => f.ruleId === 'legacy-sidecar-blocks-job-completion',
    );
    expect(finding?.fixedManifest).toContain('restartPolicy: Always');
  });

  it('prints SARIF 2.1.0 with rules and located results', () => {
    const { out } = run([
      'analyze',
      '--format',
      'sarif',
      '--fail-on',
      'none',
      corpus('05-istio-job-legacy-sidecar.yaml'),
      corpus('10-linkerd-pod-user-native-sidecar.yaml'),
    ]);
    const sarif = JSON.parse(out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [runEntry] = sarif.runs;
    const ruleIds = new Set(runEntry!.tool.driver.rules.map((r) => r.id));
    for (const r of runEntry!.results) {
      expect(ruleIds.has(r.ruleId)).toBe(true);
      expect(['error', 'warning', 'note']).toContain(r.level);
    }
    const blocking = runEntry!.results.find(
      (r) => r.ruleId === 'legacy-sidecar-blocks-job-completion',
    );
    expect(blocking?.level).toBe('error');
    expect(blocking?.locations[0]?.physicalLocation.region?.startLine).toBeGreaterThan(0);
    expect(
      runEntry!.results.some((r) =>
        r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith(
          '10-linkerd-pod-user-native-sidecar.yaml',
        ),
      ),
    ).toBe(true);
  });

  it('reads standard input for "-"', () => {
    const { code, out } = run(
      ['analyze', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n',
    );
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('Pod p');
  });

  it('exits 2 with a clear line for a missing file or an unsupported version', () => {
    const missing = run(['analyze', '/nonexistent.yaml']);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err).toBe('sidecar-lens: /nonexistent.yaml: no such file or directory\n');
    const version = run(['analyze', '-k', '1.20', corpus('02-istio-job-native-sidecar.yaml')]);
    expect(version.code).toBe(EXIT_USAGE);
    expect(version.err).toMatch(/kubernetesVersion "1\.20" is not supported: use 1\.28 to 1\.\d+/);
  });

  it('works as an installed bin script', () => {
    const proc = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin', 'sidecar-lens.js'),
        'analyze',
        '--format',
        'json',
        '--fail-on',
        'none',
        corpus('01-istio-native-sidecar-pod.yaml'),
      ],
      {
        encoding: 'utf8',
        timeout: 60000,
      },
    );
    expect(proc.status).toBe(EXIT_OK);
    expect(JSON.parse(proc.stdout)).toMatchObject({
      schemaVersion: 1,
      results: [{ report: { workloads: [{ kind: 'Pod', name: 'hello' }] } }],
    });
  });
});
