import { describe, expect, it } from 'vitest';

import type { NodeView, Topology } from '../../../src/engine/view';
import { communicationPaths } from '../../../src/engine/view';
import { linkState } from '../../../src/ui/diagram/link-state';

function node(
  name: string,
  role: NodeView['role'],
  kinds: string[],
  extra: Partial<NodeView> = {},
) {
  return {
    name,
    role,
    ip: '10.0.0.1',
    up: true,
    partitioned: false,
    ready: 'True',
    components: kinds.map((kind) => ({ id: `${kind}@${name}`, kind, node: name, up: true })),
    pods: [],
    ...extra,
  } satisfies NodeView;
}

function topology(worker: Partial<NodeView>, apiUp = true): Topology {
  const cp = node('cp', 'control-plane', ['kube-apiserver', 'etcd', 'kubelet', 'containerd']);
  cp.components[0].up = apiUp;
  return {
    client: { id: 'kubectl' },
    nodes: [cp, node('w', 'worker', ['kubelet', 'kube-proxy', 'containerd'], worker)],
    unscheduledPods: [],
  };
}

const states = (t: Topology) =>
  Object.fromEntries(communicationPaths(t).map((p) => [p.id, linkState(p, t)]));

describe('linkState', () => {
  it('draws every path as carrying traffic on a healthy cluster', () => {
    expect(new Set(Object.values(states(topology({}))))).toEqual(new Set(['ok']));
  });

  it("cuts a partitioned node's paths to other nodes, not those inside it", () => {
    expect(states(topology({ partitioned: true }))).toMatchObject({
      'kubelet@w--kube-apiserver@cp': 'cut',
      'kube-proxy@w--kube-apiserver@cp': 'cut',
      'kubelet@w--containerd@w': 'ok',
      'kubelet@cp--kube-apiserver@cp': 'ok',
    });
  });

  it('marks the paths of a powered-off node, or to a dead component, as down', () => {
    expect(states(topology({ up: false }))).toMatchObject({
      'kubelet@w--kube-apiserver@cp': 'down',
      'kubelet@w--containerd@w': 'down',
      'kubectl--kube-apiserver@cp': 'ok',
    });
    expect(states(topology({}, false))).toMatchObject({
      'kubectl--kube-apiserver@cp': 'down',
      'kube-apiserver@cp--etcd@cp': 'down',
      'kubelet@w--containerd@w': 'ok',
    });
  });

  it('cuts every path crossing a cut link between two hosts, either way round, and only those', () => {
    const t: Topology = { ...topology({}), cutLinks: [['cp', 'w']] };
    expect(states(t)).toMatchObject({
      'kubelet@w--kube-apiserver@cp': 'cut',
      'kube-proxy@w--kube-apiserver@cp': 'cut',
      'kubelet@w--containerd@w': 'ok',
      'kube-apiserver@cp--etcd@cp': 'ok',
      'kubectl--kube-apiserver@cp': 'ok',
    });
    const fromClient: Topology = { ...topology({}), cutLinks: [['client', 'cp']] };
    expect(states(fromClient)).toMatchObject({
      'kubectl--kube-apiserver@cp': 'cut',
      'kubelet@w--kube-apiserver@cp': 'ok',
    });
  });
});
