import type { AttemptRecord } from './decisions';
import { fitErrorMessage } from './framework/fit-error';
import type { CycleState } from './framework/interface';
import type { NodeInfo } from './framework/node-info';
import type { PodInfo } from './framework/pod-info';
import type { Framework } from './framework/runtime';
import type { Status } from './framework/status';
import { Status as StatusClass, newStatus } from './framework/status';

// schedule_one.go: look for at least 100 feasible nodes, and at least 5 % of the cluster.
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind: every node below 100 nodes; else `percentage` of them (adaptive
 * 50 − nodes/125, at least 5, when unset), but never fewer than 100.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/**
 * selectHost: the highest total wins; among equal totals each is kept with probability
 * 1/count as the scan goes (reservoir sampling), with the engine's seeded `random`.
 */
export function selectHost(
  names: readonly string[],
  totals: ArrayLike<number>,
  random: () => number,
): string {
  return names[selectHostIndex(totals, names.length, random)];
}

/** selectHost over the first `count` totals: the index of the chosen node. */
export function selectHostIndex(
  totals: ArrayLike<number>,
  count: number,
  random: () => number,
): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < count; i++) {
    if (totals[i] > totals[best]) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = i;
    }
  }
  return best;
}

/**
 * Why a cycle found no node: every rejected node's status, and PreFilter's message. Its map
 * and set are made when first asked for: most cycles reject no node.
 */
export class Diagnosis {
  preFilterMsg = '';
  private statuses?: Map<string, Status>;
  private plugins?: Set<string>;

  get nodeToStatus(): Map<string, Status> {
    return (this.statuses ??= new Map());
  }

  get unschedulablePlugins(): Set<string> {
    return (this.plugins ??= new Set());
  }
}

export type ScheduleResult =
  | { kind: 'scheduled'; node: string }
  | { kind: 'fitError'; diagnosis: Diagnosis; numAllNodes: number }
  | { kind: 'error'; status: Status };

/**
 * The scheduling algorithm of one cycle (schedulePod): PreFilter, Filter from a round-robin
 * start until enough feasible nodes are found, then PreScore/Score/NormalizeScore and
 * selectHost. Everything it decides is written into `rec`.
 */
export class SchedulingAlgorithm {
  /** nextStartNodeIndex: where the next cycle's Filter loop starts */
  nextStartNodeIndex = 0;
  private readonly feasible: NodeInfo[] = [];
  private allNodesOf: readonly NodeInfo[] = [];
  private allNodesCopy: readonly NodeInfo[] = [];

  constructor(
    private readonly percentageOfNodesToScore: number,
    private readonly random: () => number,
  ) {}

