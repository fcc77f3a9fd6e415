import type { NodeInfo } from './framework/node-info';
import { KeyTable, keyHash } from './key-table';
import { scoreAt } from './framework/score-row';
import type { ScoreTable } from './framework/score-table';
import type { Code, Status } from './framework/status';
import { SUCCESS } from './framework/status';

/** One node's Filter outcome: the plugin that rejected it, or Success. */
export interface FilterOutcome {
  node: string;
  plugin: string;
  code: Code;
  reasons: string[];
}

/** One plugin's contribution to one node's score. */
export interface PluginScore {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface NodeScoreDetail {
  node: string;
  plugins: PluginScore[];
  total: number;
}

export interface StatusView {
  plugin: string;
  code: Code;
  reasons: string[];
}

/**
 * One scheduling attempt of a pod, as `schedulingDecisions(namespace, name)` returns it:
 * what every extension point said, which node won and what became of it.
 */
export interface SchedulingAttempt {
  attempt: number;
  /** virtual time of the attempt, ms */
  at: number;
  scheduler: string;
  profile: string;
  numAllNodes: number;
  /** how many feasible nodes the cycle looked for (percentageOfNodesToScore) */
  numNodesToFind: number;
  /** the round-robin index the Filter loop started at */
  startIndex: number;
  /** PreFilter statuses other than Success (Skip, a rejection) */
  preFilter: StatusView[];
  /** every node the Filter loop evaluated, in visit order */
  filter: FilterOutcome[];
  feasibleNodes: string[];
  /** PreScore statuses other than Success (Skip) */
  preScore: StatusView[];
  /** per scored node; empty when no or one node was feasible */
  scores: NodeScoreDetail[];
  chosenNode?: string;
  result: 'Scheduled' | 'Unschedulable' | 'Error';
  /** the FailedScheduling message (or the error) */
  message?: string;
  postFilter?: StatusView & { nominatedNodeName?: string; victims: string[] };
  binding?: { outcome: 'Bound' | 'Failed'; message?: string };
}

function view(s: Status): StatusView {
  return { plugin: s.plugin, code: s.code, reasons: [...s.reasons] };
}

// Shared by every record until it has something of its own to keep.
const NONE: readonly never[] = Object.freeze([]);

/**
 * The compact record a cycle writes; it becomes a SchedulingAttempt only when someone asks.
 * Like upstream's Diagnosis it keeps a status only for the nodes Filter rejected: the nodes it
 * passed follow from the node list, the start index and how many nodes were visited.
 */
export class AttemptRecord {
  at = 0;
  numAllNodes = 0;
  numNodesToFind = 0;
  startIndex = 0;
  preFilter: readonly Status[] = NONE;
  /** the nominated node, filtered before the others (evaluateNominatedNode) */
  nominated?: { node: string; status: Status };
  /** the nodes the Filter loop went through from startIndex (a list no one changes) */
  filterList: readonly NodeInfo[] = NONE;
  /** how many of them it visited */
  filterCount = 0;
  /** visit positions (0 = the node at startIndex) of rejected nodes, and their statuses */
  rejectedAt: readonly number[] = NONE;
  rejected: readonly Status[] = NONE;
  /** Filter ran to the end (no error): the feasible nodes follow from the fields above */
  filtered = false;
  scoreTable?: ScoreTable;
  chosenNode?: string;
  result: SchedulingAttempt['result'] = 'Unschedulable';
  message?: string;
  postFilter?: { status: Status; nominatedNodeName?: string; victims: string[] };
  binding?: SchedulingAttempt['binding'];
  /** the pod's attempt before this one, while the log keeps it */
  earlier?: AttemptRecord;
  /** the pod's entry in the log, once filed */
  pod?: PodAttempts;
  /** the record of the same queue entry's last attempt, until this one is filed */
  previous?: AttemptRecord;

  /** the pod's attempt number, 1 for its oldest kept one (set when the log files it) */
  attempt = 0;

