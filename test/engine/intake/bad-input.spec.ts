// Bad input: every case returns a clear diagnostic, never an exception, and quickly.
import { validateWorkload } from '../../../src/engine/validation';
import {
  MAX_DIAGNOSTICS_PER_DOCUMENT,
  MAX_DOCUMENTS,
  MAX_MANIFEST_BYTES,
  MAX_NESTING_DEPTH,
  readManifest,
} from '../../../src/engine/intake';
import { versionOf } from '../../../src/engine/k8s/version';
import type { Diagnostic } from '../../../src/engine/report';

const read = (text: string) =>
  readManifest(text, { version: versionOf(37), validate: validateWorkload });
const errors = (d: Diagnostic[]) => d.filter((x) => x.severity === 'ERROR');
const pod = (containers: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`;
const app = (extra: string) => pod(`  - name: app\n    image: nginx\n${extra}`);

/**
 * Runs the input (it must not throw) and returns the result. How fast hostile inputs are refused
 * is a benchmark figure (`npm run bench`), not a timed assertion.
 */
function timed(text: string) {
  return read(text);
}

describe('bad input', () => {
  it('empty string: no objects', () => {
    const r = timed('');
    expect(r.workloads).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        message: expect.stringMatching(/no Kubernetes object/),
      }),
    ]);
  });

  it('only comments: no objects', () => {
    const r = timed('# just a comment\n   # another\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        message: expect.stringMatching(/no Kubernetes object/),
      }),
    ]);
  });

  it('empty documents between objects are ignored', () => {
    const r = timed(`---\n---\n${app('')}---\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads[0]?.document).toBe(1);
  });

  it('a JSON array is not an object', () => {
    const r = timed('[{"apiVersion":"v1","kind":"Pod"}]');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueTypeInvalid',
        document: 0,
        message: expect.stringMatching(/not a list/),
      }),
    ]);
  });

  it('a scalar document is not an object', () => {
    const r = timed('just some words');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueTypeInvalid',
        message: expect.stringMatching(/not a string/),
      }),
    ]);
  });

  it('kind missing', () => {
    const r = timed('apiVersion: v1\nmetadata: {name: x}\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueRequired',
        path: 'kind',
        line: 1,
        column: 1,
      }),
    ]);
  });

  it('kind and apiVersion missing: not a Kubernetes object', () => {
    const r = timed('name: x\nvalue: 3\n');
    expect(r.diagnostics.map((d) => [d.severity, d.reason, d.path])).toEqual([
      ['ERROR', 'FieldValueRequired', 'kind'],
      ['ERROR', 'FieldValueRequired', 'apiVersion'],
    ]);
  });

  it('apiVersion missing: an ERROR, the workload is still read', () => {
    const r = timed('kind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: a, image: b}]\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueRequired',
        path: 'apiVersion',
      }),
    ]);
    expect(r.workloads).toHaveLength(1);
  });

  it('unknown kind of another group: skipped with INFO', () => {
    const r = timed('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'INFO', reason: 'SkippedKind', path: 'kind' }),
    ]);
  });

  it('a kind the core group does not serve: WARNING with a suggestion', () => {
    const r = timed('apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: w}\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        reason: 'UnknownKind',
        message: expect.stringMatching(/did you mean "Deployment"/),
      }),
    ]);
  });

  it('spec missing', () => {
    const r = timed('apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n');
    expect(r.workloads).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', reason: 'FieldValueRequired', path: 'spec' }),
    ]);
  });

  it('a Deployment without template', () => {
    const r = timed(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: 2\n',
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueRequired',
        path: 'spec.template',
        line: 4,
        column: 1,
      }),
    ]);
  });

  it('containers empty', () => {
    const r = timed(pod('    []\n').replace('containers:\n    []', 'containers: []'));
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({ reason: 'FieldValueRequired', path: 'spec.containers' }),
    ]);
    expect(r.workloads[0]?.spec.containers).toEqual([]);
  });

  it('containers not a list', () => {
    const r = timed('apiVersion: v1\nkind: Pod\nspec:\n  containers: nginx\n');
    expect(errors(r.diagnostics)[0]).toMatchObject({
      reason: 'FieldValueTypeInvalid',
      path: 'spec.containers',
      line: 4,
      column: 15,
    });
    expect(r.workloads[0]?.spec.containers).toBeUndefined();
  });

  it('a container that is a string: reported, replaced by an empty placeholder so indexes hold', () => {
    const r = timed(
      pod('  - nginx\n  - {name: b, image: c, resources: {requests: {cpu: 1.5.5}}}\n'),
    );
    expect(errors(r.diagnostics)[0]).toMatchObject({
      reason: 'FieldValueTypeInvalid',
      path: 'spec.containers[0]',
      line: 6,
      column: 5,
    });
    const spec = r.workloads[0]?.spec;
    expect(spec?.containers?.[0]).toEqual({});
    expect(spec?.containers?.[1]?.name).toBe('b');
    expect(r.diagnostics.some((d) => d.path === 'spec.containers[1].resources.requests.cpu')).toBe(
      true,
    );
  });

  it('resources that are a list: reported and left out', () => {
    const r = timed(app('    resources: [cpu]\n'));
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({
        reason: 'FieldValueTypeInvalid',
        path: 'spec.containers[0].resources',
        line: 8,
        column: 5,
      }),
    ]);
    expect(r.workloads[0]?.spec.containers?.[0]?.resources).toBeUndefined();
  });

  // A quantity that does not parse is at the document's path; a negative one at the API
  // server's (field.Path.Key: requests[cpu]).
  it.each([
    ['cpu: 1.5.5', 'requests.cpu', /quantities must match the regular expression/],
    ['memory: 12Gib', 'requests.memory', /quantities must match the regular expression|suffix/],
    ['cpu: -1', 'requests[cpu]', /must be greater than or equal to 0/],
    ['cpu: 1e400', 'requests.cpu', /1e400/],
  ])('quantity %s', (entry, at, message) => {
    const r = timed(app(`    resources:\n      requests:\n        ${entry}\n`));
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({
        reason: 'FieldValueInvalid',
        path: `spec.containers[0].resources.${at}`,
        line: 10,
        column: 9 + entry.indexOf(' ') + 1,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('an integer too large to hold exactly: the message says so instead of "not an integer"', () => {
    // terminationGracePeriodSeconds is an int64: the engine holds integers exactly up to 2^53.
    const r = read(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 1e20\n' +
        '  containers:\n  - name: app\n    image: nginx\n',
    );
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({
        reason: 'FieldValueTypeInvalid',
        path: 'spec.terminationGracePeriodSeconds',
        line: 5,
        message:
          'Invalid value: 100000000000000000000: must be an integer from -9007199254740991 to 9007199254740991; a larger one cannot be held exactly',
      }),
    ]);
    // A fraction still says what it is.
    const frac = read(
      app('').replace(
        'metadata: {name: p}\nspec:\n',
        'metadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 1.5\n',
      ),
    );
    expect(errors(frac.diagnostics)[0]?.message).toBe(
      'Invalid value: 1.5: must be an integer, not a number',
    );
  });

  it("Kubernetes' int32 fields refuse what an int32 cannot hold (the API server cannot decode it)", () => {
    const job = read(
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 2147483648\n' +
        '  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: app\n        image: nginx\n' +
        '        readinessProbe: {exec: {command: [x]}, periodSeconds: 99999999999}\n',
    );
    expect(
      errors(job.diagnostics)
        .map((d) => [d.path, d.line, d.message])
        .sort(),
    ).toEqual([
      [
        'spec.parallelism',
        5,
        'Invalid value: 2147483648: must be a 32-bit integer, from -2147483648 to 2147483647',
      ],
      [
        'spec.template.spec.containers[0].readinessProbe.periodSeconds',
        12,
        'Invalid value: 99999999999: must be a 32-bit integer, from -2147483648 to 2147483647',
      ],
    ]);
    // The largest int32 is a valid parallelism.
    const max = read(
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 2147483647\n' +
        '  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: app, image: nginx}\n',
    );
    expect(errors(max.diagnostics)).toEqual([]);
    expect(max.workloads[0]?.replicas).toBe(2147483647);
    // A live pod's exit code is an int32 too.
    const live = read(
      app('') +
        'status:\n  containerStatuses:\n  - name: app\n    state: {terminated: {exitCode: 999999999999}}\n',
    );
    expect(live.diagnostics.map((d) => d.path)).toContain(
      'status.containerStatuses[0].state.terminated.exitCode',
    );
    expect(live.workloads[0]?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(
      undefined,
    );
  });

  it('tabs in YAML indentation: SyntaxError with line and column', () => {
    const r = timed('apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'SyntaxError',
        line: 4,
        column: 1,
        message: expect.stringMatching(/tab/),
      }),
    ]);
    expect(r.workloads).toEqual([]);
  });

  it('a NUL byte: ERROR with its position, nothing read', () => {
    const r = timed('apiVersion: v1\nkind: Pod\nmetadata: {name: a\u0000b}\n');
    expect(r.workloads).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        line: 3,
        column: 19,
        message: expect.stringMatching(/NUL/),
      }),
    ]);
  });

  it('a NUL written as an escape in a quoted string: ERROR at the field', () => {
    const r = timed(app('    args: ["a\\0b"]\n'));
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({ path: 'spec.containers[0].args[0]', line: 8, column: 12 }),
    ]);
  });

  it('invalid UTF-8 as the transport decodes it (U+FFFD): ERROR with its position', () => {
    const r = timed(app('    command: ["caf\ufffd"]\n'));
    expect(r.workloads).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        line: 8,
        column: 19,
        message: expect.stringMatching(/UTF-8/),
      }),
    ]);
  });

  it('a lone surrogate: ERROR', () => {
    const r = timed(app('    command: ["\ud800x"]\n'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', line: 8, column: 16 }),
    ]);
  });

  it('a 10,000-document stream: refused before parsing, quickly', () => {
    const r = timed(Array.from({ length: 10000 }, (_, i) => `a: ${i}\n`).join('---\n'));
    expect(r.workloads).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'TooLarge',
        message: expect.stringContaining(`at most ${MAX_DOCUMENTS}`),
      }),
    ]);
  });

  it(`${MAX_DOCUMENTS} documents are still read`, () => {
    const r = timed(Array.from({ length: MAX_DOCUMENTS }, () => app('')).join('---\n'));
    expect(r.workloads).toHaveLength(MAX_DOCUMENTS);
  });

  it('a 3 MiB + 1 byte body: one TooLarge ERROR, nothing parsed', () => {
    const body = `# ${'x'.repeat(MAX_MANIFEST_BYTES - 3)}\n`;
    expect(timed(body).diagnostics.some((d) => d.reason === 'TooLarge')).toBe(false);
    const r = timed(`${body}x`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'TooLarge',
        message: expect.stringContaining('3145728'),
      }),
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 1.1 M three-byte characters: 3.3 MB of UTF-8 in fewer than 3 M characters.
    const r = timed(`a: ${'\u20ac'.repeat(1_100_000)}\n`);
    expect(r.diagnostics).toEqual([expect.objectContaining({ reason: 'TooLarge' })]);
  });

  it('a 10,000-level nested flow sequence: a clear diagnostic, no RangeError', () => {
    const r = timed(`${'['.repeat(10000)}${']'.repeat(10000)}`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'TooLarge',
        line: 1,
        column: MAX_NESTING_DEPTH + 1,
      }),
    ]);
  });

  it('deep block nesting is refused too', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(timed(text).diagnostics).toEqual([expect.objectContaining({ reason: 'TooLarge' })]);
    expect(timed(`${'- '.repeat(5000)}x\n`).diagnostics).toEqual([
      expect.objectContaining({ reason: 'TooLarge' }),
    ]);
  });

  it('nesting within the limit is read', () => {
    const r = timed(app(`    securityContext: ${'{a: '.repeat(40)}1${'}'.repeat(40)}\n`));
    // Read to the end: the one problem is the field SecurityContext does not have.
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        reason: 'UnknownField',
        path: 'spec.containers[0].securityContext.a',
      }),
    ]);
  });

  it(`reports at most ${MAX_DIAGNOSTICS_PER_DOCUMENT} diagnostics per document, then "and K more"`, () => {
    const containers = Array.from({ length: 80 }, (_, i) => `  - {name: c${i}}\n`).join('');
    const r = timed(pod(containers));
    expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_DOCUMENT + 1);
    // The notice is not a problem of the manifest: INFO, its own reason, the rest counted.
    expect(r.diagnostics[MAX_DIAGNOSTICS_PER_DOCUMENT]).toMatchObject({
      severity: 'INFO',
      reason: 'DiagnosticsTruncated',
      message: expect.stringMatching(/^and 30 more .*: 30 ERROR$/),
    });
  });

  it('the diagnostics kept past the limit are the most severe: an ERROR is never hidden behind warnings', () => {
    // 60 YAML 1.1 words in string fields (WARNINGs), then one container without an image (ERROR).
    const env = Array.from({ length: 60 }, (_, i) => `      - {name: V${i}, value: yes}\n`).join(
      '',
    );
    const r = timed(pod(`  - name: a\n    image: busybox\n    env:\n${env}  - name: b\n`));
    expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_DOCUMENT + 1);
    expect(r.diagnostics.filter((d) => d.severity === 'ERROR')).toEqual([
      expect.objectContaining({ path: 'spec.containers[1].image' }),
    ]);
    expect(r.diagnostics.at(-1)).toMatchObject({
      severity: 'INFO',
      reason: 'DiagnosticsTruncated',
      message: expect.stringMatching(/: 11 WARNING$/),
    });
  });

  it('never throws on arbitrary garbage', () => {
    const samples = [
      '{',
      ']',
      '- [',
      'a: b: c',
      ': :',
      '&a *a',
      '*nope',
      'a: &x [*x]',
      '!!binary x',
      '%YAML 1.1\n---\n',
      '"unterminated',
      'a:\n  - b\n c: d',
      '? [a, b]\n: 1',
    ];
    for (const s of samples) {
      const r = timed(s);
      expect(Array.isArray(r.diagnostics)).toBe(true);
    }
  });

  it('20,000 empty documents are refused before parsing too', () => {
    const r = timed('---\n'.repeat(20000));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', reason: 'TooLarge' }),
    ]);
  });

  it('a comment ending in "|" does not hide deep nesting', () => {
    const text = `x: 1 # : |\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')}`;
    expect(timed(text).diagnostics).toEqual([expect.objectContaining({ reason: 'TooLarge' })]);
  });

  it('CRLF line endings and a byte-order mark are read, with the right positions', () => {
    const text =
      '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: nginx\r\n    env: [{name: A, value: no}]\r\n';
    const r = timed(text);
    expect(r.workloads).toHaveLength(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ reason: 'AmbiguousValue', line: 8, column: 28 }),
    ]);
  });

  it('__proto__ keys are plain keys: nothing is polluted', () => {
    timed(
      'apiVersion: v1\nkind: Pod\n__proto__: {polluted: 1}\nspec:\n  containers: [{name: a, image: b, <<: {__proto__: {x: 1}}}]\n',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('an unknown tag is read as its text with a WARNING', () => {
    const r = timed(app('    command: [!Ref script]\n'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'WARNING', reason: 'SyntaxError', line: 8 }),
    ]);
    expect(r.workloads[0]?.spec.containers?.[0]?.command).toEqual(['script']);
  });
});
