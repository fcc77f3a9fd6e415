import { describe, expect, it } from 'vitest';

import type { NodeView, Topology } from '../../../src/engine/view';
import { communicationPaths } from '../../../src/engine/view';
import { layoutTopology } from '../../../src/ui/diagram/layout';

function node(name: string, role: NodeView['role'], kinds: string[], pods = 0): NodeView {
  return {
    name,
    role,
    ip: '10.0.0.1',
    up: true,
    partitioned: false,
    ready: 'True',
    components: kinds.map((kind) => ({ id: `${kind}@${name}`, kind, node: name, up: true })),
    pods: Array.from({ length: pods }, (_, i) => ({
      id: `pod/default/p${i}`,
      namespace: 'default',
      name: `p${i}`,
      node: name,
      phase: 'Running',
    })),
  };
}

const t: Topology = {
  client: { id: 'kubectl' },
  nodes: [
    node('cp', 'control-plane', ['kube-apiserver', 'etcd', 'kubelet', 'containerd']),
    node('w1', 'worker', ['kubelet', 'kube-proxy', 'containerd'], 3),
    node('w2', 'worker', ['kubelet', 'kube-proxy', 'containerd'], 3),
  ],
  unscheduledPods: [],
};
const paths = communicationPaths(t);

describe('collapsing a node group', () => {
  it('draws a collapsed node as its header, without its components or pods', () => {
    const open = layoutTopology(t, paths);
    const folded = layoutTopology(t, paths, 'wide', new Set(['w1']));
    const group = folded.groups.find((g) => g.id === 'node/w1')!;
    expect(group.rect.height).toBe(40);
    expect(group.rect.height).toBeLessThan(
      open.groups.find((g) => g.id === 'node/w1')!.rect.height,
    );
    expect(folded.components.filter((c) => c.parent === 'node/w1')).toEqual([]);
    expect(folded.pods.filter((p) => p.parent === 'node/w1')).toEqual([]);
    expect(folded.pods.filter((p) => p.parent === 'node/w2')).toHaveLength(3);
  });

  it("ends the node's paths to other nodes at its header and drops those inside it", () => {
    const folded = layoutTopology(t, paths, 'wide', new Set(['w1']));
    const ids = folded.lines.map((l) => l.path.id);
    expect(ids).toContain('kubelet@w1--kube-apiserver@cp');
    expect(ids).not.toContain('kubelet@w1--containerd@w1');
    expect(ids).toContain('kubelet@w2--containerd@w2');
    const header = folded.groups.find((g) => g.id === 'node/w1')!.rect;
    expect(folded.boxes.get('kubelet@w1')).toEqual(header);
  });
});
