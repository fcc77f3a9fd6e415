import type {
  CycleState,
  FilterPlugin,
  Handle,
  NodeScore,
  PreScorePlugin,
  ScorePlugin,
} from '../framework/interface';
import { MAX_NODE_SCORE } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SUCCESS, newStatus } from '../framework/status';
import type { Taint, Toleration } from '../framework/types';
import {
  defaultNormalizeScore,
  defaultNormalizeScoreRow,
  defaultNormalizeUniform,
} from './helper/normalize-score';
import { findMatchingUntoleratedTaint, tolerationsTolerateTaint } from './helper/taints';
import * as names from './names';

const STATE_KEY = 'PreScore' + names.TaintToleration;
const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

/**
 * The Filter core: the first NoSchedule/NoExecute taint the pod does not tolerate, as
 * tainttoleration/taint_toleration.go words it in v1.32 (`{key: value}`).
 */
export function untoleratedTaintStatus(
  taints: readonly Taint[],
  tolerations?: Toleration[],
): Status {
  const taint = findMatchingUntoleratedTaint(
    taints,
    tolerations,
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (!taint) return SUCCESS;
  return newStatus(
    'UnschedulableAndUnresolvable',
    `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
  );
}

/** The Score core: how many PreferNoSchedule taints the tolerations leave untolerated. */
export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

/**
 * TaintToleration: Filter rejects nodes with untolerated NoSchedule/NoExecute taints; Score
 * prefers nodes with fewer untolerated PreferNoSchedule taints (normalized in reverse).
 */
export class TaintTolerationPlugin implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.TaintToleration;

  constructor(private readonly handle?: Pick<Handle, 'nodeCounts'>) {}

  /** No node of the cluster has a taint: every node passes Filter and scores 0. */
  private noTaints(): boolean {
    return this.handle?.nodeCounts?.().tainted === 0;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (node.taints.length === 0) return SUCCESS;
    return untoleratedTaintStatus(node.taints, pod.spec.tolerations);
  }

  filterNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    from: number,
    count: number,
    out: Status[],
  ): number {
    // only a tainted node can reject the pod: with none in the cluster or the batch, no work
    if (this.noTaints()) return 0;
    let i = 0;
    while (i < count && nodes[from + i].taints.length === 0) i++;
    if (i === count) return 0;
    let rejected = 0;
    for (i = 0; i < count; i++)
      if ((out[i] = this.filter(state, pod, nodes[from + i])) !== SUCCESS) rejected++;
    return rejected;
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    // getAllTolerationPreferNoSchedule: tolerations with effect PreferNoSchedule or none
    const tolerations = pod.spec.tolerations;
    const prefer = tolerations?.length
      ? tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule')
      : NO_TOLERATIONS;
    state.write(STATE_KEY, prefer);
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    if (node.taints.length === 0) return 0;
    return countIntolerableTaintsPreferNoSchedule(
      node.taints,
      state.read<Toleration[]>(STATE_KEY) ?? [],
    );
  }

  scoreNodes(
    state: CycleState,
    _pod: PodInfo,
    nodes: readonly NodeInfo[],
    count: number,
    out: Float64Array,
    offset: number,
  ): boolean {
    if (this.noTaints()) {
      out[offset] = 0;
      return true;
    }
    const tolerations = state.read<Toleration[]>(STATE_KEY) ?? [];
    let same = true;
    for (let i = 0; i < count; i++) {
      const taints = nodes[i].taints;
      const score =
        taints.length === 0 ? 0 : countIntolerableTaintsPreferNoSchedule(taints, tolerations);
      out[offset + i] = score;
      if (score !== out[offset]) same = false;
    }
    return same;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return SUCCESS;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: Float64Array, count: number): Status {
    defaultNormalizeScoreRow(MAX_NODE_SCORE, true, scores, count);
    return SUCCESS;
  }

  normalizeUniform(_state: CycleState, _pod: PodInfo, score: number): number {
    return defaultNormalizeUniform(MAX_NODE_SCORE, true, score);
  }
}
