import { labelSelectorAsSelector, matchesLabels } from '../../api/selectors';
import { fitErrorMessage } from '../framework/fit-error';
import type {
  CycleState,
  Handle,
  PostFilterPlugin,
  PostFilterResult,
} from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SUCCESS, Status as StatusClass, newStatus } from '../framework/status';
import * as names from './names';

// defaultpreemption/default_preemption.go and framework/preemption/preemption.go
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** A node where preemption would make room, and whom it would evict. */
export interface Candidate {
  node: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

/** calculateNumCandidates: 10 % of the nodes, at least 100, at most all. */
export function numCandidates(numNodes: number): number {
  let n = Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
  if (n < MIN_CANDIDATE_NODES_ABSOLUTE) n = MIN_CANDIDATE_NODES_ABSOLUTE;
  return Math.min(n, numNodes);
}

function startTime(p: PodInfo): string {
  return p.status.startTime ?? p.pod.metadata.creationTimestamp ?? '';
}

/** util.MoreImportantPod: higher priority, then started earlier. */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-priority victim,
 * the lowest sum of priorities, the fewest victims, the latest-started top victims, the first.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  let best = [...candidates];
  const keep = (score: (c: Candidate) => number) => {
    if (best.length <= 1) return;
    let min = Infinity;
    for (const c of best) min = Math.min(min, score(c));
    best = best.filter((c) => score(c) === min);
  };
  keep((c) => c.numPDBViolations);
  keep((c) => (c.victims.length > 0 ? c.victims[0].priority : -Infinity));
  // priorities are offset by MaxInt32+1 so that negative ones still add up to more
  keep((c) => c.victims.reduce((s, v) => s + v.priority + 2147483648, 0));
  keep((c) => c.victims.length);
  if (best.length > 1) {
    const latest = (c: Candidate) => {
      const top = c.victims.filter((v) => v.priority === c.victims[0]?.priority);
      return top.map(startTime).sort()[0] ?? '';
    };
    let pick = best[0];
    for (const c of best) if (latest(c) > latest(pick)) pick = c;
    return pick;
  }
  return best[0];
}

/**
 * DefaultPreemption (PostFilter): find nodes where evicting lower-priority pods lets the pod
 * fit, choose one, evict the victims and nominate the node for the pod.
 */
export class DefaultPreemptionPlugin implements PostFilterPlugin {
  readonly name = names.DefaultPreemption;

  constructor(private readonly handle: Handle) {}

  postFilter(
    state: CycleState,
    pod: PodInfo,
    m: ReadonlyMap<string, Status>,
  ): { result?: PostFilterResult; status: Status } {
    const s = this.preempt(state, pod, m);
    // default_preemption.go PostFilter prefixes the evaluator's message
    if (s.status.reasons.length > 0)
      return {
        result: s.result,
        status: new StatusClass(s.status.code, [`preemption: ${s.status.message()}`]),
      };
    return s;
  }

  private preempt(
    state: CycleState,
    pod: PodInfo,
    m: ReadonlyMap<string, Status>,
  ): { result?: PostFilterResult; status: Status } {
    const ineligible = this.podEligibleToPreemptOthers(pod);
    if (ineligible) return { status: newStatus('Unschedulable', ineligible) };
    const all = this.handle.nodeInfos();
    const statuses = new Map<string, Status>();
    const potential: NodeInfo[] = [];
    for (const node of all) {
      const s = m.get(node.name);
      // nodesWherePreemptionMightHelp: UnschedulableAndUnresolvable nodes cannot be helped
      if (!s || s.code === 'UnschedulableAndUnresolvable')
        statuses.set(node.name, newStatus('UnschedulableAndUnresolvable', NOT_HELPFUL));
      else potential.push(node);
    }
    const candidates: Candidate[] = [];
    if (potential.length > 0) {
      const want = numCandidates(potential.length);
      const offset = Math.floor(this.handle.random() * potential.length);
      for (let i = 0; i < potential.length && candidates.length < want; i++) {
        const node = potential[(offset + i) % potential.length];
        const r = this.selectVictimsOnNode(state, pod, node);
        if (r.status.isSuccess())
          candidates.push({ node: node.name, victims: r.victims, numPDBViolations: r.violations });
        else statuses.set(node.name, r.status);
      }
    }
    if (candidates.length === 0) {
      return {
        result: { nominatedNodeName: '' },
        status: newStatus(
          'Unschedulable',
          fitErrorMessage(statuses.size, statuses.values()).slice(0, -1),
        ),
      };
    }
    const best = pickOneNodeForPreemption(candidates)!;
    for (const victim of best.victims) this.handle.api.preempt(victim, pod, best.node);
    return { result: { nominatedNodeName: best.node }, status: SUCCESS };
  }