  constructor(
    readonly scheduler: string,
    readonly profile: string,
    readonly podKey: string,
    /** keyHash(podKey) */
    readonly podKeyHash: number,
  ) {}

  /** Every node Filter evaluated, in visit order, with its status. */
  private filterOutcomes(): FilterOutcome[] {
    const out: FilterOutcome[] = [];
    if (this.nominated) out.push({ node: this.nominated.node, ...view(this.nominated.status) });
    const list = this.filterList;
    let r = 0;
    for (let k = 0; k < this.filterCount; k++) {
      const node = list[(this.startIndex + k) % list.length].name;
      const s = this.rejectedAt[r] === k ? this.rejected[r++] : SUCCESS;
      out.push({ node, ...view(s) });
    }
    return out;
  }

  /** The nominated node when it passed, else every visited node Filter did not reject. */
  private feasibleNodes(): string[] {
    if (!this.filtered) return [];
    if (this.nominated?.status.isSuccess()) return [this.nominated.node];
    const out: string[] = [];
    const list = this.filterList;
    let r = 0;
    for (let k = 0; k < this.filterCount; k++) {
      if (this.rejectedAt[r] === k) r++;
      else out.push(list[(this.startIndex + k) % list.length].name);
    }
    return out;
  }

  toAttempt(): SchedulingAttempt {
    const t = this.scoreTable;
    const feasibleNodes = this.feasibleNodes();
    const scores: NodeScoreDetail[] = [];
    if (t) {
      const { raw, normalized } = t.rows();
      const weights = t.weights;
      feasibleNodes.forEach((node, i) => {
        let total = 0;
        const plugins = t.plugins.map((plugin, k) => {
          const score = scoreAt(normalized[k], i);
          // Σ normalized × weight in plugin order, as the cycle added them
          total += score * weights[k];
          return {
            plugin,
            raw: scoreAt(raw[k], i),
            normalized: score,
            weight: weights[k],
            weighted: score * weights[k],
          };
        });
        scores.push({ node, plugins, total });
      });
    }
    return {
      attempt: this.attempt,
      at: this.at,
      scheduler: this.scheduler,
      profile: this.profile,
      numAllNodes: this.numAllNodes,
      numNodesToFind: this.numNodesToFind,
      startIndex: this.startIndex,
      preFilter: this.preFilter.map(view),
      filter: this.filterOutcomes(),
      feasibleNodes,
      preScore: (t?.preScore ?? []).map(view),
      scores,
      chosenNode: this.chosenNode,
      result: this.result,
      message: this.message,
      postFilter: this.postFilter && {
        ...view(this.postFilter.status),
        nominatedNodeName: this.postFilter.nominatedNodeName,
        victims: this.postFilter.victims,
      },
      binding: this.binding && { ...this.binding },
    };
  }
}

// Keep the newest attempts of the most recently attempted pods; a long run forgets the rest.
const MAX_PODS = 5_000;
const MAX_ATTEMPTS_PER_POD = 20;
// how many records wait to be filed at most
const FILE_BATCH = 256;

/**
 * One pod's place in the log: its newest record and its neighbours in order of latest
 * attempt. A retry finds it through its queue entry's last record, not by the pod's key.
 */
class PodAttempts {
  newer?: PodAttempts;
  older?: PodAttempts;
  /** still in the log (a forgotten pod's key may come back with a new entry) */
  kept = true;

  constructor(
    readonly podKey: string,
    readonly hash: number,
    public newest: AttemptRecord,
  ) {}
}

const keyOfPod = (p: PodAttempts) => p.podKey;

/**
 * The attempts per pod (`namespace/name`), newest pods kept. A pod's records are a chain from
 * its newest, and pods are linked from the least recently attempted: a new attempt and the
 * eviction of the oldest pod touch no other pod's, and no list is kept per pod.
 */
export class DecisionLog {
  /** each kept pod's entry, looked up only for a pod's first attempt from a queue entry */
  private readonly byPod = new KeyTable<PodAttempts>(keyOfPod);
  private oldest?: PodAttempts;
  private newest?: PodAttempts;

