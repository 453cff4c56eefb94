// A Job's app container whose shell script ends with an unconditional `exit N` (or `false`) ends
// with that status (POSIX Shell Command Language 2.9.2: a script's status is its last command's),
// so the Job simulation uses it instead of the assumed 0, and says why. Anything less than certain
// keeps the assumed exit code: the reader is conservative.
import { analyzeManifest } from '../../../src/engine';
import { statedExitCode } from '../../../src/engine/lifecycle/legacy-sidecar';

const exitOf = (command: string[], args?: string[]): number | null =>
  statedExitCode({ name: 'c', image: 'busybox', command, ...(args ? { args } : {}) })?.code ?? null;

describe('statedExitCode', () => {
  it.each([
    ['exit 1', 1],
    ['exit 0', 0],
    ['false', 1],
    ['echo "tests failed" >&2; exit 3', 3],
    ['run-tests 2>&1\n# report the failure\nexit 2\n', 2],
    ['backup & \nexit 4', 4],
    ['exit 257', 1],
    ['for i in 1 2 3; do echo $i; done\nexit 5', 5],
  ])('sh -c %j ends with %i', (script, code) => {
    expect(exitOf(['sh', '-c', script])).toBe(code);
  });

  it('reads `/bin/bash -ec` and a script split between command and args', () => {
    expect(exitOf(['/bin/bash', '-ec', 'exit 7'])).toBe(7);
    expect(exitOf(['/bin/sh', '-c'], ['set -x; exit 9'])).toBe(9);
    // -e: a command before the exit that fails ends the script with its own status.
    expect(exitOf(['/bin/bash', '-ec', 'run-tests; exit 7'])).toBeNull();
  });

  it.each([
    ['test -f /done && exit 1', 'joined by &&: may not run'],
    ['check || exit 1', 'joined by ||: may not run'],
    ['check |\nexit 1', 'in a pipeline'],
    ['check &&\n  exit 1', '&& then a newline still joins'],
    ['if [ -f x ]; then exit 0; fi; exit 1', 'another exit before it'],
    ['while true; do sleep 1; done; exit 1', 'a loop before it may never end'],
    ['until ready; do sleep 1; done\nexit 1', 'a loop before it may never end'],
    ['tail -f /var/log/app.log\nexit 1', 'tail -f never returns'],
    ['exec server; exit 1', 'exec replaces the shell'],
    ['trap "exit 0" TERM; work; exit 1', 'a trap may end it'],
    ['for i in 1 2; do\n  exit 1', 'inside an unclosed loop'],
    ['{ echo a; exit 1; }', 'inside a group'],
    ['cat <<EOF\nexit 1', 'a here-document body'],
    ['exit $?', 'not a literal'],
    ['exit', 'no status given'],
    ['echo "unterminated; exit 1', 'an unterminated quote'],
    ['echo "a; exit 0"; exit 4', 'a quoted exit is not told apart: no claim'],
    ['set -e; run-tests; exit 3', 'under set -e a failing command ends it first'],
    ['set -o errexit\nrun-tests\nexit 3', 'under set -o errexit likewise'],
  ])('sh -c %j: no claim (%s)', (script) => {
    expect(exitOf(['sh', '-c', script])).toBeNull();
  });

  it('reads only a shell running a script', () => {
    expect(exitOf(['python', '-c', 'exit 1'])).toBeNull();
    expect(exitOf(['sh', 'script.sh'])).toBeNull();
    expect(exitOf(['exit', '1'])).toBeNull();
  });
});

describe('Job simulation with a stated exit code', () => {
  const job = (script: string, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'fail' },
      spec: {
        backoffLimit: 0,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'fail', image: 'alpine:3.20', command: ['sh', '-c', script] }],
            ...extra,
          },
        },
      },
    });
  const run = (text: string, timing: unknown = null) => {
    const result = analyzeManifest(text, { timing: timing as never });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [w] = result.report.workloads;
    return w!.lifecycle;
  };

  it('a container that runs `exit 1` fails the Job, and the event says why', () => {
    const lifecycle = run(job('exit 1'));
    expect(lifecycle.job).toMatchObject({ phase: 'Failed', neverCompletes: false });
    const exit = lifecycle.job!.events.find((e) => e.type === 'CONTAINER_EXITED');
    expect(exit?.detail).toContain('exit 1 (its command ends with `exit 1`)');
    expect(lifecycle.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'APP_CONTAINER_FAILS', container: 'fail' }),
      ]),
    );
  });

  it('under OnFailure the failing container is restarted and the pod does not complete', () => {
    const lifecycle = run(job('echo boom; exit 2', { restartPolicy: 'OnFailure' }));
    expect(lifecycle.job).toMatchObject({ neverCompletes: true });
  });

  it('a conditional exit keeps the assumed success', () => {
    expect(run(job('test -f /done || exit 1')).job).toMatchObject({ phase: 'Succeeded' });
    expect(run(job('echo done; exit 0')).job).toMatchObject({ phase: 'Succeeded' });
  });

  it("a caller's non-zero exitCode is a what-if and is kept", () => {
    const lifecycle = run(job('exit 1'), { containers: [{ name: 'fail', exitCode: 3 }] });
    expect(lifecycle.job).toMatchObject({ phase: 'Failed' });
    expect(lifecycle.job!.events.find((e) => e.type === 'CONTAINER_EXITED')?.detail).toMatch(
      /^exit 3:/,
    );
  });
});