  /** PodEligibleToPreemptOthers: the reason it may not preempt, or undefined. */
  private podEligibleToPreemptOthers(pod: PodInfo): string | undefined {
    if (pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.status.nominatedNodeName;
    if (nominated) {
      const node = this.handle.nodeInfo(nominated);
      if (node?.pods.some((p) => p.terminating && p.priority < pod.priority))
        return 'not eligible due to a terminating pod on the nominated node.';
    }
    return undefined;
  }

  /** SelectVictimsOnNode: remove every lower-priority pod, then reprieve as many as fit. */
  private selectVictimsOnNode(
    state: CycleState,
    pod: PodInfo,
    original: NodeInfo,
  ): { victims: PodInfo[]; violations: number; status: Status } {
    const node = original.clone();
    const potential = node.pods.filter((p) => p.priority < pod.priority);
    if (potential.length === 0)
      return {
        victims: [],
        violations: 0,
        status: newStatus('UnschedulableAndUnresolvable', NO_VICTIMS),
      };
    for (const p of potential) node.removePod(p.key);
    const fits = this.handle.runFilterPlugins(state, pod, node);
    if (!fits.isSuccess()) return { victims: [], violations: 0, status: fits };
    potential.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    const [violating, nonViolating] = this.splitByPDBViolation(potential);
    const victims: PodInfo[] = [];
    let violations = 0;
    const reprieve = (p: PodInfo, isViolating: boolean) => {
      node.addPod(p);
      if (!this.handle.runFilterPlugins(state, pod, node).isSuccess()) {
        node.removePod(p.key);
        victims.push(p);
        if (isViolating) violations++;
      }
    };
    for (const p of violating) reprieve(p, true);
    for (const p of nonViolating) reprieve(p, false);
    victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    return { victims, violations, status: SUCCESS };
  }

  /** filterPodsWithPDBViolation: pods whose eviction a PodDisruptionBudget forbids now. */
  private splitByPDBViolation(pods: PodInfo[]): [PodInfo[], PodInfo[]] {
    const pdbs = this.handle.lister('poddisruptionbudgets');
    const allowed = new Map<object, number>();
    for (const pdb of pdbs)
      allowed.set(
        pdb,
        (pdb.status as { disruptionsAllowed?: number } | undefined)?.disruptionsAllowed ?? 0,
      );
    const violating: PodInfo[] = [];
    const ok: PodInfo[] = [];
    for (const p of pods) {
      let violates = false;
      for (const pdb of pdbs) {
        if ((pdb.metadata.namespace ?? 'default') !== p.namespace) continue;
        const sel = (pdb.spec as { selector?: Parameters<typeof labelSelectorAsSelector>[0] })
          ?.selector;
        const selector = labelSelectorAsSelector(sel);
        if (!matchesLabels(selector, p.labels) || Object.keys(p.labels).length === 0) continue;
        const left = (allowed.get(pdb) ?? 0) - 1;
        allowed.set(pdb, left);
        if (left < 0) violates = true;
      }
      (violates ? violating : ok).push(p);
    }
    return [violating, ok];
  }
}
