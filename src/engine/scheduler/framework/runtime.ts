import type { PluginConfig } from '../config';
import type {
  BindPlugin,
  CycleState,
  FilterPlugin,
  Handle,
  NodeScore,
  Plugin,
  PostBindPlugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  PermitPlugin,
  QueueSortPlugin,
  QueuedPodInfo,
  ReservePlugin,
  ScorePlugin,
} from './interface';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from './interface';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Registry } from './registry';
import { RowStore } from './score-row';
import type { ScorePlugins, ScoreTable } from './score-table';
import { ScoreTableWriter } from './score-table';
import type { Status } from './status';
import { SKIP, SUCCESS, Status as StatusClass, newStatus } from './status';
import { StatusList } from './status-list';

/** What PreFilter decided: a rejection, and which nodes remain (all when undefined). */
export interface PreFilterOutcome {
  status: Status;
  nodeNames?: ReadonlySet<string>;
  /** the plugins that narrowed the node set */
  narrowedBy: string[];
  /** every non-success status, for the explanation */
  statuses: Status[];
}

// A shared empty list (frozen: a cycle with something to add starts a list of its own).
const NO_NAMES = Object.freeze([]) as unknown as string[];

/**
 * The names in both sets. A function of its own: a closure over the PreFilter loop's result
 * would make every iteration of every cycle allocate a context for it.
 */
function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const n of a) if (b.has(n)) out.add(n);
  return out;
}

// accumulate's answer about a row: all its scores are equal; all are 0..255 integers (no -0).
const SAME = 1;
const BYTES = 2;

