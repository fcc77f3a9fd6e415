import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';

const nodeOf = (c: Cluster, name: string, ns = 'default') =>
  (c.get('pods', name, ns)?.spec as { nodeName?: string } | undefined)?.nodeName;

function podYaml(name: string, extra = '', requests = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name.replace(/-\d+$/, '')}}
spec:
${extra}
  containers:
  - name: c
    image: nginx${requests ? `\n    resources:\n      requests: {${requests}}` : ''}
`;
}

function apply(c: Cluster, yaml: string): void {
  const r = c.kubectl('apply -f -', yaml);
  expect(r.stderr).toBe('');
}

function waitBound(c: Cluster, names: string[]): boolean {
  return c.runUntil((x) => names.every((n) => nodeOf(x, n)), { timeoutMs: 30_000 });
}

function events(c: Cluster, reason: string, name: string): string[] {
  return c
    .list('events', 'default')
    .filter((e) => e.reason === reason && (e.involvedObject as { name?: string }).name === name)
    .map((e) => e.message as string);
}

describe('kube-scheduler through the cluster', () => {
  it('binds a pod to a worker, records Scheduled and explains the decision', () => {
    const c = createCluster({ seed: 7, addons: false });
    c.kubectl('run nginx --image=nginx');
    expect(waitBound(c, ['nginx'])).toBe(true);
    const node = nodeOf(c, 'nginx')!;
    expect(node).toMatch(/^worker-/);
    c.advance(1000);
    expect(events(c, 'Scheduled', 'nginx')).toEqual([
      `Successfully assigned default/nginx to ${node}`,
    ]);
    const [attempt] = c.schedulingDecisions('default', 'nginx');
    expect(attempt.result).toBe('Scheduled');
    expect(attempt.chosenNode).toBe(node);
    expect(attempt.filter.find((f) => f.node === 'control-plane-1')).toEqual({
      node: 'control-plane-1',
      plugin: 'TaintToleration',
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    });
    expect(attempt.feasibleNodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
    // 4 cpu / 8Gi workers, the pod counted at 100m / 200Mi: (3900·100)/4000 = 97 for cpu
    const fit = attempt.scores[0].plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    expect(fit).toEqual({
      plugin: 'NodeResourcesFit',
      raw: 97,
      normalized: 97,
      weight: 1,
      weighted: 97,
    });
    const taint = attempt.scores[0].plugins.find((p) => p.plugin === 'TaintToleration')!;
    expect(taint).toEqual({
      plugin: 'TaintToleration',
      raw: 0,
      normalized: 100,
      weight: 3,
      weighted: 300,
    });
    expect(attempt.scores.every((s) => s.total === 397)).toBe(true);
  });

  it('sends the binding on the trace of the kubectl request that created the pod', () => {
    const c = createCluster({ seed: 3, addons: false });
    c.kubectl('run web --image=nginx');
    expect(waitBound(c, ['web'])).toBe(true);
    const binding = c
      .hops()
      .find((h) => h.verb === 'POST' && h.resource.endsWith('/pods/web/binding'))!;
    expect(binding.from).toBe('kube-scheduler@control-plane-1');
    const story = c.hops().filter((h) => h.trace === binding.trace);
    expect(story[0]).toMatchObject({ from: 'kubectl', verb: 'POST' });
    expect(story.some((h) => h.to === 'kube-scheduler@control-plane-1' && h.verb === 'ADDED')).toBe(
      true,
    );
  });

  it('honours nodeSelector: only the labelled worker fits', () => {
    const c = createCluster({
      seed: 1,
      addons: false,
      workers: [
        { name: 'worker-1' },
        { name: 'worker-2', labels: { disk: 'ssd' } },
        { name: 'worker-3' },
      ],
    });
    apply(c, podYaml('fast', '  nodeSelector: {disk: ssd}'));
    expect(waitBound(c, ['fast'])).toBe(true);
    expect(nodeOf(c, 'fast')).toBe('worker-2');
    const [a] = c.schedulingDecisions('default', 'fast');
    expect(a.filter.filter((f) => f.plugin === 'NodeAffinity').map((f) => f.node)).toEqual([
      'worker-1',
      'worker-3',
    ]);
    expect(a.scores).toEqual([]); // a single feasible node is taken without scoring
  });

  it('honours required node affinity and prefers nodes matching preferred terms', () => {
    const c = createCluster({
      seed: 2,
      addons: false,
      workers: [
        { name: 'worker-1', labels: { zone: 'a' } },
        { name: 'worker-2', labels: { zone: 'b', gpu: 'yes' } },
        { name: 'worker-3', labels: { zone: 'c' } },
      ],
    });
    apply(
      c,
      podYaml(
        'aff',
        `  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{key: zone, operator: In, values: [b, c]}]
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 50
        preference:
          matchExpressions: [{key: gpu, operator: Exists}]`,
      ),
    );
    expect(waitBound(c, ['aff'])).toBe(true);
    expect(nodeOf(c, 'aff')).toBe('worker-2');
    const [a] = c.schedulingDecisions('default', 'aff');
    const affinity = (n: string) =>
      a.scores.find((s) => s.node === n)!.plugins.find((p) => p.plugin === 'NodeAffinity');
    expect(affinity('worker-2')).toEqual({
      plugin: 'NodeAffinity',
      raw: 50,
      normalized: 100,
      weight: 2,
      weighted: 200,
    });
    expect(affinity('worker-3')).toEqual({
      plugin: 'NodeAffinity',
      raw: 0,
      normalized: 0,
      weight: 2,
      weighted: 0,
    });
  });

  it('keeps pods off tainted nodes unless they tolerate the taint', () => {
    const c = createCluster({
      seed: 4,
      addons: false,
      workers: [
        { name: 'worker-1', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
        { name: 'worker-2', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      ],
    });
    apply(c, podYaml('plain'));
    apply(
      c,
      podYaml(
        'tolerant',
        `  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  nodeSelector: {kubernetes.io/hostname: worker-2}`,
      ),
    );
    expect(waitBound(c, ['tolerant'])).toBe(true);
    expect(nodeOf(c, 'tolerant')).toBe('worker-2');
    c.advance(2000);
    expect(nodeOf(c, 'plain')).toBeUndefined();
    expect(events(c, 'FailedScheduling', 'plain')[0]).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('reports insufficient cpu with the real aggregated message and PodScheduled=False', () => {
    const c = createCluster({ seed: 5, addons: false });
    for (const w of [1, 2, 3])
      apply(c, podYaml(`base-${w}`, `  nodeName: worker-${w}`, 'cpu: "2"'));
    apply(c, podYaml('big', '', 'cpu: "3"'));
    c.advance(3000);
    expect(nodeOf(c, 'big')).toBeUndefined();
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    expect(events(c, 'FailedScheduling', 'big')).toEqual([message]);
    const cond = (
      c.get('pods', 'big')!.status as { conditions: Record<string, unknown>[] }
    ).conditions.find((x) => x.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    // Freeing a worker (a pod deleted) moves the pod back to the active queue.
    c.kubectl('delete pod base-2 --grace-period=0 --force');
    expect(waitBound(c, ['big'])).toBe(true);
    expect(nodeOf(c, 'big')).toBe('worker-2');
  });

  it('counts the tainted control plane as an empty domain unless nodeTaintsPolicy is Honor', () => {
    const c = createCluster({ seed: 6, addons: false });
    const spread = (policy: string) => `  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule${policy}
    labelSelector: {matchLabels: {app: stuck}}`;
    for (const i of [1, 2, 3, 4]) apply(c, podYaml(`stuck-${i}`, spread('')));
    c.advance(3000);
    // control-plane-1 holds 0 matching pods, so a second pod per worker would make skew 2
    expect([1, 2, 3].map((i) => nodeOf(c, `stuck-${i}`)).sort()).toEqual([
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    expect(events(c, 'FailedScheduling', 'stuck-4')[0]).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod topology spread constraints. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
  });

  it('spreads pods evenly across three workers with a DoNotSchedule topology constraint', () => {
    const c = createCluster({ seed: 6, addons: false });
    const spread = `  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule
    nodeTaintsPolicy: Honor
    labelSelector: {matchLabels: {app: spread}}`;
    const names = [1, 2, 3, 4, 5, 6].map((i) => `spread-${i}`);
    for (const n of names) {
      apply(c, podYaml(n, spread));
      expect(waitBound(c, [n])).toBe(true);
    }
    const perNode = new Map<string, number>();
    for (const n of names) perNode.set(nodeOf(c, n)!, (perNode.get(nodeOf(c, n)!) ?? 0) + 1);
    expect([...perNode.entries()].sort()).toEqual([
      ['worker-1', 2],
      ['worker-2', 2],
      ['worker-3', 2],
    ]);
  });

  it('places pods with required anti-affinity on distinct workers, then reports the rule', () => {
    const c = createCluster({ seed: 8, addons: false });
    const anti = `  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector: {matchLabels: {app: anti}}`;
    for (const i of [1, 2, 3]) {
      apply(c, podYaml(`anti-${i}`, anti));
      expect(waitBound(c, [`anti-${i}`])).toBe(true);
    }
    expect(new Set([1, 2, 3].map((i) => nodeOf(c, `anti-${i}`))).size).toBe(3);
    apply(c, podYaml('anti-4', anti));
    c.advance(2000);
    expect(events(c, 'FailedScheduling', 'anti-4')[0]).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
  });

  it('preempts a lower-priority pod: victim deleted, node nominated, then bound there', () => {
    const c = createCluster({ seed: 9, addons: false, workers: 2 });
    apply(
      c,
      `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
