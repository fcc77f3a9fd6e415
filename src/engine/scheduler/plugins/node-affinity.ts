import type {
  CycleState,
  FilterPlugin,
  NodeScore,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  ScorePlugin,
} from '../framework/interface';
import { MAX_NODE_SCORE } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SKIP, SKIP_RESULT, SUCCESS, SUCCESS_RESULT, newStatus } from '../framework/status';
import type { NodeSelectorTerm, PodSpec } from '../framework/types';
import { defaultNormalizeScore, defaultNormalizeScoreRow } from './helper/normalize-score';
import { nodeSelectorMatches, termMatches } from './helper/node-selector';
import * as names from './names';

// nodeaffinity/node_affinity.go
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
const errReasonConflict = 'pod affinity terms conflict';

/** The Filter core: spec.nodeSelector and required node affinity both match the node. */
export function requiredNodeAffinityMatches(spec: PodSpec, node: NodeInfo): boolean {
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (node.labels[k] !== v) return false;
  }
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return nodeSelectorMatches(required.nodeSelectorTerms ?? [], node.labels, node.name);
}

/** The Score core: the sum of the weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(
  preferred: readonly { weight: number; preference: NodeSelectorTerm }[],
  node: NodeInfo,
): number {
  let score = 0;
  for (const p of preferred) {
    if (p.weight !== 0 && termMatches(p.preference, node.labels, node.name)) score += p.weight;
  }
  return score;
}

/** NodeAffinity: nodeSelector and required node affinity filter; preferred terms score. */
export class NodeAffinityPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = names.NodeAffinity;

  preFilter(_state: CycleState, pod: PodInfo): { result?: PreFilterResult; status: Status } {
    const required =
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.spec.nodeSelector) return SKIP_RESULT;
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return SUCCESS_RESULT;
    // Affinity to named nodes (matchFields metadata.name In) narrows the nodes to check.
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      if (!termNames) return SUCCESS_RESULT;
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames && nodeNames.size === 0)
      return { status: newStatus('UnschedulableAndUnresolvable', errReasonConflict) };
    return { result: nodeNames ? { nodeNames } : undefined, status: SUCCESS };
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (requiredNodeAffinityMatches(pod.spec, node)) return SUCCESS;
    return newStatus('UnschedulableAndUnresolvable', ErrReasonPod);
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

  preScore(_state: CycleState, pod: PodInfo): Status {
    const preferred =
      pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return preferred.length === 0 ? SKIP : SUCCESS;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const preferred =
      pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return preferredNodeAffinityScore(preferred, node);
  }

  scoreNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    count: number,
    out: Float64Array,
    offset: number,
  ): void {
    for (let i = 0; i < count; i++) out[offset + i] = this.score(state, pod, nodes[i]);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return SUCCESS;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: Float64Array, count: number): Status {
    defaultNormalizeScoreRow(MAX_NODE_SCORE, false, scores, count);
    return SUCCESS;
  }
}