/** The error of a score outside [MinNodeScore, MaxNodeScore] (runtime.go RunScorePlugins). */
function invalidScore(plugin: string, score: number): Status {
  return newStatus(
    'Error',
    `plugin ${JSON.stringify(plugin)} returns an invalid score ${score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
  );
}

/**
 * Adds `base` (earlier uniform rows), then weight × scores[0..n), into totals, copies them into
 * bytes[at..at+n) and tells the row's shape (SAME | BYTES), or −1 − i when score i is the first
 * outside [MinNodeScore, MaxNodeScore] (runtime.go RunScorePlugins).
 */
function accumulate(
  scores: Float64Array,
  n: number,
  weight: number,
  totals: Float64Array,
  bytes: Uint8Array,
  at: number,
  base: number,
): number {
  // One pass without early exits: the row's extremes (a NaN is neither) and its fractional
  // parts (NaN once any score is NaN) tell everything the checks need, and a bad row is rare
  // enough to be walked again for its first bad score.
  let hi = -Infinity;
  let lo = Infinity;
  let frac = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    totals[i] = totals[i] + base + s * weight;
    // written as bytes on the way: kept only if the row turns out to be bytes
    bytes[at + i] = s;
    if (s > hi) hi = s;
    if (s < lo) lo = s;
    frac += s - Math.trunc(s);
  }
  if (hi > MAX_NODE_SCORE || lo < MIN_NODE_SCORE) {
    let i = 0;
    while (!(scores[i] > MAX_NODE_SCORE || scores[i] < MIN_NODE_SCORE)) i++;
    return -1 - i;
  }
  // in range, so fractional parts are not negative: they add up to 0 only for integers
  let ints = frac === 0;
  // every score equal; a NaN (frac is then NaN) equals nothing
  const same = hi === lo && frac === frac;
  // a -0 is kept as the plugin gave it, so its row cannot be bytes
  if (ints && lo === 0)
    for (let i = 0; i < n && ints; i++) if (Object.is(scores[i], -0)) ints = false;
  return (same ? SAME : 0) | (ints ? BYTES : 0);
}

const has = <K extends string>(p: Plugin, ...methods: K[]): boolean =>
  methods.every((m) => typeof (p as unknown as Record<string, unknown>)[m] === 'function');

/**
 * runtime.frameworkImpl: one profile's plugins sorted into their extension points (a plugin
 * serves every point whose interface it implements), run in the profile's order.
 */
export class Framework {
  readonly preEnqueue: PreEnqueuePlugin[] = [];
  readonly queueSort: QueueSortPlugin;
  readonly preFilter: PreFilterPlugin[] = [];
  readonly filter: FilterPlugin[] = [];
  readonly postFilter: PostFilterPlugin[] = [];
  readonly preScore: PreScorePlugin[] = [];
  readonly score: ScorePlugin[] = [];
  readonly scoreWeights: number[] = [];
  /** per PreScore plugin, its bit among the score plugins (0 if it does not score) */
  private readonly preScoreSkipBits: number[] = [];
  /** per PreFilter plugin, its bit among the filter plugins (0 if it does not filter) */
  private readonly preFilterSkipBits: number[] = [];
  readonly reserve: ReservePlugin[] = [];
  readonly permit: PermitPlugin[] = [];
  readonly preBind: PreBindPlugin[] = [];
  readonly bind: BindPlugin[] = [];
  readonly postBind: PostBindPlugin[] = [];
  readonly plugins = new Map<string, Plugin>();

  constructor(
    readonly profileName: string,
    registry: Registry,
    configs: readonly PluginConfig[],
    handle: Handle,
  ) {
    let queueSort: QueueSortPlugin | undefined;
    for (const cfg of configs) {
      const factory = registry.get(cfg.name);
      if (!factory) throw new Error(`${cfg.name} does not exist`);
      if (this.plugins.has(cfg.name))
        throw new Error(`plugin ${JSON.stringify(cfg.name)} already registered`);
      const p = factory(cfg.args, handle);
      this.plugins.set(cfg.name, p);
      if (has(p, 'preEnqueue')) this.preEnqueue.push(p as PreEnqueuePlugin);
      if (has(p, 'less')) queueSort ??= p as QueueSortPlugin;
      if (has(p, 'preFilter')) this.preFilter.push(p as PreFilterPlugin);
      if (has(p, 'filter')) this.filter.push(p as FilterPlugin);
      if (has(p, 'postFilter')) this.postFilter.push(p as PostFilterPlugin);
      if (has(p, 'preScore')) this.preScore.push(p as PreScorePlugin);
      if (has(p, 'score')) {
        this.score.push(p as ScorePlugin);
        // a score plugin without a configured weight gets 1 (runtime.NewFramework)
        this.scoreWeights.push(cfg.weight ?? 1);
      }
      if (has(p, 'reserve', 'unreserve')) this.reserve.push(p as ReservePlugin);
      if (has(p, 'permit')) this.permit.push(p as PermitPlugin);
      if (has(p, 'preBind')) this.preBind.push(p as PreBindPlugin);
      if (has(p, 'bind')) this.bind.push(p as BindPlugin);
      if (has(p, 'postBind')) this.postBind.push(p as PostBindPlugin);
    }
    if (!queueSort) throw new Error('no queue sort plugin is enabled');
    for (const p of this.preScore) {
      const k = this.score.findIndex((s) => s.name === p.name);
      this.preScoreSkipBits.push(k < 0 ? 0 : 1 << k);
    }
    for (const p of this.preFilter) {
      const k = this.filter.findIndex((f) => f.name === p.name);
      this.preFilterSkipBits.push(k < 0 ? 0 : 1 << k);
    }
    this.queueSort = queueSort;
  }

  runPreEnqueuePlugins(pod: PodInfo): Status {
    for (const p of this.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.queueSort.less(a, b);
  }

  /**
   * RunPreFilterPlugins: the first rejection wins; Skip disables that plugin's Filter. A
   * successful outcome is the framework's own object, rewritten by the next cycle.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    let narrowedBy = NO_NAMES;
    const statuses = this.preFilterStatuses;
    statuses.begin();
    // the Filter plugins PreFilter skipped, as bits (bit k: this.filter[k])
    let skipped = 0;
    for (let j = 0; j < this.preFilter.length; j++) {
      const p = this.preFilter[j];
      const { result, status } = p.preFilter(state, pod, nodes);
      if (status.code === 'Skip') {
        skipped |= this.preFilterSkipBits[j];
        statuses.push(this.skipOf(status, p.name, this.preFilterSkips, j));
        continue;
      }
      if (!status.isSuccess()) {
        const s = status.withPlugin(p.name);
        statuses.push(s);
        return { status: s, narrowedBy, statuses: statuses.end() };
      }
      if (result?.nodeNames) {
        if (narrowedBy === NO_NAMES) narrowedBy = [];
        narrowedBy.push(p.name);
        nodeNames = nodeNames
          ? intersection(nodeNames, result.nodeNames)
          : new Set(result.nodeNames);
      }
    }
    state.filterPlugins = this.activeFilters(skipped);
    const out = this.preFilterSuccess;
    out.nodeNames = nodeNames;
    out.narrowedBy = narrowedBy;
    out.statuses = statuses.end();
    return out;
  }

  /** The Filter plugins PreFilter did not skip (bit k: filter k), one list per such set. */
  private activeFilters(skipped: number): readonly FilterPlugin[] {
    if (skipped === 0) return this.filter;
    let list = this.filtersBySkipped.get(skipped);
    if (!list) {
      list = this.filter.filter((_p, k) => (skipped & (1 << k)) === 0);
      this.filtersBySkipped.set(skipped, list);
    }
    return list;
  }

  private readonly filtersBySkipped = new Map<number, readonly FilterPlugin[]>();

  /** RunFilterPlugins: stops at the first plugin that rejects the node. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const filters = (state.filterPlugins ??= this.filter);
    for (let i = 0; i < filters.length; i++) {
      const p = filters[i];
      const s = p.filter(state, pod, node);
      if (s.code !== 'Success') return s.plugin === p.name ? s : s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /**
   * RunFilterPlugins on `count` nodes of `nodes` from `start` (wrapping around), plugin by
   * plugin: each plugin sees only the nodes every earlier plugin passed, so node i's status in
   * the returned scratch array is the first rejection, exactly as running the plugins node by
   * node; filters are pure, so the order of the work is free. The statuses are written only
   * once some node is rejected: while `filterPassed === count` they are not to be read.
   */
  runFilterPluginsOnNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    start: number,
    count: number,
  ): readonly Status[] {
    const filters = (state.filterPlugins ??= this.filter);
    const result = this.filterResult;
    const alive = this.filterAlive;
    const out = this.filterOut;
    if (this.filterPos.length < count) this.filterPos = new Int32Array(count * 2);
    const pos = this.filterPos;
    // The batch is nodes twice over from `start` (no wrap-around, no copy), until a first
    // rejection leaves the nodes still alive in `alive`. Until then every status is Success.
    let list = this.twice(nodes);
    let from = start;
    let n = count;
    for (let k = 0; k < filters.length && n > 0; k++) {
      const p = filters[k];
      let rejected = 0;
      if (p.filterNodes) rejected = p.filterNodes(state, pod, list, from, n, out);
      else
        for (let i = 0; i < n; i++)
          if ((out[i] = p.filter(state, pod, list[from + i])).code !== 'Success') rejected++;
      if (rejected === 0) continue;
      if (list !== alive) {
        for (let i = 0; i < count; i++) {
          pos[i] = i;
          result[i] = SUCCESS;
        }
      }
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const s = out[i];
        if (s.code === 'Success') {
          alive[kept] = list[from + i];
          pos[kept++] = pos[i];
        } else result[pos[i]] = s.plugin === p.name ? s : s.withPlugin(p.name);
      }
      list = alive;
      from = 0;
      n = kept;
    }
    this.filterPassed = n;
    this.passedFrom = from;
    this.passedList = list;
    return result;
  }

  /** The node list followed by itself (one per list, kept while the list is the same). */
  private twice(nodes: readonly NodeInfo[]): readonly NodeInfo[] {
    if (nodes !== this.twiceOf) {
      this.twiceOf = nodes;
      this.twiceList = nodes.concat(nodes);
    }
    return this.twiceList;
  }

  private twiceOf: readonly NodeInfo[] = [];
  private twiceList: readonly NodeInfo[] = [];

  /** How many nodes the last runFilterPluginsOnNodes passed: passedNodes[0..filterPassed). */
  filterPassed = 0;

  /**
   * The nodes the last runFilterPluginsOnNodes passed, in visit order: passedList[passedFrom +
   * i] for i below filterPassed (scratch, valid until the next call).
   */
  passedList: readonly NodeInfo[] = [];
  passedFrom = 0;

  private readonly filterResult: Status[] = [];
  private readonly filterAlive: NodeInfo[] = [];
  private readonly filterOut: Status[] = [];
  private filterPos = new Int32Array(0);

  /** RunPostFilterPlugins: the first plugin that makes the pod schedulable ends the loop. */
  runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    statuses: ReadonlyMap<string, Status>,
  ): { result?: PostFilterResult; status: Status } {
    let last: { result?: PostFilterResult; status: Status } = {
      status: newStatus('Unschedulable'),
    };
    const reasons: string[] = [];
    for (const p of this.postFilter) {
      const r = p.postFilter(state, pod, statuses);
      if (r.status.isSuccess()) return { result: r.result, status: r.status.withPlugin(p.name) };
      if (r.status.code === 'Error') return { status: r.status.withPlugin(p.name) };
      reasons.push(...r.status.reasons);
      last = { result: r.result, status: r.status.withPlugin(p.name) };
    }
    if (this.postFilter.length > 1)
      return {
        result: last.result,
        status: new StatusClass(last.status.code, reasons, last.status.plugin),
      };
    return last;
  }

  /**
   * RunPreScorePlugins, RunScorePlugins and NormalizeScore: every (plugin, node) raw score,
   * normalized per plugin, checked to be in [0, 100], multiplied by the weight and summed into
   * `scoreTotals` (a scratch array, valid until the next call); the table keeps the scores.
   */
  runScorePlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): ScoreTable | Status {
    const preScore = this.preScoreStatuses;
    preScore.begin();
    // the score plugins PreScore skipped, as bits (bit k: this.score[k])
    let skipped = 0;
    for (let j = 0; j < this.preScore.length; j++) {
      const p = this.preScore[j];
      const s = p.preScore(state, pod, nodes);
      if (s.code === 'Skip') {
        skipped |= this.preScoreSkipBits[j];
        preScore.push(this.skipOf(s, p.name, this.preScoreSkips, j));
      } else if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    const n = nodes.length;
    if (this.rawScores.length < n) {
      this.rawScores = new Float64Array(2 * n);
      this.finalScores = new Float64Array(2 * n);
      this.scoreTotals = new Float64Array(2 * n);
    }
    const raw = this.rawScores;
    const final = this.finalScores;
    const totals = this.scoreTotals;
    totals.fill(0, 0, n);
    const rows = this.tableWriter;
    rows.begin(this.score.length, n);
    // which score plugins ran, as bits: their names and weights are shared lists per set
    let ran = 0;
    // Uniform rows of integers are not added node by node at once: while every score so far is
    // an integer the sums are exact in any order, so they join the next row's pass (or a last
    // one), the same totals with fewer passes.
    let pending = 0;
    let exact = true;
    for (let k = 0; k < this.score.length; k++) {
      const p = this.score[k];
      if ((skipped & (1 << k)) !== 0) continue;
      const weight = this.scoreWeights[k];
      let uniform = false;
      if (p.scoreNodes) uniform = p.scoreNodes(state, pod, nodes, n, raw, 0) === true;
      else for (let i = 0; i < n; i++) raw[i] = p.score(state, pod, nodes[i]);
      if (uniform && (p.normalizeUniform || !(p.normalizeScores || p.normalizeScore))) {
        // every node scored the same: one value to normalize, check and add
        const v = raw[0];
        const score = p.normalizeUniform ? p.normalizeUniform(state, pod, v, n) : v;
        if (score > MAX_NODE_SCORE || score < MIN_NODE_SCORE) return invalidScore(p.name, score);
        const add = score * weight;
        if (exact && Number.isInteger(add)) pending += add;
        else {
          for (let i = 0; i < n; i++) totals[i] = totals[i] + pending + add;
          pending = 0;
          exact = false;
        }
        ran |= 1 << k;
        rows.uniform(score, n);
        if (p.normalizeUniform) rows.uniform(v, n);
        else rows.same();
        continue;
      }
      // a plugin normalizing row by row gets the whole row
      if (uniform) raw.fill(raw[0], 1, n);
      let scores = raw;
      if (p.normalizeScores) {
        final.set(raw.subarray(0, n));
        const s = p.normalizeScores(state, pod, final, n);
        if (!s.isSuccess()) return s.withPlugin(p.name);
        scores = final;
      } else if (p.normalizeScore) {
        const list = this.nodeScoreList(n);
        for (let i = 0; i < n; i++) {
          list[i].name = nodes[i].name;
          list[i].score = raw[i];
        }
        const s = p.normalizeScore(state, pod, list);
        if (!s.isSuccess()) return s.withPlugin(p.name);
        for (let i = 0; i < n; i++) final[i] = list[i].score;
        scores = final;
      }
      const shape = accumulate(scores, n, weight, totals, rows.chunk, rows.dataAt, pending);
      if (shape < 0) return invalidScore(p.name, scores[-1 - shape]);
      pending = 0;
      if ((shape & BYTES) === 0 || !Number.isInteger(weight)) exact = false;
      ran |= 1 << k;
      // validated scores are 0..100: one value, bytes (kept where accumulate wrote them) or doubles
      rows.written(scores, n, (shape & BYTES) !== 0, (shape & SAME) !== 0);
      if (scores === raw) rows.same();
      else rows.copy(raw, n);
    }
    if (pending !== 0) for (let i = 0; i < n; i++) totals[i] += pending;
    return rows.end(this.scoreLists(ran), n, preScore.end());
  }

  /** Node i's total over the plugins of the last runScorePlugins: scoreTotals[0..n). */
  scoreTotals = new Float64Array(0);
  private rawScores = new Float64Array(0);
  private finalScores = new Float64Array(0);
  private readonly tableWriter = new ScoreTableWriter(new RowStore());
  // PreFilter / PreScore plugin j's shared Skip status (indexed arrays: no lookup by name)
  private readonly preFilterSkips: Status[] = [];
  private readonly preScoreSkips: Status[] = [];
  private readonly listsByRan = new Map<number, ScorePlugins>();
  private readonly preScoreStatuses = new StatusList();
  private readonly preFilterStatuses = new StatusList();
  // every cycle's successful PreFilter outcome: read at once by the cycle, not kept
  private readonly preFilterSuccess: PreFilterOutcome = {
    status: SUCCESS,
    narrowedBy: NO_NAMES,
    statuses: [],
  };

  /** A plugin's shared Skip status (Skip says nothing else), not a new one per cycle. */
  private skipOf(s: Status, plugin: string, shared: Status[], j: number): Status {
    if (s !== SKIP) return s.withPlugin(plugin);
    let skip = shared[j];
    if (!skip) shared[j] = skip = Object.freeze(SKIP.withPlugin(plugin)) as Status;
    return skip;
  }

  /** The names and weights of the score plugins in `ran` (bit k: plugin k), one list per set. */
  private scoreLists(ran: number): ScorePlugins {
    let lists = this.listsByRan.get(ran);
    if (!lists) {
      lists = { plugins: [], weights: [] };
      for (let k = 0; k < this.score.length; k++) {
        if ((ran & (1 << k)) === 0) continue;
        lists.plugins.push(this.score[k].name);
        lists.weights.push(this.scoreWeights[k]);
      }
      this.listsByRan.set(ran, lists);
    }
    return lists;
  }

  private readonly nodeScores: NodeScore[] = [];
  private nodeScoresView: NodeScore[] = [];

  /** A NodeScoreList of length n, its entries reused from cycle to cycle. */
  private nodeScoreList(n: number): NodeScore[] {
    const pool = this.nodeScores;
    while (pool.length < n) pool.push({ name: '', score: 0 });
    if (this.nodeScoresView.length !== n) this.nodeScoresView = pool.slice(0, n);
    return this.nodeScoresView;
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, node: string): Status {
    for (const p of this.reserve) {
      const s = p.reserve(state, pod, node);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /** Unreserve runs in reverse order (RunReservePluginsUnreserve). */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, node: string): void {
    for (let i = this.reserve.length - 1; i >= 0; i--) this.reserve[i].unreserve(state, pod, node);
  }

  runPermitPlugins(state: CycleState, pod: PodInfo, node: string): Status {
    for (const p of this.permit) {
      const { status } = p.permit(state, pod, node);
      // Wait is not simulated: a waiting pod is treated as permitted at once.
      if (!status.isSuccess() && status.code !== 'Wait') return status.withPlugin(p.name);
    }
    return SUCCESS;
  }

  runPreBindPlugins(state: CycleState, pod: PodInfo, node: string): Status {
    for (const p of this.preBind) {
      const s = p.preBind(state, pod, node);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /** RunBindPlugins: a plugin answering Skip hands over to the next one. */
  runBindPlugins(state: CycleState, pod: PodInfo, node: string, done: (s: Status) => void): void {
    this.bindFrom(0, state, pod, node, done);
  }

  private bindFrom(
    i: number,
    state: CycleState,
    pod: PodInfo,
    node: string,
    done: (s: Status) => void,
  ): void {
    if (i >= this.bind.length) return done(newStatus('Skip'));
    const p = this.bind[i];
    p.bind(state, pod, node, (s) =>
      s.code === 'Skip'
        ? this.bindFrom(i + 1, state, pod, node, done)
        : done(s === SUCCESS ? this.successOf(p.name, i) : s.withPlugin(p.name)),
    );
  }

  /** A plugin's shared Success status (as skipOf for Skip). */
  private successOf(plugin: string, i: number): Status {
    let success = this.successes[i];
    if (!success) this.successes[i] = success = Object.freeze(SUCCESS.withPlugin(plugin)) as Status;
    return success;
  }

  // bind plugin i's shared Success status, made when first needed
  private readonly successes: Status[] = [];

  runPostBindPlugins(state: CycleState, pod: PodInfo, node: string): void {
    for (const p of this.postBind) p.postBind(state, pod, node);
  }
}