  constructor(private readonly maxPods = MAX_PODS) {}

  /** Records begun and not yet filed, oldest first (pending[0..pendingCount)). */
  private readonly pending: (AttemptRecord | undefined)[] = [];
  private pendingCount = 0;

  /**
   * A new record for the pod's next attempt. It is filed (numbered, chained, indexed) with the
   * next batch or before the log is read: the log's Map is then walked in a burst rather than
   * between cycles that push it out of the processor's caches. `previous` is the record of
   * the same queue entry's last attempt: a retry then finds its pod without the index.
   * `hash` is keyHash(podKey), which a PodInfo keeps.
   */
  begin(
    podKey: string,
    scheduler: string,
    profile: string,
    previous?: AttemptRecord,
    hash: number = keyHash(podKey),
  ): AttemptRecord {
    const rec = new AttemptRecord(scheduler, profile, podKey, hash);
    rec.previous = previous;
    this.pending[this.pendingCount++] = rec;
    if (this.pendingCount === FILE_BATCH) this.file();
    return rec;
  }

  /** Files the pending records in the order they were begun. */
  private file(): void {
    for (let i = 0; i < this.pendingCount; i++) {
      this.add(this.pending[i]!);
      this.pending[i] = undefined;
    }
    this.pendingCount = 0;
  }

  private add(rec: AttemptRecord): void {
    const podKey = rec.podKey;
    // the previous record was filed before this one: its entry is the pod's while kept
    const known = rec.previous?.pod;
    rec.previous = undefined;
    const entry = known?.kept ? known : this.byPod.get(podKey, rec.podKeyHash);
    const last = entry?.newest;
    // the newest kept attempt carries the pod's count: they are forgotten together
    rec.attempt = last ? last.attempt + 1 : 1;
    if (entry && last) {
      this.unlink(entry);
      entry.newest = rec;
      rec.pod = entry;
      rec.earlier = last;
      // a pod's attempts are numbered 1, 2, … while kept: only a long chain needs cutting
      if (rec.attempt > MAX_ATTEMPTS_PER_POD) {
        let r = rec;
        for (let i = 1; i < MAX_ATTEMPTS_PER_POD; i++) r = r.earlier!;
        r.earlier = undefined;
      }
    } else {
      rec.pod = new PodAttempts(podKey, rec.podKeyHash, rec);
      this.byPod.set(rec.pod, rec.podKeyHash);
    }
    const pod = rec.pod!;
    pod.older = this.newest;
    if (this.newest) this.newest.newer = pod;
    else this.oldest = pod;
    this.newest = pod;
    if (this.byPod.size > this.maxPods) this.forgetOldest();
  }

  /**
   * The least recently attempted pod leaves the log. The next one's `older` is left pointing
   * at it (never followed: the oldest has no older one): clearing it would load that entry,
   * rarely in the processor's cache, for nothing.
   */
  private forgetOldest(): void {
    const oldest = this.oldest!;
    if (oldest === this.newest) this.newest = undefined;
    this.oldest = oldest.newer;
    oldest.newer = oldest.older = undefined;
    oldest.kept = false;
    this.byPod.deleteValue(oldest, oldest.hash);
  }

  /** Takes a pod out of the order of attempts (the ends by identity: see forgetOldest). */
  private unlink(pod: PodAttempts): void {
    const { newer, older } = pod;
    if (pod === this.newest) this.newest = pod === this.oldest ? undefined : older;
    else newer!.older = older;
    if (pod === this.oldest) this.oldest = newer;
    else older!.newer = newer;
    pod.newer = pod.older = undefined;
  }

  /** The pod's kept attempts, oldest first. */
  attempts(podKey: string): SchedulingAttempt[] {
    this.file();
    const out: SchedulingAttempt[] = [];
    for (let r = this.byPod.get(podKey)?.newest; r; r = r.earlier) out.push(r.toAttempt());
    return out.reverse();
  }
}