`,
    );
    for (const w of [1, 2]) apply(c, podYaml(`low-${w}`, `  nodeName: worker-${w}`, 'cpu: "3"'));
    apply(c, podYaml('vip', '  priorityClassName: high', 'cpu: "3"'));
    // The kubelet ends the victim gracefully; the freed node then takes the pod.
    expect(waitBound(c, ['vip'])).toBe(true);
    const [first, second] = c.schedulingDecisions('default', 'vip');
    const nominated = first.postFilter!.nominatedNodeName!;
    const victim = nominated === 'worker-1' ? 'low-1' : 'low-2';
    expect(first.result).toBe('Unschedulable');
    expect(first.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
    );
    expect(first.postFilter).toMatchObject({
      plugin: 'DefaultPreemption',
      code: 'Success',
      nominatedNodeName: nominated,
      victims: [`default/${victim}`],
    });
    expect(second).toMatchObject({ result: 'Scheduled', chosenNode: nominated });
    expect(nodeOf(c, 'vip')).toBe(nominated);
    expect(c.get('pods', victim)?.metadata.deletionTimestamp ?? 'gone').toBeTruthy();
    expect(events(c, 'Preempted', victim)[0]).toBe(
      `Preempted by pod ${c.get('pods', 'vip')!.metadata.uid} on node ${nominated}`,
    );
    expect((c.get('pods', 'vip')!.status as { nominatedNodeName?: string }).nominatedNodeName).toBe(
      nominated,
    );
  });
});
