import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { clusterTopology, communicationPaths } from '../../../src/engine/view';
import type { Rect } from '../../../src/ui/diagram/geometry';
import { markPoint, overlaps, pointAt } from '../../../src/ui/diagram/geometry';
import type { NodeView, Topology } from '../../../src/engine/view';
import { layoutTopology, MAX_POD_CHIPS } from '../../../src/ui/diagram/layout';

const single = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 1, workers: 3 }));
const ha = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 3, workers: 3 }));

/** A topology as the engine would report it for `workers` workers with `pods` pods each. */
function bigTopology(workers: number, pods: number): Topology {
  const node = (name: string, role: NodeView['role'], kinds: string[], podCount: number) => ({
    name,
    role,
    ip: '10.0.0.1',
    up: true,
    partitioned: false,
    ready: 'True' as const,
    components: kinds.map((kind) => ({ id: `${kind}@${name}`, kind, node: name, up: true })),
    pods: Array.from({ length: podCount }, (_, i) => ({
      id: `pod/default/${name}-app-${i}`,
      namespace: 'default',
      name: `${name}-app-${i}`,
      node: name,
      phase: 'Running',
    })),
  });
  const cpKinds = ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'];
  const nodeKinds = ['kubelet', 'kube-proxy', 'containerd', 'cni'];
  return {
    client: { id: 'kubectl' },
    nodes: [
      node('control-plane-1', 'control-plane', [...cpKinds, ...nodeKinds], 4),
      ...Array.from({ length: workers }, (_, i) =>
        node(`worker-${i + 1}`, 'worker', nodeKinds, pods),
      ),
    ],
    unscheduledPods: [],
  };
}
const big = bigTopology(10, 30);

const cases = [
  ['1 control plane, wide', single, 'wide'],
  ['10 workers with 30 pods each, wide', big, 'wide'],
  ['10 workers with 30 pods each, narrow', big, 'narrow'],
  ['1 control plane, narrow', single, 'narrow'],
  ['3 control planes, wide', ha, 'wide'],
  ['3 control planes, narrow', ha, 'narrow'],
] as const;

