import type { CycleState, FilterPlugin, PreFilterPlugin } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { HostPort, PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SKIP_RESULT, SUCCESS, SUCCESS_RESULT, newStatus } from '../framework/status';
import * as names from './names';

// nodeports/node_ports.go ErrReason
export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

/**
 * The Filter core (framework.HostPortInfo.CheckConflict): a wanted port conflicts with a used
 * one of the same protocol and port when either IP is 0.0.0.0 or the IPs are equal.
 */
export function fitsPorts(want: readonly HostPort[], used: ReadonlyMap<string, number>): boolean {
  for (const p of want) {
    for (const key of used.keys()) {
      const [ip, protocol, port] = key.split('/');
      if (protocol !== p.protocol || Number(port) !== p.port) continue;
      if (ip === '0.0.0.0' || p.ip === '0.0.0.0' || ip === p.ip) return false;
    }
  }
  return true;
}

/** NodePorts: a pod's host ports must be free on the node. */
export class NodePortsPlugin implements PreFilterPlugin, FilterPlugin {
  readonly name = names.NodePorts;

  preFilter(_state: CycleState, pod: PodInfo): { status: Status } {
    return pod.hostPorts.length === 0 ? SKIP_RESULT : SUCCESS_RESULT;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (node.usedPorts.size === 0 || fitsPorts(pod.hostPorts, node.usedPorts)) return SUCCESS;
    return newStatus('Unschedulable', ErrReasonNodePorts);
  }

  filterNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    from: number,
    count: number,
    out: Status[],
  ): number {
    let rejected = 0;
    for (let i = 0; i < count; i++)
      if ((out[i] = this.filter(state, pod, nodes[from + i])) !== SUCCESS) rejected++;
    return rejected;
  }
}
