import type { KubeObject } from '../../../src/engine/api/types';
import { NodeInfo } from '../../../src/engine/scheduler/framework/node-info';
import type { PodInfo } from '../../../src/engine/scheduler/framework/pod-info';
import { podInfo } from '../../../src/engine/scheduler/framework/pod-info';
import type { Taint, Toleration } from '../../../src/engine/scheduler/framework/types';

let counter = 0;

/** A pod builder in the style of upstream's st.MakePod(). */
export class PodBuilder {
  private pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${++counter}`, namespace: 'default', uid: `uid-${counter}` },
    spec: { containers: [] },
  };

  private get spec(): Record<string, unknown> & { containers: unknown[] } {
    return this.pod.spec as Record<string, unknown> & { containers: unknown[] };
  }

  name(n: string): this {
    this.pod.metadata.name = n;
    return this;
  }

  namespace(n: string): this {
    this.pod.metadata.namespace = n;
    return this;
  }

  node(n: string): this {
    this.spec.nodeName = n;
    return this;
  }

  labels(l: Record<string, string>): this {
    this.pod.metadata.labels = l;
    return this;
  }

  /** adds one container with these requests (Req in upstream's builder) */
  req(requests: Record<string, string>): this {
    this.spec.containers.push({
      name: `c${this.spec.containers.length}`,
      image: 'pause',
      resources: { requests },
    });
    return this;
  }

  container(image = 'nginx'): this {
    this.spec.containers.push({ name: `c${this.spec.containers.length}`, image });
    return this;
  }

  tolerations(t: Toleration[]): this {
    this.spec.tolerations = t;
    return this;
  }

  priority(p: number): this {
    this.spec.priority = p;
    return this;
  }

  set(key: string, value: unknown): this {
    this.spec[key] = value;
    return this;
  }

  obj(): KubeObject {
    return Object.freeze(structuredClone(this.pod));
  }

  info(): PodInfo {
    return podInfo(this.obj());
  }
}

export const makePod = () => new PodBuilder();

/** A NodeInfo with this allocatable (upstream st.MakeNode().Capacity()), labels and taints. */
export function makeNode(
  name: string,
  allocatable: Record<string, string> = {},
  opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {},
): NodeInfo {
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { allocatable: { pods: '110', ...allocatable }, capacity: allocatable },
  };
  return new NodeInfo(node);
}

/** Puts pods on their spec.nodeName among the nodes. */
export function place(nodes: NodeInfo[], pods: KubeObject[]): NodeInfo[] {
  for (const p of pods) {
    const n = nodes.find((x) => x.name === (p.spec as { nodeName?: string }).nodeName);
    n?.addPod(podInfo(p));
  }
  return nodes;
}
