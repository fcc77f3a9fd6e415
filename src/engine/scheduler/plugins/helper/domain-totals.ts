import type { NodeInfo } from '../../framework/node-info';

/** What a node adds to its domain's total: its topology value and its count. */
interface NodeEntry {
  value: string;
  count: number;
}

/**
 * A per-node count (e.g. the pods a selector matches) summed per topology value over every
 * node of the cache, as PodTopologySpread's PreScore sums TopologyValueToPodCounts. The sums
 * are kept between cycles and brought up to date from the nodes changed since the last read,
 * so a cycle counts the pods of the few nodes that changed, not of every node; the sums are
 * the same integers a full recount gives.
 */
export class DomainTotals {
  private nodes?: readonly NodeInfo[];
  /** the highest node generation already counted */
  private generation = 0;
  private readonly byNode = new Map<NodeInfo, NodeEntry>();
  private readonly totals = new Map<string, number>();

  constructor(
    /** the node's topology value, undefined for a node that is no domain */
    private readonly valueOf: (node: NodeInfo) => string | undefined,
    private readonly countOf: (node: NodeInfo) => number,
  ) {}

  /**
   * The totals over `nodes` as they are now: recounted in full when the node list is not the
   * one of the last read (a node added or removed), else updated from `changedSince`.
   */
  sync(
    nodes: readonly NodeInfo[],
    changedSince: (generation: number) => readonly NodeInfo[],
  ): ReadonlyMap<string, number> {
    if (nodes !== this.nodes) {
      this.nodes = nodes;
      this.byNode.clear();
      this.totals.clear();
      this.generation = 0;
      for (const node of nodes) this.add(node);
      return this.totals;
    }
    const changed = changedSince(this.generation);
    for (const node of changed) {
      const old = this.byNode.get(node);
      if (old) {
        this.totals.set(old.value, this.totals.get(old.value)! - old.count);
        this.byNode.delete(node);
      }
      this.add(node);
    }
    return this.totals;
  }

  private add(node: NodeInfo): void {
    if (node.generation > this.generation) this.generation = node.generation;
    const value = this.valueOf(node);
    if (value === undefined) return;
    const count = this.countOf(node);
    // only nodes that add something are remembered: a selector's pods are on few nodes
    if (count === 0) return;
    this.byNode.set(node, { value, count });
    this.totals.set(value, (this.totals.get(value) ?? 0) + count);
  }
}
