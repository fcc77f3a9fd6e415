import type {
  CycleState,
  FilterPlugin,
  Handle,
  NodeScore,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../framework/interface';
import { MAX_NODE_SCORE } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { AffinityTerm, PodInfo } from '../framework/pod-info';
import { termMatches } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SKIP, SKIP_RESULT, SUCCESS, SUCCESS_RESULT, newStatus } from '../framework/status';
import * as names from './names';

// interpodaffinity/filtering.go
export const ErrReasonExistingAntiAffinityRulesNotMatch =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
// config/v1 defaults: InterPodAffinityArgs.hardPodAffinityWeight = 1
const HARD_POD_AFFINITY_WEIGHT = 1;

const pair = (key: string, value: string) => `${key}\u0000${value}`;

interface FilterState {
  existingAntiAffinity: Map<string, number>;
  affinity: Map<string, number>;
  antiAffinity: Map<string, number>;
}

const FILTER_KEY = 'PreFilter' + names.InterPodAffinity;
const SCORE_KEY = 'PreScore' + names.InterPodAffinity;

function allTermsMatch(terms: readonly AffinityTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod)) return false;
  return true;
}

function add(m: Map<string, number>, key: string, n: number): void {
  m.set(key, (m.get(key) ?? 0) + n);
}

/**
 * InterPodAffinity: required pod (anti-)affinity of the pod, and existing pods' required
 * anti-affinity, filter by topology domain; preferred terms on both sides score.
 */
export class InterPodAffinityPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = names.InterPodAffinity;

  constructor(
    private readonly handle: Pick<
      Handle,
      'nodeInfos' | 'havePodsWithAffinity' | 'havePodsWithRequiredAntiAffinity'
    >,
  ) {}

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status: Status } {
    const hasOwn = pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length > 0;
    // nothing to count: no terms of its own and no pod with required anti-affinity anywhere
    if (!hasOwn && this.handle.havePodsWithRequiredAntiAffinity().length === 0) return SKIP_RESULT;
    const s: FilterState = {
      existingAntiAffinity: new Map(),
      affinity: new Map(),
      antiAffinity: new Map(),
    };
    // filtering.go PreFilter: existing pods' anti-affinity only from the nodes that have such
    // pods (HavePodsWithRequiredAntiAffinityList); every node only for the pod's own terms
    for (const node of this.handle.havePodsWithRequiredAntiAffinity()) {
      for (const existing of node.pods) {
        for (const t of existing.requiredAntiAffinityTerms) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined && termMatches(t, pod))
            add(s.existingAntiAffinity, pair(t.topologyKey, v), 1);
        }
      }
    }
    if (hasOwn)
      for (const node of nodes) {
        for (const existing of node.pods) {
          if (allTermsMatch(pod.requiredAffinityTerms, existing)) {
            for (const t of pod.requiredAffinityTerms) {
              const v = node.labels[t.topologyKey];
              if (v !== undefined) add(s.affinity, pair(t.topologyKey, v), 1);
            }
          }
          for (const t of pod.requiredAntiAffinityTerms) {
            const v = node.labels[t.topologyKey];
            if (v !== undefined && termMatches(t, existing))
              add(s.antiAffinity, pair(t.topologyKey, v), 1);
          }
        }
      }
    if (!hasOwn && s.existingAntiAffinity.size === 0) return SKIP_RESULT;
    state.write(FILTER_KEY, s);
    return SUCCESS_RESULT;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const s = state.read<FilterState>(FILTER_KEY);
    if (!s) return SUCCESS;
    if (!this.satisfiesAffinity(s, pod, node))
      return newStatus('UnschedulableAndUnresolvable', ErrReasonAffinityRulesNotMatch);
    for (const t of pod.requiredAntiAffinityTerms) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && (s.antiAffinity.get(pair(t.topologyKey, v)) ?? 0) > 0)
        return newStatus('Unschedulable', ErrReasonAntiAffinityRulesNotMatch);
    }
    if (s.existingAntiAffinity.size > 0) {
      for (const [key, value] of Object.entries(node.labels)) {
        if ((s.existingAntiAffinity.get(pair(key, value)) ?? 0) > 0)
          return newStatus('Unschedulable', ErrReasonExistingAntiAffinityRulesNotMatch);
      }
    }
    return SUCCESS;
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

  private satisfiesAffinity(s: FilterState, pod: PodInfo, node: NodeInfo): boolean {
    let podsExist = true;
    for (const t of pod.requiredAffinityTerms) {
      const v = node.labels[t.topologyKey];
      if (v === undefined) return false; // every topology label must be on the node
      if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    // The first pod of a group with affinity to itself may go anywhere with the labels.
    if (!podsExist) return s.affinity.size === 0 && allTermsMatch(pod.requiredAffinityTerms, pod);
    return true;
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    if (this.handle.nodeInfos().length === 0) return SKIP;
    const hasConstraints =
      pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0;
    // scoring.go PreScore: every node for the pod's own preferred terms, else only the nodes
    // with affinity pods (HavePodsWithAffinityList)
    const nodes = hasConstraints ? this.handle.nodeInfos() : this.handle.havePodsWithAffinity();
    // no node to look at gives an empty score map: Skip without building one
    if (nodes.length === 0) return SKIP;
    const score = new Map<string, number>();
    const process = (
      terms: readonly AffinityTerm[],
      target: PodInfo,
      node: NodeInfo,
      sign: number,
      weight?: number,
    ) => {
      for (const t of terms) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && termMatches(t, target))
          add(score, pair(t.topologyKey, v), (weight ?? t.weight) * sign);
      }
    };
    for (const node of nodes) {
      for (const existing of node.pods) {
        process(pod.preferredAffinityTerms, existing, node, 1);
        process(pod.preferredAntiAffinityTerms, existing, node, -1);
        process(existing.requiredAffinityTerms, pod, node, 1, HARD_POD_AFFINITY_WEIGHT);
        process(existing.preferredAffinityTerms, pod, node, 1);
        process(existing.preferredAntiAffinityTerms, pod, node, -1);
      }
    }
    if (score.size === 0) return SKIP;
    state.write(SCORE_KEY, score);
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.read<Map<string, number>>(SCORE_KEY);
    if (!s) return 0;
    let total = 0;
    for (const [key, value] of Object.entries(node.labels)) total += s.get(pair(key, value)) ?? 0;
    return total;
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
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      if (s.score < min) min = s.score;
      if (s.score > max) max = s.score;
    }
    const diff = max - min;
    // scoring.go NormalizeScore: min-max scaling, truncated
    for (const s of scores)
      s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
    return SUCCESS;
  }
}
