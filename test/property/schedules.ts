// Random schedules for the invariant properties: topologies, user actions and failures, a
// monitor for the safety invariants while a schedule runs, and the convergence check after it.
import fc from 'fast-check';
import { expect } from 'vitest';

import type { Cluster } from '../../src/engine';
import { createCluster } from '../../src/engine';
import { milliValue, parseQuantity } from '../../src/engine/api/quantity';
import type { KubeObject } from '../../src/engine/api/types';
import type { Fault } from '../../src/engine/cluster/faults';
import { applyFault } from '../../src/engine/cluster/faults';

// ---- schedules --------------------------------------------------------------------------------

/** A cluster to run a schedule on: 1 or 3 control planes, 2–6 workers, add-ons or not. */
export interface Topology {
  controlPlanes: 1 | 3;
  workers: number;
  /** CoreDNS and kube-proxy as pods (DaemonSet, Deployment); false boots in a third the time */
  addons: boolean;
}

/** One step of a schedule: a user action or a failure. */
export type Action =
  | { kind: 'deploy'; app: number; replicas: number; cpu: number }
  | { kind: 'scale'; app: number; replicas: number }
  | { kind: 'rollout'; app: number }
  | { kind: 'delete'; app: number }
  | { kind: 'write' }
  | { kind: 'kubectl'; command: string }
  | { kind: 'power-off' | 'partition'; worker: number }
  /** the network link between a worker and another node (`peer` indexes every node) */
  | { kind: 'cut-link'; worker: number; peer: number }
  | {
      kind: 'kill';
      component:
        'kube-scheduler' | 'kube-controller-manager' | 'kubelet' | 'kube-proxy' | 'kube-apiserver';
      worker: number;
    }
  | { kind: 'kill-etcd-leader' }
  | { kind: 'crash'; app: number }
  | { kind: 'wait'; ms: number };

const app = fc.nat(2);
const worker = fc.nat(5);
/** User actions and failures, weighted towards deploying and waiting. */
export const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('deploy' as const),
      app,
      replicas: fc.integer({ min: 1, max: 4 }),
      cpu: fc.integer({ min: 1, max: 8 }).map((x) => x * 100),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('scale' as const),
      app,
      replicas: fc.integer({ min: 0, max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollout' as const), app }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), app }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'write' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('kubectl' as const),
      command: fc.constantFrom(
        'get pods -o wide',
        'get nodes',
        'describe nodes',
        'get endpointslices',
        'get deploy',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('power-off' as const, 'partition' as const),
      worker,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cut-link' as const), worker, peer: fc.nat(8) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('kill' as const),
      component: fc.constantFrom(
        'kube-scheduler' as const,
        'kube-controller-manager' as const,
        'kubelet' as const,
        'kube-proxy' as const,
        'kube-apiserver' as const,
      ),
      worker,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'kill-etcd-leader' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), app }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 500, max: 20_000 }),
    }),
  },
);

/** The same actions with waits of at most 5 s, for short schedules. */
export const shortAction: fc.Arbitrary<Action> = action.map((a) =>
  a.kind === 'wait' ? { kind: 'wait', ms: 500 + (a.ms % 4_500) } : a,
);

/** Every topology the convergence property boots: 1 control plane twice as often as 3. */
export const topology: fc.Arbitrary<Topology> = fc.record({
  controlPlanes: fc.constantFrom(1 as const, 1 as const, 3 as const),
  workers: fc.integer({ min: 2, max: 6 }),
  addons: fc.constant(true),
});

/** Topologies for many short schedules: 3 control planes in a sixth, add-ons in a quarter. */
export const lightTopology: fc.Arbitrary<Topology> = fc.record({
  controlPlanes: fc.constantFrom(...([1, 1, 1, 1, 1, 3] as const)),
  workers: fc.integer({ min: 2, max: 6 }),
  addons: fc.constantFrom(false, false, false, true),
});

// ---- invariants while the schedule runs ------------------------------------------------------

type PodView = KubeObject & {
  spec: { nodeName?: string; containers: { resources?: { requests?: Record<string, string> } }[] };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
};

const requestsOf = (p: PodView, r: string) =>
  p.spec.containers.reduce(
    (s, c) => s + milliValue(parseQuantity(c.resources?.requests?.[r] ?? '0')),
    0,
  );
const terminated = (p: PodView) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const ready = (p: PodView) =>
  !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** Watches one cluster for broken safety invariants; `check()` fails the test on the first. */
export class SafetyMonitor {
  private readonly boundTo = new Map<string, string>();
  private readonly leaderOfTerm = new Map<number, string>();
  private readonly revision = new Map<string, number>();
  constructor(private readonly c: Cluster) {}

