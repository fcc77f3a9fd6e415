import type { CycleState, FilterPlugin } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SUCCESS, newStatus } from '../framework/status';
import * as names from './names';

// nodename/node_name.go ErrReason
export const ErrReasonNodeName = "node(s) didn't match the requested node name";

/** NodeName: a pod that names a node fits only there. */
export class NodeNamePlugin implements FilterPlugin {
  readonly name = names.NodeName;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const want = pod.spec.nodeName;
    if (!want || want === node.name) return SUCCESS;
    return newStatus('UnschedulableAndUnresolvable', ErrReasonNodeName);
  }

  filterNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    from: number,
    count: number,
    out: Status[],
  ): number {
    // a pod that names no node fits every node
    if (!pod.spec.nodeName) return 0;
    let rejected = 0;
    for (let i = 0; i < count; i++)
      if ((out[i] = this.filter(state, pod, nodes[from + i])) !== SUCCESS) rejected++;
    return rejected;
  }
}
