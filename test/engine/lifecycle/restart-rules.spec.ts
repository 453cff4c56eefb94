// Item 3 of issue 14: the start-up and Job timelines honour container restart rules (KEP-5307:
// the container's own restartPolicy and restartPolicyRules by exit code; ContainerRestartRules on
// by default from 1.35) and RestartAllContainers (KEP-5532, on from 1.36), through the same
// decision the live-pod view uses (restart-policy.ts decideAfterExit / restartsAfterProbeKill /
// initContainerRestartsOnFailure). A version whose gate is off drops the fields (restartRulesSpec).
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import { decideAfterExit, restartRulesSpec } from '../../../src/engine/lifecycle';
import {
  CONTAINER_NEVER_IN_ON_FAILURE_POD,
  INIT_ON_FAILURE,
  INIT_ON_FAILURE_GATE_OFF,
  PROBE_KILL_CONTAINER_NEVER,
  RESTART_ALL,
  RESTART_ALL_GATE_OFF,
  RULE_MATCH,
  RULE_MATCH_GATE_OFF,
  RULE_MISMATCH,
  RULE_NOT_IN_FAILURE,
  RULE_NOT_IN_SUCCESS,
  CONTAINER_ON_FAILURE_IN_NEVER_POD,
} from './pods';
import { at, detail, simulate } from './support';

describe('container restart rules in the Job timeline (e2e "Container restart policy")', () => {
  it('"should restart container on rule match": exit 42 In [42] is restarted under Never', () => {
    const r = simulate(RULE_MATCH);
    expect(detail(r.job?.events ?? [], 'main-container', 'CONTAINER_EXITED')[0]).toMatch(
      /^exit 42: restarted after a 10 s back-off \(restartPolicyRules\[0\]/,
    );
    expect(at(r.job?.events ?? [], 'main-container', 'CONTAINER_STARTED')[0]).toBe(15);
    expect(r.job?.neverCompletes).toBe(true);
    expect(r.job?.phase).toBe('Running');
  });

  it('"should not restart container on rule mismatch": exit 1 is not restarted, the pod fails', () => {
    const r = simulate(RULE_MISMATCH);
    expect(detail(r.job?.events ?? [], 'main-container', 'CONTAINER_EXITED')).toEqual([
      'exit 1: not restarted (its restartPolicy Never)',
    ]);
    expect(r.job?.phase).toBe('Failed');
  });

  it('"container-level restart policy Never" wins over the pod\'s OnFailure', () => {
    const r = simulate(CONTAINER_NEVER_IN_ON_FAILURE_POD);
    expect(r.job?.phase).toBe('Failed');
    expect(r.job?.neverCompletes).toBe(false);
  });

  it('on 1.34 (ContainerRestartRules off) the rule is dropped: exit 42 fails the pod', () => {
    const r = simulate(RULE_MATCH_GATE_OFF);
    expect(detail(r.job?.events ?? [], 'main-container', 'CONTAINER_EXITED')).toEqual([
      'exit 42: not restarted (restartPolicy Never)',
    ]);
    expect(r.job?.phase).toBe('Failed');
  });
});

describe('container restart rules in the start-up timeline', () => {
  it('an init container with its own restartPolicy OnFailure is retried in a Never pod (1.35)', () => {
    const r = simulate(INIT_ON_FAILURE);
    expect(at(r.startup, 'setup', 'CONTAINER_STARTED').slice(0, 2)).toEqual([0, 12]);
    expect(at(r.startup, null, 'POD_TERMINATED')).toEqual([]);
  });

  it('on 1.34 the field is dropped: the pod fails with the init container', () => {
    const r = simulate(INIT_ON_FAILURE_GATE_OFF);
    expect(detail(r.startup, null, 'POD_TERMINATED')[0]).toMatch(/^phase Failed/);
  });

  it("a probe kill honours the container's own restartPolicy Never in an Always pod", () => {
    const r = simulate(PROBE_KILL_CONTAINER_NEVER);
    expect(detail(r.startup, 'web', 'CONTAINER_EXITED')).toEqual([
      'exit 143: not restarted (restartPolicy Never)',
    ]);
    expect(at(r.startup, 'web', 'CONTAINER_STARTED')).toEqual([0]);
  });
});

describe('RestartAllContainers (KEP-5532)', () => {
  it('on 1.36 exit 42 restarts the whole pod: the other container is stopped, the Job never completes', () => {
    const r = simulate(RESTART_ALL);
    expect(detail(r.job?.events ?? [], 'trigger', 'CONTAINER_EXITED')[0]).toMatch(
      /RestartAllContainers action/,
    );
    // container1 would have exited 0 at 20; the restart at 5 stopped it first.
    expect(at(r.job?.events ?? [], 'container1', 'CONTAINER_EXITED')).toEqual([]);
    expect(r.job?.neverCompletes).toBe(true);
    expect(r.job?.reason).toMatch(/KEP-5532/);
  });

  it('on 1.35 (the gate is alpha, off) the rule is dropped: trigger is not restarted, the pod fails', () => {
    const r = simulate(RESTART_ALL_GATE_OFF);
    expect(r.job?.phase).toBe('Failed');
    expect(at(r.job?.events ?? [], 'container1', 'CONTAINER_EXITED')).toEqual([20]);
  });

  it('the decision is read from the spec as the version stores it', () => {
    const spec = RESTART_ALL.spec;
    const trigger = (minor: number) => {
      const stored = restartRulesSpec(spec, featureGatesFor(versionOf(minor)));
      const c = (stored.containers ?? []).find((x) => x.name === 'trigger');
      if (c === undefined) throw new Error('no trigger');
      return decideAfterExit(c, stored, 42).action;
    };
    expect(trigger(36)).toBe('RestartAllContainers');
    expect(trigger(35)).toBe('DoNotRestart');
    expect(trigger(34)).toBe('DoNotRestart');
  });
});

describe('more e2e "Container restart policy" cases in the Job timeline', () => {
  it('NotIn [0]: exit 1 matches the rule and is restarted under Never; the Job never completes', () => {
    const r = simulate(RULE_NOT_IN_FAILURE);
    expect(detail(r.job?.events ?? [], 'main-container', 'CONTAINER_EXITED')[0]).toMatch(
      /^exit 1: restarted after a 10 s back-off \(restartPolicyRules\[0\]/,
    );
    expect(r.job?.neverCompletes).toBe(true);
  });

  it("NotIn [0]: exit 0 matches no rule, the container's Never applies, the pod Succeeds", () => {
    const r = simulate(RULE_NOT_IN_SUCCESS);
    expect(detail(r.job?.events ?? [], 'main-container', 'CONTAINER_EXITED')).toEqual([
      'exit 0: done',
    ]);
    expect(at(r.job?.events ?? [], 'main-container', 'CONTAINER_STARTED')).toEqual([]);
    expect(r.job?.phase).toBe('Succeeded');
  });

  it("the container's own OnFailure wins over the pod's Never: exit 1 is restarted", () => {
    const r = simulate(CONTAINER_ON_FAILURE_IN_NEVER_POD);
    // Restarted at 15, 40, 85: the 10 s back-off doubling (CrashLoopBackOff).
    expect(at(r.job?.events ?? [], 'main-container', 'CONTAINER_STARTED')).toEqual([15, 40, 85]);
    expect(r.job?.phase).toBe('Running');
  });
});
