import type { CycleState, FilterPlugin, Handle } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SUCCESS, newStatus } from '../framework/status';
import * as names from './names';
import { tolerationsTolerateTaint } from './helper/taints';

// nodeunschedulable/node_unschedulable.go ErrReasonUnschedulable
export const ErrReasonUnschedulable = 'node(s) were unschedulable';

/** NodeUnschedulable: a cordoned node takes only pods tolerating its unschedulable taint. */
export class NodeUnschedulablePlugin implements FilterPlugin {
  readonly name = names.NodeUnschedulable;

  constructor(private readonly handle?: Pick<Handle, 'nodeCounts'>) {}

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (!node.unschedulable) return SUCCESS;
    const tolerated = tolerationsTolerateTaint(pod.spec.tolerations, {
      key: 'node.kubernetes.io/unschedulable',
      effect: 'NoSchedule',
    });
    return tolerated ? SUCCESS : newStatus('UnschedulableAndUnresolvable', ErrReasonUnschedulable);
  }

  filterNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    from: number,
    count: number,
    out: Status[],
  ): number {
    // only a cordoned node can reject the pod: with none in the cluster or the batch, no work
    if (this.handle?.nodeCounts?.().unschedulable === 0) return 0;
    let i = 0;
    while (i < count && !nodes[from + i].unschedulable) i++;
    if (i === count) return 0;
    let rejected = 0;
    for (i = 0; i < count; i++)
      if ((out[i] = this.filter(state, pod, nodes[from + i])) !== SUCCESS) rejected++;
    return rejected;
  }
}
