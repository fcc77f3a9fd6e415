import { castDraft } from 'immer';
import { immer } from 'zustand/middleware/immer';
import { createStore } from 'zustand/vanilla';

import type { Cluster, ClusterOptions, Hop } from '../engine';
import { createCluster } from '../engine';
import { clusterTopology, topologyStamp } from '../engine/view';
import type { Scenario, StepVars } from '../scenarios';
import { findStepEnd, matchesHop } from '../scenarios';
import { advanceViewTime, IDLE_RATE, MAX_SPEED, MIN_SPEED } from './playback';
import { TopologyHistory } from './topology-history';
import type { SimulationState, TerminalEntry, WalkthroughState } from './types';

/** The engine runs at least this far ahead of the view, so every hop sent by then is known
 *  (the simulated network delivers within a few ms). */
export const LOOKAHEAD_MS = 100;
/** Engine slice per advance() call while catching up, in virtual ms. */
export const ENGINE_SLICE_MS = 10;
/** Wall-clock budget for running the engine within one frame. */
export const ENGINE_BUDGET_MS = 6;
/** How many landed hops the log keeps. */
export const LOG_LIMIT = 300;
/** How long a receiver pulses after a hop lands, in wall ms. */
export const ARRIVAL_MS = 700;
/** How far step() searches ahead for the next hop, in virtual ms. */
const STEP_SEARCH_MS = 60_000;
// A frame longer than this (a hidden tab) does not fast-forward the view.
const MAX_FRAME_MS = 250;

export interface SimulationStoreOptions {
  cluster?: ClusterOptions;
  /** start playing at once (default true) */
  playing?: boolean;
  speed?: number;
  /** wall clock for the engine's per-frame budget (default performance.now) */
  wallClock?: () => number;
  /** start this walkthrough at once */
  walkthrough?: Scenario;
}

export type SimulationStore = ReturnType<typeof createSimulationStore>;

/**
 * A store owning one simulated cluster: the engine runs ahead in virtual time, the view plays
 * its hops at their sent/delivered times scaled by the speed. One store per simulation, as
 * xyflow keeps one store per flow.
 *
 *   const store = createSimulationStore({ cluster: { seed: 1, workers: 3 } });
 *   store.getState().kubectl('get nodes');
 *   store.getState().tick(16, performance.now());
 */
