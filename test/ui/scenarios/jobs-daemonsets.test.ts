import { describe, expect, it } from 'vitest';

import {
  agentPods,
  agentRestarts,
  firstRetryDelay,
  jobPods,
  jobsDaemonsets,
  jobStatus,
} from '../../../src/scenarios/jobs-daemonsets';
import { runScenario } from './run-scenario';

describe('the jobs-daemonsets walkthrough on the live simulation', () => {
  it('completes a Job, fails one at its backoff limit after 10 s and 20 s backoffs, runs a DaemonSet pod on a joining worker and restarts a crashed one in place', () => {
    const { store, steps } = runScenario(jobsDaemonsets, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(jobsDaemonsets.steps.map((s) => s.id));
    const c = store.cluster;

    // hello: 3 completions, 2 at a time
    expect(jobStatus(c, 'hello')).toMatchObject({ succeeded: 3 });
    const hello = jobPods(c, 'hello');
    expect(hello).toHaveLength(3);
    expect(hello.every((p) => p.status?.phase === 'Succeeded')).toBe(true);

    // flaky: 3 pods failed (backoffLimit 2), each new pod 10 s then 20 s after the last failure
    expect(jobStatus(c, 'flaky')).toMatchObject({ failed: 3 });
    expect(jobStatus(c, 'flaky')?.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      }),
    );
    const flaky = jobPods(c, 'flaky');
    expect(flaky.map((p) => p.status?.phase)).toEqual(['Failed', 'Failed', 'Failed']);
    const delay = firstRetryDelay(c)!;
    expect(delay).toBeGreaterThanOrEqual(9);
    expect(delay).toBeLessThanOrEqual(11);
    const created = flaky.map((p) => Date.parse(p.metadata.creationTimestamp!) / 1000);
    const finished = flaky.map(
      (p) => Date.parse(p.status!.containerStatuses![0].state!.terminated!.finishedAt!) / 1000,
    );
    expect(created[2] - finished[1]).toBeGreaterThanOrEqual(19);
    expect(created[2] - finished[1]).toBeLessThanOrEqual(21);

    // node-agent: one pod on each worker, the joined worker-3 included, none on the control plane
    const w = store.getState().walkthrough!;
    expect(w.vars).toMatchObject({ workers: 'worker-1, worker-2', joined: 'worker-3' });
    const agents = agentPods(c);
    expect(agents.map((p) => p.node).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(agents.every((p) => p.phase === 'Running')).toBe(true);
    // kube-proxy's DaemonSet followed the new node too
    expect(
      (
        c.list('pods', 'kube-system') as unknown as {
          metadata: { labels?: Record<string, string> };
          spec: { nodeName?: string };
          status: { phase?: string };
        }[]
      ).filter(
        (p) =>
          p.metadata.labels?.['k8s-app'] === 'kube-proxy' &&
          p.spec.nodeName === 'worker-3' &&
          p.status.phase === 'Running',
      ),
    ).toHaveLength(1);

    const t = store.getState().terminal;
    expect(t.map((e) => e.shown)).toEqual([
      'kubectl apply -f hello-job.yaml',
      'kubectl get jobs',
      'kubectl apply -f flaky-job.yaml',
      'kubectl get pods -l job-name=flaky',
      'kubectl apply -f node-agent.yaml',
      'kubectl get pods -l app=node-agent -o wide',
    ]);
    const rows = (i: number) => t[i].stdout.trim().split('\n');
    expect(rows(1)[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/);
    expect(rows(1)[1]).toMatch(/^hello\s+Complete\s+3\/3\s+\d+s\s+\d+s$/);
    expect(rows(3).slice(1)).toHaveLength(3);
    for (const r of rows(3).slice(1))
      expect(r).toMatch(/^flaky-[a-z0-9]{5}\s+0\/1\s+Error\s+0\s+\d+s$/);
    const wide = rows(5).slice(1);
    expect(wide).toHaveLength(3);
    // the crashed agent: the same pod, restarted once in place by the kubelet
    expect(agentRestarts(c, w.vars.agent)).toBe(1);
    expect(agents.find((p) => p.name === w.vars.agent)?.node).toBe('worker-1');
    expect(wide.find((r) => r.startsWith(`${w.vars.agent} `))).toMatch(
      /^node-agent-[a-z0-9]{5}\s+1\/1\s+Running\s+1 \(\d+s ago\)\s/,
    );
    for (const node of ['worker-1', 'worker-2', 'worker-3'])
      expect(
        wide.filter((r) => new RegExp(`\\s1/1\\s+Running\\s.*\\s${node}\\s`).test(r)),
      ).toHaveLength(1);

    // the engine answered: 2 at first, about 10 s, 2 agents (one per worker)
    const q = w.quizzes!;
    expect(q.job.choices[q.job.answer!]).toBe('2');
    expect(q.retry.answer).toBe(1);
    expect(q.daemonset.choices).toEqual(['1', '2', '3', 'None until a replica count is set']);
    expect(q.daemonset.choices[q.daemonset.answer!]).toBe('2');
    expect(q.crash.answer).toBe(0);
  }, 300_000);
});
