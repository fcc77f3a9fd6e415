import type { KubeObject } from '../../../src/engine/api/types';
import type { SchedulingAttempt } from '../../../src/engine/scheduler';
import { defaultConfiguration, Scheduler } from '../../../src/engine/scheduler';
import type { ScoringStrategy } from '../../../src/engine/scheduler/plugins/resource-allocation';
import { SUCCESS } from '../../../src/engine/scheduler/framework/status';
import { Rng } from '../../../src/engine/sim';

/** Freezes an object and everything in it, as informer caches hand objects out. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function makeNode(rng: Rng, i: number): KubeObject {
  const name = `node-${String(i).padStart(3, '0')}`;
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (rng.next() > 0.05) labels['topology.kubernetes.io/zone'] = rng.pick(ZONES);
  if (rng.next() < 0.3) labels.disktype = 'ssd';
  const taints: { key: string; value?: string; effect: string }[] = [];
  const t = rng.next();
  if (t < 0.1) taints.push({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
  else if (t < 0.2) taints.push({ key: 'spot', effect: 'PreferNoSchedule' });
  const status: Record<string, unknown> = {
    allocatable: {
      cpu: rng.pick(['2', '4', '8']),
      memory: rng.pick(['4Gi', '8Gi', '16Gi']),
      pods: rng.next() < 0.15 ? '6' : '110',
    },
  };
  if (rng.next() < 0.3)
    status.images = [
      { names: ['nginx:latest', 'docker.io/library/nginx:latest'], sizeBytes: 500 * 1024 ** 2 },
      { names: ['redis:7'], sizeBytes: 120 * 1024 ** 2 },
    ];
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: { taints, unschedulable: rng.next() < 0.03 ? true : undefined },
    status,
  });
}

const APPS = ['web', 'db', 'cache', 'batch'];

function makePod(rng: Rng, i: number, big = false): KubeObject {
  const app = rng.pick(APPS);
  const spec: Record<string, unknown> = { schedulerName: 'default-scheduler' };
  const requests: Record<string, string> = {};
  if (rng.next() < 0.8) requests.cpu = `${rng.int(1, 16) * 100}m`;
  if (rng.next() < 0.7) requests.memory = `${rng.int(1, 20) * 128}Mi`;
  const container: Record<string, unknown> = {
    name: 'c',
    image: rng.pick(['nginx', 'redis:7', 'busybox']),
    resources: { requests },
  };
  if (rng.next() < 0.05) container.ports = [{ containerPort: 80, hostPort: 8080 }];
  spec.containers = [container];
  const metadata: Record<string, unknown> = {
    name: `${app}-${i}`,
    namespace: rng.next() < 0.9 ? 'default' : 'other',
    uid: `uid-${i}`,
    labels: { app },
    creationTimestamp: `2024-01-01T00:${String(Math.trunc(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
  };
  if (app === 'web')
    metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: 'rs', controller: true },
    ];
  const kind = rng.next();
  if (kind < 0.07) spec.nodeSelector = { disktype: 'ssd' };
  else if (kind < 0.12)
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                {
                  key: 'topology.kubernetes.io/zone',
                  operator: 'In',
                  values: ['zone-a', 'zone-b'],
                },
              ],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 10,
            preference: { matchExpressions: [{ key: 'disktype', operator: 'Exists' }] },
          },
        ],
      },
    };
  else if (kind < 0.15)
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: 'metadata.name', operator: 'In', values: ['node-001', 'node-002'] },
              ],
            },
          ],
        },
      },
    };
  else if (kind < 0.16)
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: 'metadata.name', operator: 'In', values: ['node-001'] },
                { key: 'metadata.name', operator: 'In', values: ['node-002'] },
              ],
            },
          ],
        },
      },
    };
  else if (kind < 0.24)
    spec.topologySpreadConstraints = [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app } },
      },
      {
        maxSkew: 2,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app } },
      },
    ];
  else if (kind < 0.3)
    spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            podAffinityTerm: {
              labelSelector: { matchLabels: { app: 'web' } },
              topologyKey: 'topology.kubernetes.io/zone',
            },
          },
        ],
      },
    };
  else if (kind < 0.33)
    spec.affinity = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: { matchLabels: { app: 'cache' } },
            topologyKey: 'topology.kubernetes.io/zone',
          },
        ],
      },
    };
  else if (kind < 0.36) spec.schedulingGates = [{ name: 'example.com/wait' }];
  if (rng.next() < 0.15)
    spec.tolerations = [
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
    ];
  if (rng.next() < 0.1) spec.tolerations = [{ key: 'spot', operator: 'Exists' }];
  if (rng.next() < 0.1) {
    spec.priority = 1000;
    if (rng.next() < 0.3) spec.preemptionPolicy = 'Never';
  }
  if (rng.next() < 0.03) requests.cpu = '64';
  if (big) {
    // a high-priority pod that fits only where lower-priority pods make way
    requests.cpu = '7500m';
    spec.priority = 2000;
    delete spec.preemptionPolicy;
  }
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec,
    status: { phase: 'Pending' },
  });
}

export interface WorkloadOptions {
  seed: number;
  nodes: number;
  pods: number;
  percentageOfNodesToScore?: number;
  scoringStrategy?: ScoringStrategy;
}

export interface WorkloadResult {
  /** every pod's attempts, by `namespace/name`, in the order pods were created */
  attempts: Map<string, SchedulingAttempt[]>;
  scheduler: Scheduler;
  /** the pod objects the scheduler's informers delivered, by key */
  delivered: Map<string, KubeObject>;
}

const withSpec = (p: KubeObject, spec: Record<string, unknown>): KubeObject =>
  deepFreeze({ ...p, spec: { ...(p.spec as object), ...spec } });