  schedulePod(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    rec: AttemptRecord,
  ): ScheduleResult {
    rec.numAllNodes = nodes.length;
    if (nodes.length === 0)
      return { kind: 'error', status: newStatus('Error', 'no nodes available to schedule pods') };
    const diagnosis = new Diagnosis();
    const feasible = this.findNodesThatFitPod(fwk, state, pod, nodes, diagnosis, rec);
    if (feasible instanceof StatusClass) return { kind: 'error', status: feasible };
    rec.filtered = true;
    if (feasible.length === 0) return { kind: 'fitError', diagnosis, numAllNodes: nodes.length };
    // When only one node passes the filters, it is used without scoring.
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0].name };
    const scored = fwk.runScorePlugins(state, pod, feasible);
    if (scored instanceof StatusClass) return { kind: 'error', status: scored };
    rec.scoreTable = scored;
    const best = selectHostIndex(fwk.scoreTotals, feasible.length, this.random);
    return { kind: 'scheduled', node: feasible[best].name };
  }

  private findNodesThatFitPod(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    all: readonly NodeInfo[],
    diagnosis: Diagnosis,
    rec: AttemptRecord,
  ): readonly NodeInfo[] | Status {
    const pre = fwk.runPreFilterPlugins(state, pod, all);
    rec.preFilter = pre.statuses;
    if (!pre.status.isSuccess()) {
      if (pre.status.code === 'Error') return pre.status;
      // A PreFilter rejection applies to every node.
      diagnosis.preFilterMsg = pre.status.message();
      diagnosis.unschedulablePlugins.add(pre.status.plugin);
      for (const n of all) diagnosis.nodeToStatus.set(n.name, pre.status);
      return [];
    }
    let nodes = all;
    if (pre.nodeNames) {
      const absent = newStatus(
        'UnschedulableAndUnresolvable',
        `node(s) didn't satisfy plugin(s) [${pre.narrowedBy.join(' ')}]`,
      );
      nodes = all.filter((n) => pre.nodeNames!.has(n.name));
      for (const n of all)
        if (!pre.nodeNames.has(n.name)) diagnosis.nodeToStatus.set(n.name, absent);
    }
    // A nominated node (from an earlier preemption) is tried first (evaluateNominatedNode).
    const nominated = pod.status.nominatedNodeName;
    if (nominated) {
      const node = nodes.find((n) => n.name === nominated);
      if (node) {
        const s = fwk.runFilterPlugins(state, pod, node);
        rec.nominated = { node: node.name, status: s };
        if (s.isSuccess()) return [node];
      }
    }
    return this.findNodesThatPassFilters(fwk, state, pod, nodes, diagnosis, rec);
  }

  /**
   * The node list as a plain array of its own: the cache's list is frozen, and plugins index
   * frozen arrays more slowly than plain ones in their per-node loops.
   */
  private allNodes(nodes: readonly NodeInfo[]): readonly NodeInfo[] {
    if (nodes !== this.allNodesOf) {
      this.allNodesOf = nodes;
      this.allNodesCopy = nodes.slice();
    }
    return this.allNodesCopy;
  }

  /**
   * findNodesThatPassFilters: from the round-robin start, filter nodes until enough are
   * feasible. Nodes go to the framework in batches no larger than the feasible nodes still
   * sought, so no node past the one that completes the set is ever filtered.
   */
  private findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    diagnosis: Diagnosis,
    rec: AttemptRecord,
  ): readonly NodeInfo[] | Status {
    const numAll = nodes.length;
    const toFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, numAll);
    rec.numNodesToFind = toFind;
    const start = numAll === 0 ? 0 : this.nextStartNodeIndex % numAll;
    rec.startIndex = start;
    rec.filterList = nodes;
    // The cycle's scratch list (attempts work theirs out when asked), written by index and cut
    // to length at the end: emptying it first would give up its storage every cycle.
    const feasible = this.feasible;
    // the rejected nodes' visit positions and statuses, once there is a first one
    let rejectedAt: number[] | undefined;
    let rejected: Status[] | undefined;
    let found = 0;
    let processed = 0;
    while (found < toFind && processed < numAll) {
      const count = Math.min(toFind - found, numAll - processed);
      const first = (start + processed) % numAll;
      const statuses = fwk.runFilterPluginsOnNodes(state, pod, nodes, first, count);
      if (fwk.filterPassed === count) {
        // Every node passed, in list order (as in every cycle of a cluster of up to 100 nodes):
        // the feasible list is the node list, kept as a copy of its own per node list.
        if (count === numAll && first === 0) {
          rec.filterCount = numAll;
          this.nextStartNodeIndex = 0;
          return this.allNodes(nodes);
        }
        // no rejection: the batch is feasible as it stands
        const passed = fwk.passedList;
        const from = fwk.passedFrom;
        for (let i = 0; i < count; i++) feasible[found++] = passed[from + i];
        processed += count;
        continue;
      }
      for (let i = 0; i < count; i++) {
        const s = statuses[i];
        if (s.code === 'Success') {
          feasible[found++] = nodes[(first + i) % numAll];
          continue;
        }
        if (!rejectedAt || !rejected) {
          rec.rejectedAt = rejectedAt = [];
          rec.rejected = rejected = [];
        }
        rejectedAt.push(processed + i);
        rejected.push(s);
        if (s.code === 'Error') {
          rec.filterCount = processed + i + 1;
          return s;
        }
        diagnosis.nodeToStatus.set(nodes[(first + i) % numAll].name, s);
        diagnosis.unschedulablePlugins.add(s.plugin);
      }
      processed += count;
    }
    rec.filterCount = processed;
    feasible.length = found;
    if (numAll > 0) this.nextStartNodeIndex = (start + processed) % numAll;
    return feasible;
  }
}

/** The FailedScheduling message of a fit error, with the PostFilter (preemption) message. */
export function fitError(numAllNodes: number, d: Diagnosis, postFilterMsg: string): string {
  return fitErrorMessage(numAllNodes, d.nodeToStatus.values(), d.preFilterMsg, postFilterMsg);
}