  check(): void {
    const pods = this.c.list('pods') as PodView[];
    const used = new Map<string, { cpu: number; memory: number; pods: number }>();
    for (const p of pods) {
      const uid = p.metadata.uid!;
      const node = p.spec.nodeName;
      if (!node) continue;
      const before = this.boundTo.get(uid);
      expect(
        before === undefined || before === node,
        `pod ${p.metadata.name} re-bound from ${before} to ${node}`,
      ).toBe(true);
      this.boundTo.set(uid, node);
      if (terminated(p)) continue;
      const u = used.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
      u.cpu += requestsOf(p, 'cpu');
      u.memory += requestsOf(p, 'memory');
      u.pods += 1;
      used.set(node, u);
    }
    for (const n of this.c.list('nodes')) {
      const alloc = (n.status as { allocatable?: Record<string, string> }).allocatable ?? {};
      const u = used.get(n.metadata.name!);
      if (!u || !alloc.cpu) continue;
      expect(u.cpu, `cpu requests on ${n.metadata.name}`).toBeLessThanOrEqual(
        milliValue(parseQuantity(alloc.cpu)),
      );
      expect(u.memory, `memory requests on ${n.metadata.name}`).toBeLessThanOrEqual(
        milliValue(parseQuantity(alloc.memory)),
      );
      expect(u.pods * 1000, `pods on ${n.metadata.name}`).toBeLessThanOrEqual(
        milliValue(parseQuantity(alloc.pods)),
      );
    }
    for (const m of this.c.etcd.members) {
      if (m.isUp() && m.isLeader() && m.raft) {
        const seen = this.leaderOfTerm.get(m.raft.term);
        expect(seen === undefined || seen === m.id, `two etcd leaders in term ${m.raft.term}`).toBe(
          true,
        );
        this.leaderOfTerm.set(m.raft.term, m.id);
      }
      const rev = m.disk.store.revision;
      expect(rev, `etcd revision of ${m.id} went back`).toBeGreaterThanOrEqual(
        this.revision.get(m.id) ?? 0,
      );
      this.revision.set(m.id, rev);
    }
  }
}

// ---- running a schedule ----------------------------------------------------------------------

function workerName(c: Cluster, i: number): string {
  const workers = c.nodes.filter((n) => !n.controlPlane);
  return workers[i % workers.length].name;
}

/** Applies one action; returns the name of an acknowledged write, if it was one. */
export function perform(c: Cluster, a: Action, step: number): string | undefined {
  const name = `app-${'app' in a ? a.app : 0}`;
  switch (a.kind) {
    case 'deploy':
      c.kubectl(`create deployment ${name} --image=nginx --replicas=${a.replicas}`);
      c.kubectl(`set resources deployment ${name} --requests=cpu=${a.cpu}m,memory=64Mi`);
      c.kubectl(`expose deployment ${name} --port=80`);
      return undefined;
    case 'scale':
      c.kubectl(`scale deployment ${name} --replicas=${a.replicas}`);
      return undefined;
    case 'rollout':
      c.kubectl(`rollout restart deployment ${name}`);
      return undefined;
    case 'delete':
      c.kubectl(`delete deployment ${name} --wait=false`);
      return undefined;
    case 'write': {
      const cm = `ack-${step}`;
      return c.kubectl(`create configmap ${cm} --from-literal=n=${step}`).exitCode === 0
        ? cm
        : undefined;
    }
    case 'kubectl':
      c.kubectl(a.command);
      return undefined;
    case 'power-off':
    case 'partition':
      applyFault(c, { op: a.kind, node: workerName(c, a.worker) } as Fault);
      return undefined;
    case 'cut-link': {
      const from = workerName(c, a.worker);
      const peers = c.nodes.map((n) => n.name).filter((n) => n !== from);
      applyFault(c, { op: 'cut-link', hosts: [from, peers[a.peer % peers.length]] });
      return undefined;
    }
    case 'kill': {
      const hosts =
        a.component === 'kubelet' || a.component === 'kube-proxy'
          ? [workerName(c, a.worker)]
          : c.nodes.filter((n) => n.controlPlane).map((n) => n.name);
      const id = `${a.component}@${hosts[a.worker % hosts.length]}`;
      if (c.components().some((p) => p.id === id)) applyFault(c, { op: 'kill', component: id });
      return undefined;
    }
    case 'kill-etcd-leader': {
      const leader = c.etcd.leader();
      if (leader) applyFault(c, { op: 'kill', component: leader.id });
      return undefined;
    }
    case 'crash': {
      const pod = (c.list('pods', 'default') as PodView[]).find(
        (p) => p.metadata.name!.startsWith(`${name}-`) && p.status?.phase === 'Running',
      );
      if (pod) applyFault(c, { op: 'crash', pod: `default/${pod.metadata.name}`, exitCode: 2 });
      return undefined;
    }
    case 'wait':
      c.advance(a.ms);
      return undefined;
  }
}

/** Powers every node on, heals every partition and cut link, starts every stopped component. */
export function repairAll(c: Cluster): void {
  for (const hosts of c.sim.net.cutLinkPairs()) applyFault(c, { op: 'restore-link', hosts });
  for (const n of c.nodes) {
    applyFault(c, { op: 'heal', node: n.name });
    applyFault(c, { op: 'power-on', node: n.name });
  }
  for (const p of c.components()) if (!p.isUp()) c.recover(p.id);
}

export interface Run {
  hops: string;
  acked: string[];
  c: Cluster;
}

