// Failure injection as data: every fault the diagram's menu, the URL state and the embedding
// API can ask for, applied through the engine's own mechanisms (process kills, the network,
// kubectl, the container runtime) so the cluster's real recovery logic does the rest.
import type { Cluster } from './cluster';
import { applyContainerFault, containerFaultChoices } from './faults-containers';
import type { ContainerFault } from './faults-containers';
import { joinWorker } from './faults-join';
import { applyLinkFault, describeLinkFault, linkFaultChoices } from './faults-links';
import type { LinkFault } from './faults-links';

export type { LinkFault } from './faults-links';

/** A node-level fault: the machine, its network link, or what kubectl does to its Node. */
export interface NodeFault {
  op:
    | 'power-off'
    | 'power-on'
    | 'partition'
    | 'heal'
    | 'cordon'
    | 'uncordon'
    | 'drain'
    | 'remove-node';
  node: string;
}

/** A component process killed or started again, e.g. 'kube-scheduler@control-plane-1'. */
export interface ComponentFault {
  op: 'kill' | 'restart';
  component: string;
}

/** A worker joining the cluster after boot (kubeadm join). */
export interface AddWorkerFault {
  op: 'add-worker';
  cpu?: string;
  memory?: string;
}

/** Everything that can be made to go wrong (or be put right), as serialisable data. */
export type Fault = NodeFault | ComponentFault | ContainerFault | AddWorkerFault | LinkFault;

/** One entry of a target's failure menu. */
export interface FaultChoice {
  label: string;
  fault: Fault;
  /** why it is disabled, if it is */
  disabled?: string;
}

/** What applying a fault printed, when it ran a kubectl command (cordon, drain, delete). */
export type FaultResult = { stdout: string; stderr: string; exitCode: number } | undefined;

/**
 * Applies a fault to the cluster; throws an Error with a clear message for an unknown target.
 * Returns kubectl's output for the faults that are kubectl commands.
 *
 *   applyFault(c, { op: 'power-off', node: 'worker-2' });
 *   applyFault(c, { op: 'crash', pod: 'default/web-5d8f7-abcde', exitCode: 2 });
 *   applyFault(c, { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] });
 */
export function applyFault(cluster: Cluster, fault: Fault): FaultResult {
  switch (fault.op) {
    case 'power-off':
      cluster.fail(`node/${requireNode(cluster, fault.node)}`);
      return undefined;
    case 'power-on':
      cluster.recover(`node/${requireNode(cluster, fault.node)}`);
      return undefined;
    case 'partition':
      cluster.partition(requireNode(cluster, fault.node));
      return undefined;
    case 'heal':
      cluster.heal(requireNode(cluster, fault.node));
      return undefined;
    case 'cordon':
    case 'uncordon':
      return cluster.kubectl(`${fault.op} ${requireNode(cluster, fault.node)}`);
    case 'drain':
      // kubectl drain's usual flags: DaemonSet pods stay, emptyDir data may go; PDBs hold
      return cluster.kubectl(
        `drain ${requireNode(cluster, fault.node)} --ignore-daemonsets --delete-emptydir-data`,
      );
    case 'remove-node':
      return removeNode(cluster, requireNode(cluster, fault.node));
    case 'kill':
      cluster.fail(requireComponent(cluster, fault.component));
      return undefined;
    case 'restart':
      cluster.recover(requireComponent(cluster, fault.component));
      return undefined;
    case 'add-worker':
      joinWorker(cluster, { cpu: fault.cpu, memory: fault.memory });
      cluster.advance(0);
      return undefined;
    case 'cut-link':
    case 'restore-link':
      applyLinkFault(cluster, fault);
      return undefined;
    default:
      return applyContainerFault(cluster, fault);
  }
}

/**
 * What can go wrong with a diagram target: 'node/<name>', a component id such as
 * 'etcd@control-plane-1', 'pod/<namespace>/<name>', a path 'link/<source>--<target>', or
 * 'cluster'. Unknown targets get none.
 */
export function faultsFor(cluster: Cluster, target: string): FaultChoice[] {
  if (target === 'cluster') return clusterChoices(cluster);
  if (target.startsWith('link/')) return linkFaultChoices(cluster, target.slice('link/'.length));
  if (target.startsWith('node/')) {
    const node = target.slice('node/'.length);
    return nodeExists(cluster, node) ? nodeChoices(cluster, node) : [];
  }
  if (target.startsWith('pod/')) return containerFaultChoices(cluster, target.slice('pod/'.length));
  const process = cluster.components().find((p) => p.id === target);
  if (!process) return [];
  const up = process.isUp();
  return [
    choice({ op: 'kill', component: target }, up ? undefined : `${target} is not running`),
    choice({ op: 'restart', component: target }, up ? `${target} is running` : undefined),
  ];
}

