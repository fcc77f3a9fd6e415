import type { LabelSelectorValue } from '../../api/selectors';
import { labelSelectorAsSelector, matchesLabels } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
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
import { labelKey } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SKIP, SKIP_RESULT, SUCCESS, SUCCESS_RESULT, newStatus } from '../framework/status';
import type { TopologySpreadConstraint } from '../framework/types';
import { DomainTotals } from './helper/domain-totals';
import { requiredNodeAffinityMatches } from './node-affinity';
import { untoleratedTaintStatus } from './taint-toleration';
import * as names from './names';

// podtopologyspread/filtering.go
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch =
  ErrReasonConstraintsNotMatch + ' (missing required label)';
const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** A constraint with its selector compiled (podtopologyspread.topologySpreadConstraint). */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selectors: LabelSelectorValue[];
  minDomains: number;
  honorNodeAffinity: boolean;
  /** nodeTaintsPolicy Honor: nodes with taints the pod does not tolerate are not domains */
  honorNodeTaints: boolean;
  /** a `key=value` every matching pod carries (see selectorAnchor) */
  anchor: string | undefined;
}

// apis/config/v1 defaults.go systemDefaultConstraints: hostname skew 3, zone skew 5, both
// ScheduleAnyway, selected by the pod's Services and owning controllers.
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
];

function selectorMatches(selectors: readonly LabelSelectorValue[], labels: Record<string, string>) {
  for (const s of selectors) if (!matchesLabels(s, labels)) return false;
  return true;
}

/** countPodsMatchSelector: same-namespace, non-terminating pods the selector matches. */
export function countPodsMatchSelector(
  pods: readonly PodInfo[],
  selectors: readonly LabelSelectorValue[],
  namespace: string,
): number {
  let n = 0;
  for (const p of pods) {
    if (p.terminating || p.namespace !== namespace) continue;
    if (selectorMatches(selectors, p.labels)) n++;
  }
  return n;
}

/**
 * A label every pod the selectors match must carry (the first single-value `=`/`in`
 * requirement), so a node's pods can be counted from its label index instead of one by one;
 * undefined when no requirement pins one.
 */
export function selectorAnchor(selectors: readonly LabelSelectorValue[]): string | undefined {
  for (const s of selectors) {
    if (s.kind !== 'requirements') continue;
    for (const r of s.requirements) {
      const pins = r.operator === '=' || r.operator === '==' || r.operator === 'in';
      if (pins && r.values.length === 1) return labelKey(r.key, r.values[0]);
    }
  }
  return undefined;
}

/** countPodsMatchSelector over a node's pods, through its label index when it can. */
function countNodePods(node: NodeInfo, c: SpreadConstraint, namespace: string): number {
  if (node.numPods === 0) return 0;
  if (c.anchor === undefined) return countPodsMatchSelector(node.pods, c.selectors, namespace);
  const carriers = node.podsByLabel.get(c.anchor);
  return carriers ? countPodsMatchSelector(carriers, c.selectors, namespace) : 0;
}

// what most pods get (no Service selects them, no owner): one shared empty list, not one per cycle
const NO_SELECTORS = Object.freeze([]) as unknown as LabelSelectorValue[];

/**
 * helper.DefaultSelector: the selectors of the Services selecting the pod and of its
 * controlling ReplicaSet/StatefulSet/ReplicationController, all ANDed.
 */
