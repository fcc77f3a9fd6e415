import { describe, expect, it } from 'vitest';

import { etcdMemberState } from '../../../src/engine/view';
import { controlPlaneFailures, controlPlaneUp } from '../../../src/scenarios';
import { podsLabelled } from '../../../src/scenarios/cluster-reads';
import { runScenario } from './run-scenario';

describe('the control-plane failures tour on the live simulation', () => {
  it('shows each component’s real symptom, restores it, and ends converged', () => {
    const { store, steps } = runScenario(controlPlaneFailures, { predict: () => 0 });
    expect(steps.map((s) => s.id)).toEqual(controlPlaneFailures.steps.map((s) => s.id));
    const hopOf = Object.fromEntries(steps.map((s) => [s.id, s.hop]));
    expect(hopOf['kill-apiserver']).toBe(
      'kubectl → kube-apiserver@control-plane-1 GET /api/v1/namespaces/default/pods',
    );

    const out = store.getState().terminal.map((e) => ({
      shown: e.shown,
      stdout: e.stdout,
      stderr: e.stderr,
    }));
    const printed = (shown: string) => out.find((e) => e.shown === shown)!;
    expect(printed('kubectl get pods').stderr).toBe(
      'The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?\n',
    );
    expect(printed('kubectl create deployment db --image=redis:7').stderr).toMatch(
      /^Error from server/,
    );
    expect(printed('kubectl run lonely --image=nginx:1.27').stdout).toBe('pod/lonely created\n');
    const pending = out.filter((e) => e.shown === 'kubectl get pods').at(-1)!;
    expect(pending.stdout).toMatch(/\nlonely\s+0\/1\s+Pending\s/);
    const w = store.getState().walkthrough!;
    expect(printed(`kubectl delete pod ${w.vars.webPod}`).stdout).toBe(
      `pod "${w.vars.webPod}" deleted\n`,
    );
    const oneLeft = printed('kubectl get pods -l app=web').stdout.trim().split('\n');
    expect(oneLeft).toHaveLength(2); // header and one pod: nothing replaced the deleted one

    // the narration's end state: every component up, the pending pod placed, 2 web replicas
    const cluster = store.cluster;
    expect(controlPlaneUp(cluster)).toBe(true);
    // the lone etcd member elected itself in a new term (3: its first was 2) when it restarted
    expect(etcdMemberState(cluster, 'etcd@control-plane-1')).toMatchObject({
      role: 'leader',
      term: 3,
    });
    expect(podsLabelled(cluster, 'default', 'run=lonely')[0]).toMatchObject({ phase: 'Running' });
    const web = podsLabelled(cluster, 'default', 'app=web').filter((p) => !p.terminating);
    expect(web.map((p) => p.phase)).toEqual(['Running', 'Running']);
    expect(web.map((p) => p.name)).not.toContain(w.vars.webPod);
    expect(podsLabelled(cluster, 'default', 'app=db')).toEqual([]);
    // the web pod that was not deleted (the older one) ran through every outage in its first container
    const [survivor, replacement] = (
      cluster.list('pods', 'default') as unknown as {
        metadata: { name: string; creationTimestamp: string; deletionTimestamp?: string };
        status: { containerStatuses: { restartCount: number }[] };
      }[]
    )
      .filter((p) => web.some((x) => x.name === p.metadata.name))
      .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
    expect(Date.parse(replacement.metadata.creationTimestamp)).toBeGreaterThan(
      Date.parse(survivor.metadata.creationTimestamp),
    );
    expect(survivor.status.containerStatuses[0].restartCount).toBe(0);
    // lonely had no events while the scheduler was down: its first is the restarted one's Scheduled
    const lonelyEvents = (
      cluster.list('events', 'default') as unknown as {
        metadata: { resourceVersion: string };
        involvedObject: { name: string };
        reason: string;
      }[]
    )
      .filter((e) => e.involvedObject.name === 'lonely')
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    expect(lonelyEvents[0]?.reason).toBe('Scheduled');
    expect(lonelyEvents.map((e) => e.reason)).not.toContain('FailedScheduling');

    // the engine agreed with the questions' answers
    expect(Object.fromEntries(Object.entries(w.quizzes!).map(([k, q]) => [k, q.answer]))).toEqual({
      'kill-apiserver': 0,
      'kill-etcd': 1,
      'kill-scheduler': 0,
      'kill-controller-manager': 1,
    });
  }, 300_000);
});