describe('layoutTopology', () => {
  it.each(cases)('%s: no two boxes overlap', (_name, topology, direction) => {
    const layout = layoutTopology(topology, communicationPaths(topology), direction);
    const top: [string, Rect][] = [
      ...layout.groups.map((g): [string, Rect] => [g.id, g.rect]),
      ...layout.outside.map((o): [string, Rect] => [o.id, o.rect]),
    ];
    const pairs = top.flatMap(([a, ra], i) =>
      top
        .slice(i + 1)
        .filter(([, rb]) => overlaps(ra, rb))
        .map(([b]) => `${a} × ${b}`),
    );
    expect(pairs).toEqual([]);
    const inside = [...layout.components, ...layout.pods];
    const clashes = inside.flatMap((a, i) =>
      inside
        .slice(i + 1)
        .filter((b) => a.parent === b.parent && overlaps(a.rect, b.rect))
        .map((b) => `${a.id} × ${b.id}`),
    );
    expect(clashes).toEqual([]);
    for (const c of inside) {
      const parent = [...layout.groups, ...layout.outside].find((g) => g.id === c.parent)!;
      expect(c.rect.x + c.rect.width).toBeLessThanOrEqual(parent.rect.width);
      expect(c.rect.y + c.rect.height).toBeLessThanOrEqual(parent.rect.height);
    }
  });

  it.each(cases)(
    '%s: every path is drawn and no path runs through a third component',
    (_name, topology, direction) => {
      const paths = communicationPaths(topology);
      const layout = layoutTopology(topology, paths, direction);
      expect(layout.lines.map((l) => l.path.id)).toEqual(paths.map((p) => p.id));
      const crossings: string[] = [];
      for (const line of layout.lines) {
        for (const [id, box] of layout.boxes) {
          if (id === line.path.source || id === line.path.target) continue;
          const inner = {
            x: box.x + 2,
            y: box.y + 2,
            width: box.width - 4,
            height: box.height - 4,
          };
          for (let f = 0.02; f < 0.98; f += 0.02) {
            const p = pointAt(line.curve, f);
            if (
              p.x > inner.x &&
              p.x < inner.x + inner.width &&
              p.y > inner.y &&
              p.y < inner.y + inner.height
            ) {
              crossings.push(`${line.path.id} through ${id}`);
              break;
            }
          }
        }
      }
      expect(crossings).toEqual([]);
    },
  );

  it('is the same for the same topology', () => {
    const a = layoutTopology(single, communicationPaths(single));
    const b = layoutTopology(single, communicationPaths(single));
    expect(a.groups.map((g) => g.rect)).toEqual(b.groups.map((g) => g.rect));
    expect(a.lines.map((l) => l.curve)).toEqual(b.lines.map((l) => l.curve));
  });

  it('puts three workers side by side in a grid of two columns beside the control plane', () => {
    const layout = layoutTopology(single, communicationPaths(single), 'wide');
    const rect = (name: string) => layout.groups.find((g) => g.id === `node/${name}`)!.rect;
    expect(rect('worker-1').y).toBe(rect('worker-2').y);
    expect(rect('worker-2').x).toBeGreaterThan(rect('worker-1').x);
    expect(rect('worker-3').x).toBe(rect('worker-1').x);
    expect(rect('worker-3').y).toBeGreaterThan(rect('worker-1').y);
    expect(rect('worker-1').x).toBeGreaterThan(
      rect('control-plane-1').x + rect('control-plane-1').width,
    );
  });

  it('puts kubelet and kube-proxy on one line of each HA control plane, with one line of pods', () => {
    const layout = layoutTopology(ha, communicationPaths(ha), 'wide');
    const box = (id: string) => layout.boxes.get(id)!;
    for (const n of [1, 2, 3]) {
      const kubelet = box(`kubelet@control-plane-${n}`);
      const proxy = box(`kube-proxy@control-plane-${n}`);
      expect(proxy.y).toBe(kubelet.y);
      expect(proxy.x).toBeGreaterThanOrEqual(kubelet.x + kubelet.width);
      expect(kubelet.width + proxy.width).toBeLessThan(box(`etcd@control-plane-${n}`).width);
      const chips = [...layout.pods, ...layout.morePods].filter(
        (p) => p.parent === `node/control-plane-${n}`,
      );
      expect(new Set(chips.map((c) => c.rect.y)).size).toBe(1);
    }
    // a single control plane keeps a line per component
    const one = layoutTopology(single, communicationPaths(single), 'wide');
    expect(one.boxes.get('kube-proxy@control-plane-1')!.y).toBeGreaterThan(
      one.boxes.get('kubelet@control-plane-1')!.y,
    );
  });

  it('draws the CNI plugin as a badge inside containerd, not as a box of its own', () => {
    const layout = layoutTopology(big, communicationPaths(big), 'wide');
    expect(layout.components.map((c) => c.id)).not.toContain('cni@worker-1');
    const containerd = layout.components.find((c) => c.id === 'containerd@worker-1')!;
    expect(containerd.badges.map((b) => b.id)).toEqual(['cni@worker-1']);
    const host = layout.boxes.get('containerd@worker-1')!;
    const badge = layout.boxes.get('cni@worker-1')!;
    expect(badge.x).toBeGreaterThan(host.x);
    expect(badge.x + badge.width).toBeLessThan(host.x + host.width);
    expect(badge.y).toBeGreaterThan(host.y);
  });

  it('shows at most four pod chips per node and counts the rest on a "+N" chip', () => {
    const layout = layoutTopology(big, communicationPaths(big), 'wide');
    const onWorker1 = layout.pods.filter((p) => p.parent === 'node/worker-1');
    expect(onWorker1).toHaveLength(MAX_POD_CHIPS - 1);
    expect(layout.morePods.find((m) => m.parent === 'node/worker-1')?.count).toBe(
      30 - (MAX_POD_CHIPS - 1),
    );
    expect(layout.morePods.find((m) => m.parent === 'node/control-plane-1')).toBeUndefined();
  });

  it('keeps ten workers in a grid at most five columns wide', () => {
    const layout = layoutTopology(big, communicationPaths(big), 'wide');
    const workerXs = new Set(
      layout.groups.filter((g) => g.node.role === 'worker').map((g) => g.rect.x),
    );
    expect(workerXs.size).toBe(4);
  });
});

describe('break marks and link handles', () => {
  it.each(['wide', 'narrow'] as const)(
    'sit on a stretch of each path no other path runs along (%s)',
    (direction) => {
      const layout = layoutTopology(ha, communicationPaths(ha), direction);
      const marks = layout.lines.map((l) => markPoint(l.curve));
      const distinct = new Set(marks.map((m) => `${Math.round(m.x)},${Math.round(m.y)}`));
      expect(distinct.size).toBe(marks.length);
      if (direction === 'narrow') return; // straight lines there: each is its own all along
      // a worker's path to the control plane runs up a shared trunk: it is marked on its stub,
      // beside its own component
      const kubelet = layout.lines.find((l) => l.path.source === 'kubelet@worker-1')!;
      const box = layout.boxes.get('kubelet@worker-1')!;
      const mark = markPoint(kubelet.curve);
      expect(mark.y).toBe(box.y + box.height / 2);
      expect(box.x - mark.x).toBe(12);
    },
  );
});