export function defaultSelector(pod: PodInfo, lister: Handle['lister']): LabelSelectorValue[] {
  const services = lister('services');
  const owners = pod.pod.metadata.ownerReferences;
  // a pod no Service can select (none, or no labels) and without owners has none
  if ((services.length === 0 || !pod.pod.metadata.labels) && !owners?.length) return NO_SELECTORS;
  const out: LabelSelectorValue[] = [];
  for (const svc of services) {
    if ((svc.metadata.namespace ?? 'default') !== pod.namespace) continue;
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const s = labelSelectorAsSelector({ matchLabels: sel });
    if (matchesLabels(s, pod.labels)) out.push(s);
  }
  const owner = owners?.find((o) => o.controller);
  if (owner) {
    const resource =
      owner.kind === 'ReplicaSet'
        ? 'replicasets'
        : owner.kind === 'StatefulSet'
          ? 'statefulsets'
          : owner.kind === 'ReplicationController'
            ? 'replicationcontrollers'
            : '';
    const obj: KubeObject | undefined = resource
      ? lister(resource).find(
          (o) =>
            o.metadata.name === owner.name && (o.metadata.namespace ?? 'default') === pod.namespace,
        )
      : undefined;
    const sel = (obj?.spec as { selector?: unknown } | undefined)?.selector;
    if (sel) {
      out.push(
        resource === 'replicationcontrollers'
          ? labelSelectorAsSelector({ matchLabels: sel as Record<string, string> })
          : labelSelectorAsSelector(sel as Parameters<typeof labelSelectorAsSelector>[0]),
      );
    }
  }
  return out;
}

function compile(pod: PodInfo, c: TopologySpreadConstraint): SpreadConstraint {
  const selectors = [labelSelectorAsSelector(c.labelSelector)];
  // matchLabelKeys: the pod's own values of those keys join the selector
  for (const key of c.matchLabelKeys ?? []) {
    if (key in pod.labels)
      selectors.push(labelSelectorAsSelector({ matchLabels: { [key]: pod.labels[key] } }));
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selectors,
    anchor: selectorAnchor(selectors),
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    // nodeTaintsPolicy defaults to Ignore: a tainted control plane still counts as a domain
    honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
  };
}

interface FilterState {
  constraints: SpreadConstraint[];
  /** per constraint: topology value → matching pods */
  counts: Map<string, number>[];
  minMatch: number[];
}

interface ScoreState {
  constraints: SpreadConstraint[];
  ignored: Set<string>;
  pairCounts: Map<string, number>[];
  /** per hostname constraint, each node's matching pods by node name (running totals) */
  nodeCounts: (ReadonlyMap<string, number> | undefined)[];
  weights: number[];
}