/** Boots the topology and runs the actions, a second apart, checking safety after each. */
export function runSchedule(topo: Topology, seed: number, actions: Action[]): Run {
  const c = createCluster({
    seed,
    controlPlaneNodes: topo.controlPlanes,
    workers: topo.workers,
    addons: topo.addons,
  });
  const monitor = new SafetyMonitor(c);
  const acked: string[] = [];
  actions.forEach((a, i) => {
    const w = perform(c, a, i);
    if (w) acked.push(w);
    c.advance(1000);
    monitor.check();
  });
  const hops = c
    .hops()
    .map((h) => JSON.stringify(h))
    .join('\n');
  return { hops, acked, c };
}

// ---- convergence -----------------------------------------------------------------------------

/** Every controller-managed workload at its desired ready count, every Service's endpoints
 *  the ready pods it selects, every node Ready, every acknowledged write readable. */
export function expectConverged(c: Cluster, acked: string[]): void {
  const problems: string[] = [];
  const atCount = (o: KubeObject, want: number, have: number) => {
    if (want !== have)
      problems.push(
        `${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${have} of ${want} ready`,
      );
  };
  for (const d of c.list('deployments'))
    atCount(
      d,
      (d.spec as { replicas?: number }).replicas ?? 1,
      (d.status as { readyReplicas?: number })?.readyReplicas ?? 0,
    );
  for (const rs of c.list('replicasets'))
    atCount(
      rs,
      (rs.spec as { replicas?: number }).replicas ?? 1,
      (rs.status as { readyReplicas?: number })?.readyReplicas ?? 0,
    );
  for (const ds of c.list('daemonsets')) {
    const s = ds.status as { desiredNumberScheduled?: number; numberReady?: number } | undefined;
    atCount(ds, s?.desiredNumberScheduled ?? 0, s?.numberReady ?? 0);
  }
  for (const st of c.list('statefulsets'))
    atCount(
      st,
      (st.spec as { replicas?: number }).replicas ?? 1,
      (st.status as { readyReplicas?: number })?.readyReplicas ?? 0,
    );
  const pods = c.list('pods') as PodView[];
  const slices = c.list('endpointslices') as (KubeObject & {
    endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
  })[];
  for (const svc of c.list('services')) {
    const selector = (svc.spec as { selector?: Record<string, string> }).selector;
    if (!selector) continue;
    const ns = svc.metadata.namespace;
    const want = pods
      .filter((p) => p.metadata.namespace === ns && !p.metadata.deletionTimestamp && ready(p))
      .filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v))
      .map((p) => p.status!.podIP!)
      .sort();
    const have = slices
      .filter(
        (s) =>
          s.metadata.namespace === ns &&
          s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name,
      )
      .flatMap((s) =>
        (s.endpoints ?? [])
          .filter((e) => e.conditions?.ready !== false)
          .flatMap((e) => e.addresses),
      )
      .sort();
    if (want.join() !== have.join())
      problems.push(
        `service ${ns}/${svc.metadata.name}: endpoints [${have}] but ready pods [${want}]`,
      );
  }
  for (const n of c.list('nodes')) {
    const cond = (n.status as { conditions?: { type: string; status: string }[] }).conditions?.find(
      (x) => x.type === 'Ready',
    );
    if (cond?.status !== 'True') problems.push(`node ${n.metadata.name} Ready=${cond?.status}`);
  }
  for (const cm of acked)
    if (!c.get('configmap', cm)) problems.push(`acknowledged write ${cm} lost`);
  expect(problems).toEqual([]);
}

/**
 * No acknowledged write is lost: each is committed, i.e. on the disk of a majority of etcd
 * members (down members keep their disks), so it is readable once a quorum is back.
 */
export function expectAckedWritesCommitted(c: Cluster, acked: string[]): void {
  const members = c.etcd.members;
  const lost = acked.filter((name) => {
    const key = `/registry/configmaps/default/${name}`;
    const holding = members.filter((m) => m.disk.store.range(key).kvs.length > 0).length;
    return holding * 2 <= members.length;
  });
  expect(lost, 'acknowledged writes not on a majority of etcd members').toEqual([]);
}

// ---- running properties ----------------------------------------------------------------------

/** Schedules per `npm test`, per property (see invariants.test.ts for what each costs). */
export const RUNS = { safety: 440, determinism: 20, converge: 10, store: 30 };
const PINNED_SEED = 20261121;
const DEFAULT_TOTAL = Object.values(RUNS).reduce((a, b) => a + b, 0);
// FC_RUNS=<n> scales every property so the total is about n schedules (npm run fuzz).
const SCALE = Math.max(1, Math.round(Number(process.env.FC_RUNS ?? 0) / DEFAULT_TOTAL));

/** fast-check parameters: the pinned seed in npm test, FC_SEED/FC_PATH to replay one. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return {
    numRuns: numRuns * SCALE,
    // npm test replays the same schedules every run (a red build is a bug, not bad luck);
    // npm run fuzz draws new ones
    seed: process.env.FC_SEED
      ? Number(process.env.FC_SEED)
      : process.env.FC_RUNS
        ? undefined
        : PINNED_SEED,
    path: process.env.FC_PATH,
    endOnFailure: true,
  };
}