export function createSimulationStore(options: SimulationStoreOptions = {}) {
  const cluster: Cluster = createCluster({
    seed: 1,
    controlPlaneNodes: 1,
    workers: 3,
    ...options.cluster,
  });
  const wallClock = options.wallClock ?? (() => performance.now());
  // Hops the engine has recorded that the view has not finished playing, by sentAt.
  let pending: Hop[] = [];
  const seenIds = new Set<string>();
  let nextEntryId = 1;

  // Hops recorded since the walkthrough started, where its steps' end hops are searched.
  let story: Hop[] | undefined;

  // Hops that landed by the time the view starts are boot history, not played.
  let historyUntil = Infinity;
  cluster.sim.hops.onRecord((hop) => {
    if (hop.deliveredAt > historyUntil) insertBySentAt(pending, hop);
    story?.push(hop);
    for (const id of [hop.from, hop.to]) if (id.includes('@')) seenIds.add(id);
  });

  const startTime = cluster.now();
  historyUntil = startTime;
  // The diagram shows the topology as of view time, not the engine's (which runs ahead).
  const topologies = new TopologyHistory(startTime, clusterTopology(cluster, seenIds));
  let stamp = topologyStamp(cluster, seenIds);
  // every engine slice notifies: re-read (decoding stored objects) only when something moved
  cluster.subscribe(() => {
    const next = topologyStamp(cluster, seenIds);
    if (next === stamp) return;
    stamp = next;
    topologies.record(cluster.now(), clusterTopology(cluster, seenIds));
  });
  const initial = topologies.shownAt(startTime);

  /** Runs the engine `ms` further in slices, so topology snapshots are at most a slice late. */
  const advanceEngine = (ms: number) => {
    const target = cluster.now() + ms;
    while (cluster.now() < target)
      cluster.advance(Math.min(ENGINE_SLICE_MS, target - cluster.now()));
  };

  /** Runs the engine (in slices, within the frame budget) until it reaches `target`. */
  const runEngineTo = (target: number, budgetMs: number) => {
    const start = wallClock();
    while (cluster.now() < target && wallClock() - start < budgetMs)
      cluster.advance(Math.min(ENGINE_SLICE_MS, target - cluster.now()));
  };

  const store = createStore<SimulationState>()(
    immer((set, get) => ({
      topology: initial.topology,
      paths: initial.paths,
      viewTime: startTime,
      playing: options.playing ?? true,
      speed: clampSpeed(options.speed ?? 1),
      showBackground: true,
      stepTarget: undefined,
      inFlight: [],
      log: [],
      arrivals: [],
      selectedSeq: undefined,
      terminal: [],

      play: () => set((s) => void ((s.playing = true), (s.stepTarget = undefined))),
      pause: () => set((s) => void ((s.playing = false), (s.stepTarget = undefined))),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      setSpeed: (speed) => set((s) => void (s.speed = clampSpeed(speed))),
      setShowBackground: (show) => set((s) => void (s.showBackground = show)),

      step: () => {
        const { viewTime, showBackground } = get();
        const visible = (h: Hop) => showBackground || !h.background;
        const next = () =>
          pending.filter((h) => visible(h) && h.deliveredAt > viewTime).map((h) => h.deliveredAt);
        const deadline = cluster.now() + STEP_SEARCH_MS;
        while (next().length === 0 && cluster.now() < deadline) advanceEngine(ENGINE_SLICE_MS * 20);
        const landings = next();
        const target = landings.length ? Math.min(...landings) : cluster.now() - LOOKAHEAD_MS;
        runEngineTo(target + LOOKAHEAD_MS, Infinity);
        set((s) => void ((s.playing = false), (s.stepTarget = target)));
      },

      kubectl: (command, stdin, shown) => {
        const before = pending.length;
        const result = cluster.kubectl(command, stdin);
        // kubectl's own trace: the story this command tells, followed in slow motion
        const trace = pending.slice(before).find((h) => h.from === 'kubectl')?.trace;
        const entry: TerminalEntry = {
          id: nextEntryId++,
          command,
          ...result,
          completesAt: cluster.now(),
          done: false,
          ...(trace ? { trace } : {}),
          ...(shown ? { shown } : {}),
        };
        set((s) => void s.terminal.push(entry));
        return entry;
      },
      startWalkthrough: (scenario) => {
        story = [];
        const start = cluster.sim.hops.count - 1;
        set((s) => {
          s.walkthrough = castDraft({
            scenario,
            index: 0,
            viewing: 0,
            reached: false,
            afterSeq: start,
            floorSeq: start,
            vars: {},
          });
        });
        beginStep();
      },
      nextStep: () => {
        const w = get().walkthrough;
        if (!w) return;
        if (w.viewing < w.index) {
          set((s) => void (s.walkthrough!.viewing += 1));
          return;
        }
        if (!w.reached) {
          jumpToStepEnd();
          return;
        }
        if (w.index >= w.scenario.steps.length - 1) return;
        story = story?.filter((h) => h.seq > w.afterSeq);
        set((s) => {
          const d = s.walkthrough!;
          d.floorSeq = d.afterSeq;
          d.afterSeq = Math.max(d.afterSeq, d.endHop?.seq ?? d.afterSeq);
          d.index += 1;
          d.viewing = d.index;
          d.reached = false;
          d.endHop = undefined;
        });
        beginStep();
      },
      previousStep: () =>
        set((s) => {
          if (s.walkthrough) s.walkthrough.viewing = Math.max(0, s.walkthrough.viewing - 1);
        }),
      schedulingDecisions: (namespace, name) => cluster.schedulingDecisions(namespace, name),
      findHop: (pattern, afterSeq) =>
        cluster.sim.hops.since(afterSeq + 1).find((h) => matchesHop(pattern, h)),

      fail: (id) => {
        cluster.fail(id);
        showOwnAction();
      },
      recover: (id) => {
        cluster.recover(id);
        showOwnAction();
      },
      selectHop: (seq) => set((s) => void (s.selectedSeq = seq)),
      select: (id) => set((s) => void (s.selected = id)),

      tick: (wallMs, wallNow) => {
        const s = get();
        const moving = s.playing || s.stepTarget !== undefined;
        const expired = s.arrivals.some((a) => wallNow - a.at > ARRIVAL_MS);
        if (!moving) {
          if (expired)
            set((d) => void (d.arrivals = d.arrivals.filter((a) => wallNow - a.at <= ARRIVAL_MS)));
          showTopology(s.viewTime);
          return;
        }
        const frame = Math.min(Math.max(wallMs, 0), MAX_FRAME_MS);
        // The furthest this frame could take the view, plus the lookahead.
        runEngineTo(s.viewTime + frame * s.speed * IDLE_RATE + LOOKAHEAD_MS, ENGINE_BUDGET_MS);
        const visible = (h: Hop) => s.showBackground || !h.background;
        const shown = pending.filter(visible);
        // the user's pending commands (and the walkthrough's story) in slow motion
        const focus = new Set(s.terminal.filter((e) => !e.done && e.trace).map((e) => e.trace!));
        if (s.walkthrough?.trace) focus.add(s.walkthrough.trace);
        const end = liveStepEnd();
        // an end hop that has already landed (it may precede the previous step's) ends the
        // step where the view is
        if (end && end.stopAt <= s.viewTime) return moveView(s.viewTime, wallNow, end);
        const stops = [s.stepTarget, end?.stopAt].filter((x): x is number => x !== undefined);
        const t = advanceViewTime(s.viewTime, frame, shown, {
          speed: s.speed,
          limit: Math.max(s.viewTime, cluster.now() - LOOKAHEAD_MS),
          stopAt: stops.length ? Math.min(...stops) : undefined,
          skipIdle: s.stepTarget !== undefined,
          focus,
        });
        moveView(t, wallNow, end);
      },
    })),
  );

  /** The live step's end hop, if the engine has recorded it (undefined once reached). */
  function liveStepEnd() {
    const w = store.getState().walkthrough;
    if (!w || w.reached || !story) return undefined;
    const vars = learnVars(w);
    const step = w.scenario.steps[w.index];
    return findStepEnd(step, story, step.mayPrecede ? w.floorSeq : w.afterSeq, vars);
  }

  /** Fills in what the engine now knows: the pod's node and the scheduler that placed it. */
  function learnVars(w: WalkthroughState): StepVars {
    if (w.vars.node && w.vars.scheduler) return w.vars;
    const { namespace, name } = w.scenario.pod;
    const pod = cluster.get('pods', name, namespace) as
      { spec?: { nodeName?: string } } | undefined;
    const vars: StepVars = { ...w.vars };
    vars.node ??= pod?.spec?.nodeName;
    vars.scheduler ??= cluster.schedulingDecisions(namespace, name)[0]?.scheduler;
    if (vars.node !== w.vars.node || vars.scheduler !== w.vars.scheduler)
      store.setState((s) => void (s.walkthrough!.vars = vars));
    return vars;
  }

  /** Runs the live step's kubectl command, if any, and plays towards its end. */
  function beginStep() {
    const w = store.getState().walkthrough!;
    const step = w.scenario.steps[w.index];
    if (step.kubectl) {
      const entry = store
        .getState()
        .kubectl(step.kubectl.command, step.kubectl.stdin, step.kubectl.shown);
      if (!w.trace && entry.trace) store.setState((s) => void (s.walkthrough!.trace = entry.trace));
    }
    store.getState().play();
  }

  /** Runs the engine until the live step's end is known, then moves the view straight there. */
  function jumpToStepEnd() {
    const deadline = cluster.now() + STEP_SEARCH_MS;
    let end = liveStepEnd();
    while (!end && cluster.now() < deadline) {
      advanceEngine(ENGINE_SLICE_MS * 20);
      end = liveStepEnd();
    }
    if (!end) return;
    runEngineTo(end.stopAt + LOOKAHEAD_MS, Infinity);
    moveView(Math.max(store.getState().viewTime, end.stopAt), wallClock(), end);
  }

  /** Moves view time to t: lands the hops due by then, and marks the live step reached. */
  function moveView(t: number, wallNow: number, end?: { hop: Hop; stopAt: number }) {
    const s = store.getState();
    const visible = (h: Hop) => s.showBackground || !h.background;
    const fresh = (a: { at: number }) => wallNow - a.at <= ARRIVAL_MS;
    const landed = pending.filter((h) => h.deliveredAt <= t);
    pending = pending.filter((h) => h.deliveredAt > t);
    const landedShown = landed.filter(visible).sort(byDelivery);
    const inFlight = pending.filter((h) => visible(h) && h.sentAt <= t);
    const stepDone = s.stepTarget !== undefined && t >= s.stepTarget;
    store.setState((d) => {
      d.viewTime = t;
      if (stepDone) d.stepTarget = undefined;
      if (!sameSeqs(d.inFlight, inFlight)) d.inFlight = castDraft(inFlight);
      if (landedShown.length) {
        d.log = castDraft([...s.log, ...landedShown].slice(-LOG_LIMIT));
        d.arrivals = [
          ...d.arrivals.filter(fresh),
          ...landedShown.map((h) => ({
            seq: h.seq,
            to: h.to,
            failed: h.outcome !== 'delivered',
            at: wallNow,
          })),
        ].slice(-40);
      } else if (d.arrivals.some((a) => !fresh(a))) d.arrivals = d.arrivals.filter(fresh);
      for (const e of d.terminal) if (!e.done && e.completesAt <= t) e.done = true;
      if (end && d.walkthrough && t >= end.stopAt) {
        // the narration follows the simulation: pause where the step's hop is
        d.walkthrough.reached = true;
        d.walkthrough.endHop = castDraft(end.hop);
        d.playing = false;
        d.stepTarget = undefined;
      }
    });
    showTopology(t);
  }

  /** Shows the newest topology snapshot taken by view time t (a new object only on change). */
  function showTopology(t: number) {
    const { topology, paths } = topologies.shownAt(t);
    if (topology !== store.getState().topology) store.setState({ topology, paths });
  }

  /** A failure or recovery the user asked for shows at once: the engine cannot rewind, so its
   *  newest topology is shown from the view's time on. */
  function showOwnAction() {
    const { topology, paths } = topologies.latestFrom(store.getState().viewTime);
    if (topology !== store.getState().topology) store.setState({ topology, paths });
  }

  if (options.walkthrough) store.getState().startWalkthrough(options.walkthrough);
  return Object.assign(store, { cluster });
}

function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

function byDelivery(a: Hop, b: Hop): number {
  return a.deliveredAt - b.deliveredAt || a.seq - b.seq;
}

function sameSeqs(a: readonly Hop[], b: readonly Hop[]): boolean {
  return a.length === b.length && a.every((h, i) => h.seq === b[i].seq);
}

/** Hops arrive in delivery order; keep them ordered by send time (almost always appends). */
function insertBySentAt(list: Hop[], hop: Hop): void {
  let i = list.length;
  while (i > 0 && list[i - 1].sentAt > hop.sentAt) i--;
  list.splice(i, 0, hop);
}
