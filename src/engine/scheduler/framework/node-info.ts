import type { KubeObject } from '../../api/types';
import type { PodInfo } from './pod-info';
import { NO_LABELS } from './pod-info';
import type { Resource } from './resource';
import { addResourceList, emptyResource } from './resource';
import type { NodeSpec, NodeStatus, Taint } from './types';

/** An image on a node and on how many nodes it is (framework.ImageStateSummary). */
export interface ImageState {
  size: number;
  numNodes: number;
}

// Shared empty values, so that nodes without taints or images point at one object that stays
// in the processor's cache instead of each at an empty object of its own.
const NO_TAINTS: readonly Taint[] = Object.freeze([]);
const NO_IMAGES: ReadonlyMap<string, ImageState> = new Map();

// Not a small integer: a field first set to it holds doubles from the start.
const AS_DOUBLE = 0.5;

/** The podsByLabel key of a label. */
export function labelKey(key: string, value: string): string {
  return `${key}=${value}`;
}

/** An entry of the cache's list of nodes, most recently changed first (nodeInfoListItem). */
export interface NodeListItem {
  info: NodeInfo;
  newer?: NodeListItem;
  older?: NodeListItem;
}

/**
 * Everything the scheduler knows about one node (framework.NodeInfo): the Node, its pods
 * (assigned and assumed), what they request, their host ports and the node's images.
 */
export class NodeInfo {
  node!: KubeObject;
  name = '';
  labels: Record<string, string> = {};
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  allocatable: Resource = emptyResource();
  /** extended resources the node's pods request, by name (the rest of Requested is below) */
  readonly requestedScalar = new Map<string, number>();
  // Byte amounts pass 2^31 after a few pods, so they start out as doubles (AS_DOUBLE, then 0 in
  // the constructor): a field that turned from small integers to doubles later would change
  // every NodeInfo's shape and discard the compiled code of each plugin. Millicores stay small
  // integers, read without a double's box.
  /** requests with the 100m / 200Mi defaults for containers that set none */
  nonZeroMilliCPU = 0;
  nonZeroMemory = AS_DOUBLE;
  // Copies of what Filter and Score read on every node, held in the NodeInfo itself: reading
  // a node is then one memory access, not one per nested object (allocatable, requested, pods).
  numPods = 0;
  allowedPodNumber = 0;
  allocatableMilliCPU = 0;
  allocatableMemory = AS_DOUBLE;
  allocatableEphemeralStorage = AS_DOUBLE;
  requestedMilliCPU = 0;
  requestedMemory = AS_DOUBLE;
  requestedEphemeralStorage = AS_DOUBLE;
  readonly pods: PodInfo[] = [];
  /** `key=value` of each pod label → the pods carrying it, so selectors count only those */
  readonly podsByLabel = new Map<string, PodInfo[]>();
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** `<ip>/<protocol>/<port>` of every host port in use */
  readonly usedPorts = new Map<string, number>();
  /** image name → its size and how many nodes have it; the cache keeps these */
  images: ReadonlyMap<string, ImageState> = NO_IMAGES;
  /** the cache's generation of this node's last change (framework.NodeInfo.Generation) */
  generation = 0;
  /** the node's entry in the cache's list while the cache lists it (not for copies) */
  listItem?: NodeListItem = undefined;

  constructor(node?: KubeObject) {
    this.nonZeroMemory = this.allocatableMemory = this.allocatableEphemeralStorage = 0;
    this.requestedMemory = this.requestedEphemeralStorage = 0;
    if (node) this.setNode(node);
  }

  setNode(node: KubeObject): void {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.labels = node.metadata.labels ?? {};
    const spec = (node.spec ?? {}) as NodeSpec;
    const status = (node.status ?? {}) as NodeStatus;
    this.taints = spec.taints?.length ? spec.taints : NO_TAINTS;
    this.unschedulable = spec.unschedulable === true;
    const alloc = emptyResource();
    addResourceList(alloc, status.allocatable);
    this.allocatable = alloc;
    this.allowedPodNumber = alloc.allowedPodNumber;
    this.allocatableMilliCPU = alloc.milliCPU;
    this.allocatableMemory = alloc.memory;
    this.allocatableEphemeralStorage = alloc.ephemeralStorage;
  }

  addPod(p: PodInfo): void {
    this.pods.push(p);
    this.numPods = this.pods.length;
    if (p.labels !== NO_LABELS)
      for (const k in p.labels) {
        const label = labelKey(k, p.labels[k]);
        const list = this.podsByLabel.get(label);
        if (list) list.push(p);
        else this.podsByLabel.set(label, [p]);
      }
    this.account(p, 1);
  }

  /** Removes the pod with this key; false if it was not here. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((x) => x.key === key);
    if (i < 0) return false;
    const [p] = this.pods.splice(i, 1);
    this.numPods = this.pods.length;
    for (const k in p.labels) {
      const label = labelKey(k, p.labels[k]);
      const list = this.podsByLabel.get(label);
      if (!list) continue;
      list.splice(list.indexOf(p), 1);
      if (list.length === 0) this.podsByLabel.delete(label);
    }
    this.account(p, -1);
    return true;
  }

  /** A copy whose pods can be changed without touching this one (preemption's dry run). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    c.images = this.images;
    for (const p of this.pods) c.addPod(p);
    return c;
  }

  // Reads the pod's own flat fields: its requests object and their Map are rarely in the
  // processor's cache when a pod is assumed, and loading them cost more than the sums. A pod
  // leaving is subtracted (not added × −1, whose −0 is a double that would reshape the node).
  private account(p: PodInfo, sign: 1 | -1): void {
    if (sign > 0) {
      this.requestedMilliCPU += p.requestedMilliCPU;
      this.requestedMemory += p.requestedMemory;
      this.requestedEphemeralStorage += p.requestedEphemeralStorage;
      this.nonZeroMilliCPU += p.nonZeroMilliCPU;
      this.nonZeroMemory += p.nonZeroMemory;
    } else {
      this.requestedMilliCPU -= p.requestedMilliCPU;
      this.requestedMemory -= p.requestedMemory;
      this.requestedEphemeralStorage -= p.requestedEphemeralStorage;
      this.nonZeroMilliCPU -= p.nonZeroMilliCPU;
      this.nonZeroMemory -= p.nonZeroMemory;
    }
    if (p.hasScalarRequests)
      for (const [k, v] of p.requests.scalar)
        this.requestedScalar.set(k, (this.requestedScalar.get(k) ?? 0) + sign * v);
    if (p.hasAffinity) this.podsWithAffinity += sign;
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity += sign;
    if (p.hostPorts.length === 0) return;
    for (const hp of p.hostPorts) {
      const k = `${hp.ip}/${hp.protocol}/${hp.port}`;
      const n = (this.usedPorts.get(k) ?? 0) + sign;
      if (n <= 0) this.usedPorts.delete(k);
      else this.usedPorts.set(k, n);
    }
  }
}
