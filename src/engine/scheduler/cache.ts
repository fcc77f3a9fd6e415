import type { KubeObject } from '../api/types';
import { NodeInfo } from './framework/node-info';
import type { PodInfo } from './framework/pod-info';
import { podInfo } from './framework/pod-info';
import type { NodeStatus } from './framework/types';
import { normalizedImageName } from './plugins/image-locality';

interface CachedPod {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
}

/**
 * The scheduler cache (backend/cache): nodes and the pods on them, from informers, plus pods
 * the scheduler has assumed onto a node before their binding is confirmed by a watch event.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private list: NodeInfo[] = [];
  private readonly pods = new Map<string, CachedPod>();
  /** pods seen for nodes the cache does not know yet */
  private readonly orphans = new Map<string, NodeInfo>();
  private hadImages = false;

  /** Nodes in list order (node tree order: as they were added). */
  nodeInfos(): readonly NodeInfo[] {
    return this.list;
  }

  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  addNode(node: KubeObject): void {
    const name = node.metadata.name!;
    const existing = this.nodes.get(name);
    if (existing) return this.updateNode(node);
    const info = this.orphans.get(name) ?? new NodeInfo();
    this.orphans.delete(name);
    info.setNode(node);
    this.nodes.set(name, info);
    this.list = [...this.list, info];
    this.refreshImages();
  }

  updateNode(node: KubeObject): void {
    const info = this.nodes.get(node.metadata.name!);
    if (!info) return this.addNode(node);
    info.setNode(node);
    this.refreshImages();
  }

  removeNode(node: KubeObject): void {
    const name = node.metadata.name!;
    const info = this.nodes.get(name);
    if (!info) return;
    this.nodes.delete(name);
    this.list = this.list.filter((n) => n !== info);
    if (info.pods.length > 0) this.orphans.set(name, info);
    this.refreshImages();
  }

  /** An assigned pod from the informer (confirms an assumed one). */
  addPod(pod: KubeObject): void {
    const info = podInfo(pod);
    const nodeName = (pod.spec as { nodeName?: string }).nodeName ?? '';
    const cur = this.pods.get(info.key);
    if (cur) this.removeFromNode(cur);
    const entry = { info, nodeName, assumed: false };
    this.pods.set(info.key, entry);
    this.nodeFor(nodeName).addPod(info);
  }

  updatePod(pod: KubeObject): void {
    this.addPod(pod);
  }

  removePod(pod: KubeObject): void {
    const key = podInfo(pod).key;
    const cur = this.pods.get(key);
    if (!cur) return;
    this.removeFromNode(cur);
    this.pods.delete(key);
  }

  /** AssumePod: count the pod on the node now, before the binding lands. */
  assumePod(info: PodInfo, nodeName: string): void {
    const cur = this.pods.get(info.key);
    if (cur) this.removeFromNode(cur);
    this.pods.set(info.key, { info, nodeName, assumed: true });
    this.nodeFor(nodeName).addPod(info);
  }

  /** ForgetPod: the binding failed; take the assumed pod back off its node. */
  forgetPod(info: PodInfo): void {
    const cur = this.pods.get(info.key);
    if (!cur || !cur.assumed) return;
    this.removeFromNode(cur);
    this.pods.delete(info.key);
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed ?? false;
  }

  /** Whether the pod (by key) is on some node of the cache, assumed or assigned. */
  hasPod(key: string): boolean {
    return this.pods.has(key);
  }

  private nodeFor(name: string): NodeInfo {
    const info = this.nodes.get(name);
    if (info) return info;
    let orphan = this.orphans.get(name);
    if (!orphan) {
      orphan = new NodeInfo();
      orphan.name = name;
      this.orphans.set(name, orphan);
    }
    return orphan;
  }

  private removeFromNode(p: CachedPod): void {
    const info = this.nodes.get(p.nodeName) ?? this.orphans.get(p.nodeName);
    info?.removePod(p.info.key);
  }

  // ImageStateSummary: an image's size and how many nodes have it.
  private refreshImages(): void {
    // Nodes that report no images (the common case here) need no summary.
    if (!this.list.some((n) => ((n.node.status ?? {}) as NodeStatus).images?.length)) {
      if (this.hadImages) for (const n of this.list) n.images = new Map();
      this.hadImages = false;
      return;
    }
    this.hadImages = true;
    const counts = new Map<string, { size: number; numNodes: number }>();
    for (const n of this.list) {
      for (const img of ((n.node.status ?? {}) as NodeStatus).images ?? []) {
        for (const name of img.names ?? []) {
          const key = normalizedImageName(name);
          const c = counts.get(key) ?? { size: img.sizeBytes ?? 0, numNodes: 0 };
          c.numNodes++;
          counts.set(key, c);
        }
      }
    }
    for (const n of this.list) {
      const images = new Map<string, { size: number; numNodes: number }>();
      for (const img of ((n.node.status ?? {}) as NodeStatus).images ?? []) {
        for (const name of img.names ?? []) {
          const key = normalizedImageName(name);
          images.set(key, counts.get(key)!);
        }
      }
      n.images = images;
    }
  }
}