/** A fault in words, for menus, logs and URLs: "Power off worker-2". */
export function describeFault(fault: Fault): string {
  switch (fault.op) {
    case 'power-off':
      return `Power off ${fault.node}`;
    case 'power-on':
      return `Power on ${fault.node}`;
    case 'partition':
      return `Partition ${fault.node} from the network`;
    case 'heal':
      return `Heal ${fault.node}'s network partition`;
    case 'cordon':
      return `Cordon ${fault.node}`;
    case 'uncordon':
      return `Uncordon ${fault.node}`;
    case 'drain':
      return `Drain ${fault.node}`;
    case 'remove-node':
      return `Remove ${fault.node} (kubectl delete node)`;
    case 'kill':
      return `Kill ${fault.component}`;
    case 'restart':
      return `Restart ${fault.component}`;
    case 'add-worker':
      return fault.cpu || fault.memory
        ? `Add a worker (${[fault.cpu && `${fault.cpu} CPU`, fault.memory && `${fault.memory} memory`].filter(Boolean).join(', ')})`
        : 'Add a worker';
    case 'delete-pod':
      return `Delete pod ${fault.pod}`;
    case 'crash':
      return `Crash ${containerWords(fault)} (exit code ${fault.exitCode ?? 1})`;
    case 'oom':
      return `Exceed the memory limit of ${containerWords(fault)} (OOMKilled)`;
    case 'fail-liveness':
      return `Make the liveness probe of ${containerWords(fault)} fail`;
    case 'fail-readiness':
      return `Make the readiness probe of ${containerWords(fault)} fail`;
    case 'heal-probes':
      return `Make the probes of ${containerWords(fault)} pass again`;
    case 'cut-link':
    case 'restore-link':
      return describeLinkFault(fault);
  }
}

function containerWords(fault: ContainerFault): string {
  return fault.container ? `container ${fault.container} of ${fault.pod}` : fault.pod;
}

function choice(fault: Fault, disabled?: string): FaultChoice {
  return { label: describeFault(fault), fault, ...(disabled ? { disabled } : {}) };
}

function nodeChoices(cluster: Cluster, node: string): FaultChoice[] {
  const on = cluster.sim.net.isHostUp(node);
  const cut = cluster.sim.net.isPartitioned(node);
  const stored = cluster.get('nodes', node);
  const unschedulable = (stored?.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
  const missing = stored ? undefined : `there is no Node object named ${node}`;
  const controlPlane = cluster.nodes.find((n) => n.name === node)?.controlPlane;
  return [
    choice({ op: 'power-off', node }, on ? undefined : `${node} is powered off`),
    choice({ op: 'power-on', node }, on ? `${node} is powered on` : undefined),
    choice({ op: 'partition', node }, cut ? `${node} is already partitioned` : undefined),
    choice({ op: 'heal', node }, cut ? undefined : `${node} is not partitioned`),
    choice({ op: 'cordon', node }, missing ?? (unschedulable ? `${node} is cordoned` : undefined)),
    choice(
      { op: 'uncordon', node },
      missing ?? (unschedulable ? undefined : `${node} is not cordoned`),
    ),
    choice({ op: 'drain', node }, missing),
    choice(
      { op: 'remove-node', node },
      missing ?? (controlPlane ? `${node} runs the control plane` : undefined),
    ),
  ];
}

function clusterChoices(cluster: Cluster): FaultChoice[] {
  const workers = cluster.nodes.filter((n) => !n.controlPlane);
  return [
    choice({ op: 'add-worker' }),
    ...workers.map((n) =>
      choice(
        { op: 'remove-node', node: n.name },
        cluster.get('nodes', n.name) ? undefined : `there is no Node object named ${n.name}`,
      ),
    ),
  ];
}

// Removing a node: kubectl delete node, then the machine is shut down (kubeadm reset), so
// no kubelet is left running pods the control plane no longer knows about.
function removeNode(cluster: Cluster, node: string): FaultResult {
  const result = cluster.kubectl(`delete node ${node} --wait=false`);
  if (result.exitCode === 0 && cluster.sim.net.isHostUp(node)) cluster.fail(`node/${node}`);
  return result;
}

function nodeExists(cluster: Cluster, node: string): boolean {
  return cluster.nodes.some((n) => n.name === node);
}

function requireNode(cluster: Cluster, node: string): string {
  if (!nodeExists(cluster, node)) throw new Error(`no node named ${node}`);
  return node;
}

function requireComponent(cluster: Cluster, id: string): string {
  if (id.startsWith('node/') || id.startsWith('pod/')) {
    throw new Error(`${id} is not a component; use a node or pod fault`);
  }
  if (!cluster.components().some((p) => p.id === id)) throw new Error(`no component ${id}`);
  return id;
}
