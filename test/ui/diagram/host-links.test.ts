import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault, faultsFor } from '../../../src/engine/cluster/faults';
import { clusterTopology, communicationPaths } from '../../../src/engine/view';
import { flowEdges } from '../../../src/ui/diagram/Diagram';
import { layoutTopology } from '../../../src/ui/diagram/layout';

describe('cut links no path draws', () => {
  const c = createCluster({ seed: 2, workers: 2 });

  it('are drawn cut between the two machines, with a menu that restores them', () => {
    applyFault(c, { op: 'cut-link', hosts: ['worker-2', 'worker-1'] });
    const t = clusterTopology(c);
    const layout = layoutTopology(t, communicationPaths(t), 'wide');
    const edge = flowEdges(layout, t).find((e) => e.id === 'worker-1--worker-2')!;
    expect(edge).toMatchObject({
      source: 'node/worker-1',
      target: 'node/worker-2',
      ariaLabel: 'Link worker-1 – worker-2 (cut)',
      data: { state: 'cut' },
    });
    // from one machine's border to the other's
    const [w1, w2] = ['node/worker-1', 'node/worker-2'].map(
      (id) => layout.groups.find((g) => g.id === id)!.rect,
    );
    const [start, end] = edge.data!.curve.points;
    expect(start.x).toBe(w1.x + w1.width);
    expect(end.x).toBe(w2.x);
    expect(faultsFor(c, 'link/worker-1--worker-2').map((x) => [x.label, x.disabled])).toEqual([
      [
        'Cut the network link between worker-1 and worker-2',
        'the link between worker-1 and worker-2 is already cut',
      ],
      ['Restore the network link between worker-1 and worker-2', undefined],
    ]);
  });

  it('are not drawn twice where a path already crosses the cut', () => {
    applyFault(c, { op: 'restore-link', hosts: ['worker-2', 'worker-1'] });
    applyFault(c, { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] });
    const t = clusterTopology(c);
    const edges = flowEdges(layoutTopology(t, communicationPaths(t), 'wide'), t);
    expect(edges.filter((e) => e.data?.state === 'cut').map((e) => e.id)).toEqual([
      'kubelet@worker-1--kube-apiserver@control-plane-1',
      'kube-proxy@worker-1--kube-apiserver@control-plane-1',
    ]);
  });
});