/**
 * A seeded cluster history driven straight into the scheduler core: nodes with zones, taints,
 * images and small pod limits; pods with requests, selectors, node and pod (anti-)affinity,
 * spread constraints, host ports, gates and priorities; bindings confirmed by informer
 * updates, preemption victims deleted, nominations written back, nodes changed and removed.
 */
export function runWorkload(o: WorkloadOptions): WorkloadResult {
  const rng = new Rng(o.seed);
  const pickRng = new Rng(o.seed + 1000);
  let now = 0;
  const pending: (() => void)[] = [];
  const delivered = new Map<string, KubeObject>();
  const services = [
    deepFreeze({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' } },
    }),
  ];
  const replicasets = [
    deepFreeze({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-rs', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } } },
    }),
  ];
  const s: Scheduler = new Scheduler({
    config: defaultConfiguration({
      percentageOfNodesToScore: o.percentageOfNodesToScore,
      scoringStrategy: o.scoringStrategy,
    }),
    now: () => now,
    random: () => pickRng.next(),
    instance: 'kube-scheduler@test',
    effects: {
      lister: (r) => (r === 'services' ? services : r === 'replicasets' ? replicasets : []),
      bind: (p, node, done) => {
        done(SUCCESS);
        pending.push(() => {
          const old = delivered.get(p.key)!;
          const bound = withSpec(old, { nodeName: node });
          delivered.set(p.key, bound);
          s.onPodUpdate(old, bound);
        });
      },
      reportScheduled: () => undefined,
      reportFailure: (p, _reason, _message, nominated) => {
        if (!nominated) return;
        pending.push(() => {
          const old = delivered.get(p.key);
          if (!old || (old.spec as { nodeName?: string }).nodeName) return;
          const next = deepFreeze({
            ...old,
            status: { phase: 'Pending', nominatedNodeName: nominated },
          });
          delivered.set(p.key, next);
          s.onPodUpdate(old, next);
        });
      },
      preempt: (victim) => {
        pending.push(() => {
          const cur = delivered.get(victim.key);
          if (!cur) return;
          delivered.delete(victim.key);
          s.onPodDelete(cur);
        });
      },
    },
  });
  const nodes: KubeObject[] = [];
  for (let i = 0; i < o.nodes; i++) {
    nodes.push(makeNode(rng, i));
    s.onNodeAdd(nodes[i]);
  }
  const order: string[] = [];
  const drain = () => {
    while (s.scheduleOne() || pending.length > 0) {
      while (pending.length > 0) pending.shift()!();
    }
  };
  const perRound = Math.ceil(o.pods / 10);
  let created = 0;
  for (let round = 0; round < 14; round++) {
    for (let k = 0; k < perRound && created < o.pods; k++, created++) {
      const p = makePod(rng, created);
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      order.push(key);
      delivered.set(key, p);
      s.onPodAdd(p);
    }
    drain();
    // cluster changes between rounds
    if (round === 3) {
      const gated = [...delivered.values()].filter(
        (p) => (p.spec as { schedulingGates?: unknown[] }).schedulingGates,
      );
      for (const p of gated) {
        const next = withSpec(p, { schedulingGates: undefined });
        delivered.set(`${p.metadata.namespace}/${p.metadata.name}`, next);
        s.onPodUpdate(p, next);
      }
    }
    if (round === 4) {
      const i = rng.int(0, nodes.length);
      const next = deepFreeze({ ...nodes[i], spec: { taints: [] } });
      s.onNodeUpdate(nodes[i], next);
      nodes[i] = next;
    }
    if (round === 5) {
      const bound = [...delivered.values()].filter(
        (p) => (p.spec as { nodeName?: string }).nodeName,
      );
      for (let k = 0; k < 5 && bound.length > 0; k++) {
        const victim = bound.splice(rng.int(0, bound.length), 1)[0];
        delivered.delete(`${victim.metadata.namespace}/${victim.metadata.name}`);
        s.onPodDelete(victim);
      }
    }
    if (round === 6) s.onNodeDelete(nodes[nodes.length - 1]);
    if (round === 9 || round === 11) {
      for (let k = 0; k < 4; k++, created++) {
        const p = makePod(rng, created, true);
        const key = `${p.metadata.namespace}/${p.metadata.name}`;
        order.push(key);
        delivered.set(key, p);
        s.onPodAdd(p);
      }
    }
    if (round === 7) {
      const extra = makeNode(rng, o.nodes);
      nodes.push(extra);
      s.onNodeAdd(extra);
    }
    now += 2000 * (round + 1);
    s.flushQueues();
    drain();
  }
  now += 6 * 60_000;
  s.flushQueues();
  drain();
  const attempts = new Map<string, SchedulingAttempt[]>();
  for (const key of order) {
    const [ns, name] = key.split('/');
    attempts.set(key, s.attempts(ns, name));
  }
  return { attempts, scheduler: s, delivered };
}

/** FNV-1a over a string, as 8 hex digits: a short, exact fingerprint of a decision. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** One line per attempt: pod, attempt, result, node, feasible count, message, fingerprint. */
export function digest(attempts: Map<string, SchedulingAttempt[]>): string {
  const lines: string[] = [];
  for (const [key, list] of attempts) {
    for (const a of list)
      lines.push(
        [
          key,
          a.attempt,
          a.result,
          a.chosenNode ?? '-',
          `${a.feasibleNodes.length}/${a.filter.length}/${a.numAllNodes}`,
          fingerprint(JSON.stringify(a)),
          a.message ?? '',
        ].join(' '),
      );
  }
  return `${lines.join('\n')}\n`;
}
