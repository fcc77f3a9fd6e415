import type { KubeObject } from '../api/types';
import { NodeInfo } from './framework/node-info';
import type { PodInfo } from './framework/pod-info';
import { podInfo } from './framework/pod-info';
import type { NodeStatus } from './framework/types';
import type { ImageState, NodeListItem } from './framework/node-info';
import type { NodeCounts } from './framework/interface';
import { normalizedImageName } from './plugins/image-locality';
import { KeyTable } from './key-table';

interface CachedPod {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
}

const keyOfCached = (p: CachedPod) => p.info.key;

/**
 * The scheduler cache (backend/cache): nodes and the pods on them, from informers, plus pods
 * the scheduler has assumed onto a node before their binding is confirmed by a watch event.
 * Every NodeInfo is kept up to date on each event; the node lists a cycle reads (all nodes,
 * those with affinity pods) are rebuilt only after a change, as upstream's snapshot is.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** node tree order: as they were added */
  private readonly order: NodeInfo[] = [];
  private snapshot?: readonly NodeInfo[];
  private withAffinity?: readonly NodeInfo[];
  private withRequiredAntiAffinity?: readonly NodeInfo[];
  /** the pods on some node (assumed or assigned), by key */
  private readonly pods = new KeyTable<CachedPod>(keyOfCached);
  /** pods seen for nodes the cache does not know yet */
  private readonly orphans = new Map<string, NodeInfo>();
  /** every image on some node: its size and how many nodes have it (imageStates) */
  private readonly imageStates = new Map<string, ImageState>();
  /** how many nodes have taints, are cordoned, have images: kept with every node event */
  readonly counts: NodeCounts = { tainted: 0, unschedulable: 0, withImages: 0 };
  /** the last generation handed to a changed node (cache.go nextGeneration) */
  private generation = 0;
  /** the node changed last (cache.go headNode); each listed node holds its own item */
  private head?: NodeListItem;

  /**
   * Nodes in list order (node tree order: as they were added). The array is not changed
   * afterwards: a node event makes the next call return a new one.
   */
  nodeInfos(): readonly NodeInfo[] {
    return (this.snapshot ??= Object.freeze(this.order.slice()));
  }

  /** HavePodsWithAffinityList: nodes with a pod that has some pod (anti-)affinity term. */
  havePodsWithAffinity(): readonly NodeInfo[] {
    return (this.withAffinity ??= Object.freeze(this.order.filter((n) => n.podsWithAffinity > 0)));
  }

  /** HavePodsWithRequiredAntiAffinityList: nodes with a pod that has required anti-affinity. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    return (this.withRequiredAntiAffinity ??= Object.freeze(
      this.order.filter((n) => n.podsWithRequiredAntiAffinity > 0),
    ));
  }

  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  /**
   * The nodes whose pods, labels or status changed after `generation`, most recently changed
   * first, as UpdateSnapshot walks the list from its head (nodes added or removed since then
   * show as a new nodeInfos() list instead).
   */
  nodesChangedSince(generation: number): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (let item = this.head; item && item.info.generation > generation; item = item.older)
      out.push(item.info);
    return out;
  }

  /** A node changed: it gets the next generation and moves to the head of the list. */
  private touch(info: NodeInfo): void {
    info.generation = ++this.generation;
    let item = info.listItem;
    if (item === this.head && item) return;
    if (item) this.unlink(item);
    else info.listItem = item = { info };
    item.older = this.head;
    if (this.head) this.head.newer = item;
    this.head = item;
  }

  private unlink(item: NodeListItem): void {
    if (item.newer) item.newer.older = item.older;
    else this.head = item.older;
    if (item.older) item.older.newer = item.newer;
    item.newer = item.older = undefined;
  }

  addNode(node: KubeObject): void {
    const name = node.metadata.name!;
    const existing = this.nodes.get(name);
    if (existing) return this.updateNode(node);
    const info = this.orphans.get(name) ?? new NodeInfo();
    this.orphans.delete(name);
    info.setNode(node);
    this.nodes.set(name, info);
    this.order.push(info);
    this.addNodeImageStates(info);
    this.count(info, 1);
    this.touch(info);
    this.nodesChanged();
  }

  updateNode(node: KubeObject): void {
    const info = this.nodes.get(node.metadata.name!);
    if (!info) return this.addNode(node);
    this.count(info, -1);
    this.removeNodeImageStates(info);
    info.setNode(node);
    this.addNodeImageStates(info);
    this.count(info, 1);
    this.touch(info);
  }

  removeNode(node: KubeObject): void {
    const name = node.metadata.name!;
    const info = this.nodes.get(name);
    if (!info) return;
    this.nodes.delete(name);
    this.order.splice(this.order.indexOf(info), 1);
    const item = info.listItem;
    if (item) {
      this.unlink(item);
      info.listItem = undefined;
    }
    this.count(info, -1);
    this.removeNodeImageStates(info);
    info.images = new Map();
    if (info.numPods > 0) this.orphans.set(name, info);
    this.nodesChanged();
  }

  /** An assigned pod from the informer (confirms an assumed one). */
  addPod(pod: KubeObject): void {
    const info = podInfo(pod);
    const nodeName = (pod.spec as { nodeName?: string }).nodeName ?? '';
    const cur = this.pods.set({ info, nodeName, assumed: false }, info.keyHash);
    if (cur) this.removeFromNode(cur);
    this.addToNode(nodeName, info);
  }

  updatePod(pod: KubeObject): void {
    this.addPod(pod);
  }

  removePod(pod: KubeObject): void {
    const info = podInfo(pod);
    const cur = this.pods.delete(info.key, info.keyHash);
    if (cur) this.removeFromNode(cur);
  }

  /** AssumePod: count the pod on the node now, before the binding lands. */
  assumePod(info: PodInfo, nodeName: string): void {
    const cur = this.pods.set({ info, nodeName, assumed: true }, info.keyHash);
    if (cur) this.removeFromNode(cur);
    this.addToNode(nodeName, info);
  }

  /** ForgetPod: the binding failed; take the assumed pod back off its node. */
  forgetPod(info: PodInfo): void {
    const cur = this.pods.get(info.key, info.keyHash);
    if (!cur || !cur.assumed) return;
    this.removeFromNode(cur);
    this.pods.delete(info.key, info.keyHash);
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed ?? false;
  }

  /** Whether the pod (by key) is on some node of the cache, assumed or assigned. */
  hasPod(key: string): boolean {
    return this.pods.has(key);
  }

  private count(info: NodeInfo, sign: 1 | -1): void {
    if (info.taints.length > 0) this.counts.tainted += sign;
    if (info.unschedulable) this.counts.unschedulable += sign;
    if (info.images.size > 0) this.counts.withImages += sign;
  }

  private nodesChanged(): void {
    this.snapshot = undefined;
    this.affinityChanged();
  }

  private affinityChanged(): void {
    this.withAffinity = undefined;
    this.withRequiredAntiAffinity = undefined;
  }

  private addToNode(name: string, p: PodInfo): void {
    let info = this.nodes.get(name);
    if (!info) {
      info = this.orphans.get(name);
      if (!info) {
        info = new NodeInfo();
        info.name = name;
        this.orphans.set(name, info);
      }
    }
    info.addPod(p);
    if (info.listItem) this.touch(info);
    if (p.hasAffinity) this.affinityChanged();
  }

  private removeFromNode(p: CachedPod): void {
    const info = this.nodes.get(p.nodeName) ?? this.orphans.get(p.nodeName);
    info?.removePod(p.info.key);
    if (info?.listItem) this.touch(info);
    if (p.info.hasAffinity) this.affinityChanged();
  }

  // cache.addNodeImageStates: count the node in each of its images' states; the NodeInfo
  // shares the state objects, so every node sees how many nodes have an image.
  private addNodeImageStates(info: NodeInfo): void {
    const images = ((info.node.status ?? {}) as NodeStatus).images;
    if (!images?.length) {
      if (info.images.size > 0) info.images = new Map();
      return;
    }
    const mine = new Map<string, ImageState>();
    for (const img of images) {
      for (const name of img.names ?? []) {
        const key = normalizedImageName(name);
        if (mine.has(key)) continue;
        let state = this.imageStates.get(key);
        if (!state) {
          state = { size: img.sizeBytes ?? 0, numNodes: 0 };
          this.imageStates.set(key, state);
        }
        state.numNodes++;
        mine.set(key, state);
      }
    }
    info.images = mine;
  }

  // cache.removeNodeImageStates: an image no node has any more is forgotten.
  private removeNodeImageStates(info: NodeInfo): void {
    for (const [key, state] of info.images) {
      state.numNodes--;
      if (state.numNodes === 0) this.imageStates.delete(key);
    }
  }
}