/** Whether the pod has a nodeSelector or required node affinity (else every node matches). */
function hasRequiredNodeAffinity(pod: PodInfo): boolean {
  const { nodeSelector, affinity } = pod.spec;
  if (nodeSelector && Object.keys(nodeSelector).length > 0) return true;
  return affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

// Shared by the pods with no constraints (most pods, at Filter); never changed.
const NO_CONSTRAINTS = Object.freeze([]) as unknown as SpreadConstraint[];

// How many running totals are kept (two per workload: hostname and zone), enough for the pods
// of 512 workloads to take turns in the queue. Their memory follows the pods they count (a
// node is kept only where the selector matches pods), not this bound.
const MAX_DOMAIN_TOTALS = 1024;

const FILTER_KEY = 'PreFilter' + names.PodTopologySpread;
const SCORE_KEY = 'PreScore' + names.PodTopologySpread;

/**
 * PodTopologySpread: DoNotSchedule constraints filter on skew (matching pods in the node's
 * domain + the pod itself − the emptiest domain); ScheduleAnyway constraints (and the system
 * defaults, when the pod has none) score towards even spreading.
 */
export class PodTopologySpreadPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = names.PodTopologySpread;

  /** running per-domain totals of matching pods, per namespace, key and selector */
  private readonly domainTotals = new Map<string, DomainTotals>();

  constructor(
    private readonly handle: Pick<Handle, 'lister' | 'nodeInfos' | 'nodesChangedSince'>,
  ) {}

  /**
   * The running totals of constraint c's matching pods per topology value over every node
   * (those lacking one of `requiredKeys` left out; per node name for the hostname key), kept
   * for the most recently used selectors.
   */
  private totalsFor(
    pod: PodInfo,
    c: SpreadConstraint,
    requiredKeys: readonly string[] | undefined,
  ): DomainTotals {
    const key = JSON.stringify([pod.namespace, c.topologyKey, requiredKeys, c.selectors]);
    let totals = this.domainTotals.get(key);
    if (totals) this.domainTotals.delete(key);
    else {
      const namespace = pod.namespace;
      totals = new DomainTotals(
        c.topologyKey === LABEL_HOSTNAME
          ? (node) => node.name
          : (node) =>
              requiredKeys && !requiredKeys.every((k) => k in node.labels)
                ? undefined
                : (node.labels[c.topologyKey] ?? ''),
        (node) => countNodePods(node, c, namespace),
      );
      if (this.domainTotals.size >= MAX_DOMAIN_TOTALS)
        this.domainTotals.delete(this.domainTotals.keys().next().value as string);
    }
    this.domainTotals.set(key, totals);
    return totals;
  }

  private constraints(pod: PodInfo, when: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
    const own = pod.spec.topologySpreadConstraints;
    if (own && own.length > 0)
      return own.filter((c) => c.whenUnsatisfiable === when).map((c) => compile(pod, c));
    if (when === 'DoNotSchedule') return NO_CONSTRAINTS;
    const selectors = defaultSelector(pod, this.handle.lister);
    if (selectors.length === 0) return NO_CONSTRAINTS;
    const anchor = selectorAnchor(selectors);
    return SYSTEM_DEFAULT_CONSTRAINTS.map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selectors,
      anchor,
      minDomains: 1,
      honorNodeAffinity: true,
      honorNodeTaints: false,
    }));
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status: Status } {
    const constraints = this.constraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return SKIP_RESULT;
    const counts = constraints.map(() => new Map<string, number>());
    for (const node of nodes) {
      if (!hasAllTopologyKeys(constraints, node)) continue;
      constraints.forEach((c, i) => {
        if (c.honorNodeAffinity && !requiredNodeAffinityMatches(pod.spec, node)) return;
        if (
          c.honorNodeTaints &&
          !untoleratedTaintStatus(node.taints, pod.spec.tolerations).isSuccess()
        )
          return;
        const v = node.labels[c.topologyKey];
        const n = countNodePods(node, c, pod.namespace);
        counts[i].set(v, (counts[i].get(v) ?? 0) + n);
      });
    }
    const minMatch = constraints.map((c, i) => {
      // fewer domains than minDomains: the global minimum is treated as 0
      if (counts[i].size < c.minDomains) return 0;
      let min = Infinity;
      for (const v of counts[i].values()) if (v < min) min = v;
      return min === Infinity ? 0 : min;
    });
    state.write(FILTER_KEY, { constraints, counts, minMatch } satisfies FilterState);
    return SUCCESS_RESULT;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const s = state.read<FilterState>(FILTER_KEY);
    if (!s) return SUCCESS;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const value = node.labels[c.topologyKey];
      if (value === undefined)
        return newStatus('UnschedulableAndUnresolvable', ErrReasonNodeLabelNotMatch);
      const selfMatch = selectorMatches(c.selectors, pod.labels) ? 1 : 0;
      const skew = (s.counts[i].get(value) ?? 0) + selfMatch - s.minMatch[i];
      if (skew > c.maxSkew) return newStatus('Unschedulable', ErrReasonConstraintsNotMatch);
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

  preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): Status {
    const constraints = this.constraints(pod, 'ScheduleAnyway');
    if (filtered.length === 0 || constraints.length === 0) return SKIP;
    const requireAll = (pod.spec.topologySpreadConstraints ?? []).length > 0;
    const ignored = new Set<string>();
    const pairCounts = constraints.map(() => new Map<string, number>());
    const sizes = constraints.map(() => 0);
    // plain loops: a closure per filtered node was most of a cycle's garbage at 1,000 nodes
    for (let n = 0; n < filtered.length; n++) {
      const node = filtered[n];
      if (requireAll && !hasAllTopologyKeys(constraints, node)) {
        ignored.add(node.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const key = constraints[i].topologyKey;
        if (key === LABEL_HOSTNAME) continue;
        const v = node.labels[key] ?? '';
        if (!pairCounts[i].has(v)) {
          pairCounts[i].set(v, 0);
          sizes[i]++;
        }
      }
    }
    const weights = constraints.map((c, i) => {
      const size = c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignored.size : sizes[i];
      // scoring.go topologyNormalizingWeight: log(size + 2)
      return Math.log(size + 2);
    });
    // scoring.go PreScore counts every node's matching pods into the domains of the filtered
    // nodes; where every node matches the pod's node affinity, running totals give the sums
    const all = this.handle.nodeInfos();
    const changedSince = this.handle.nodesChangedSince;
    const affinity = hasRequiredNodeAffinity(pod);
    const requiredKeys = requireAll ? constraints.map((c) => c.topologyKey) : undefined;
    const nodeCounts = constraints.map((c) =>
      // Score counts a scored node's own pods: from running totals when they are kept
      c.topologyKey === LABEL_HOSTNAME && changedSince
        ? this.totalsFor(pod, c, undefined).sync(all, (g) => changedSince(g))
        : undefined,
    );
    const counted = constraints.map((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return true;
      if (!changedSince || (c.honorNodeAffinity && affinity)) return false;
      const totals = this.totalsFor(pod, c, requiredKeys).sync(all, (g) => changedSince(g));
      for (const v of pairCounts[i].keys()) pairCounts[i].set(v, totals.get(v) ?? 0);
      return true;
    });
    for (const node of counted.every(Boolean) ? [] : all) {
      if (requireAll && !hasAllTopologyKeys(constraints, node)) continue;
      constraints.forEach((c, i) => {
        if (counted[i]) return;
        if (c.honorNodeAffinity && !requiredNodeAffinityMatches(pod.spec, node)) return;
        const v = node.labels[c.topologyKey] ?? '';
        const cur = pairCounts[i].get(v);
        if (cur === undefined) return;
        pairCounts[i].set(v, cur + countNodePods(node, c, pod.namespace));
      });
    }
    state.write(SCORE_KEY, {
      constraints,
      ignored,
      pairCounts,
      nodeCounts,
      weights,
    } satisfies ScoreState);
    return SUCCESS;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const s = state.read<ScoreState>(SCORE_KEY);
    if (!s || s.ignored.has(node.name)) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) continue;
      const byNode = s.nodeCounts[i];
      const cnt =
        c.topologyKey !== LABEL_HOSTNAME
          ? (s.pairCounts[i].get(v) ?? 0)
          : byNode
            ? (byNode.get(node.name) ?? 0)
            : countNodePods(node, c, pod.namespace);
      // scoreForCount: cnt × weight + (maxSkew − 1)
      score += cnt * s.weights[i] + (c.maxSkew - 1);
    }
    return Math.round(score);
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

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status {
    const s = state.read<ScoreState>(SCORE_KEY);
    if (!s) return SUCCESS;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (const sc of scores) {
      if (s.ignored.has(sc.name)) continue;
      if (sc.score < min) min = sc.score;
      if (sc.score > max) max = sc.score;
    }
    // scoring.go NormalizeScore: fewer matching pods → higher score
    for (const sc of scores) {
      if (s.ignored.has(sc.name)) sc.score = 0;
      else if (max === 0) sc.score = MAX_NODE_SCORE;
      else sc.score = Math.trunc((MAX_NODE_SCORE * (max + min - sc.score)) / max);
    }
    return SUCCESS;
  }
}

/** Whether the node carries every constraint's topology label (nodeLabelsMatchSpreadConstraints). */
function hasAllTopologyKeys(
  constraints: readonly { topologyKey: string }[],
  node: NodeInfo,
): boolean {
  for (let i = 0; i < constraints.length; i++)
    if (!(constraints[i].topologyKey in node.labels)) return false;
  return true;
}
