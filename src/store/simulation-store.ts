import { castDraft } from 'immer';
import { immer } from 'zustand/middleware/immer';
import { createStore } from 'zustand/vanilla';

import type { Cluster, ClusterOptions, Hop } from '../engine';
import { createCluster } from '../engine';
import type { Fault } from '../engine/cluster/faults';
import { applyFault } from '../engine/cluster/faults';
import { clusterTopology, topologyStamp } from '../engine/view';
import type { Scenario, Step, StepAction, StepVars } from '../scenarios';
import {
  fillFault,
  findStepEnd,
  interestingHop,
  matchesHop,
  fillText,
  questionAnswer,
  questionChoices,
  runUntilHolds,
  SCENARIOS,
  StepWatch,
} from '../scenarios';
import { advanceViewTimeBySent, IDLE_RATE, MAX_SPEED, MIN_SPEED, PendingHops } from './playback';
import type { SessionState, WalkthroughMark } from './session';
import { plausibleSnapshot, snapshotWalkthrough } from './session';
import { runShellLine } from './shell';
import type { UserAction } from './timeline';
import { ActionTimeline } from './timeline';
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
/** How far skipIdle() searches ahead for the next foreground hop, in virtual ms. */
const SKIP_SEARCH_MS = 10 * 60_000;
/** How far step() searches ahead for the next hop, in virtual ms. */
const STEP_SEARCH_MS = 60_000;
/** A fast-forward step: how fast the view's clock skips idle time (virtual ms per wall ms),
 *  and the engine's larger share of each frame while it does. */
export const FAST_FORWARD_RATE = 20;
const FAST_FORWARD_BUDGET_MS = 10;
/** How far a walkthrough's setup may run the engine by default, in virtual ms. */
const SETUP_TIMEOUT_MS = 120_000;
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
  /** whether walkthroughs ask their "predict, then run" questions (default true) */
  questions?: boolean;
  /** a cluster already booted with `cluster`'s options, used instead of booting one here (the
   *  page boots its first one in slices, src/lazy/boot.ts) */
  booted?: Cluster;
  /** rebuild this session (replaying its actions) instead of starting fresh */
  session?: SessionState;
  /** the scenarios a session's walkthrough may name, by id (default: every scenario) */
  scenarios?: Readonly<Record<string, Scenario>>;
  /** what a rewound store keeps of its predecessor: the walkthrough's progress over view
   *  time, and how far the view had got */
  carried?: { marks: readonly WalkthroughMark[]; horizon: number };
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
  const clusterOptions: ClusterOptions = {
    seed: 1,
    controlPlaneNodes: 1,
    workers: 3,
    ...options.cluster,
    ...options.session?.cluster,
  };
  const cluster: Cluster = options.booted ?? createCluster(clusterOptions);
  // the user's actions: applied, and (after a rewind or from a link) still to replay
  const timeline = new ActionTimeline(options.session?.actions);
  let replaying = false;
  // the walkthrough's progress by view time; marks past the view replay as the view passes them
  let marks: WalkthroughMark[] = [...(options.carried?.marks ?? [])];
  let applyingMark = false;
  // who takes over when a rewind replaces this store (the provider)
  const replaceListeners = new Set<(next: SimulationStore) => void>();
  const wallClock = options.wallClock ?? (() => performance.now());
  // Hops the engine has recorded that the view has not finished playing, by sentAt.
  const pending = new PendingHops<Hop>(cluster.now());
  // the hops recorded while a command runs (to find its trace)
  let recording: Hop[] | undefined;
  let inFlightCache = { version: -1, showBackground: true, hops: [] as readonly Hop[] };
  const seenIds = new Set<string>();
  let nextEntryId = 1;

  // Hops recorded since the walkthrough started, where its steps' end hops are searched.
  let story: Hop[] | undefined;
  // Bumped whenever the engine may have changed (a slice, a command, a hop): what the store
  // derives from engine state each frame is recomputed only after it moves.
  let generation = 0;
  cluster.subscribe(() => void generation++);
  let learned:
    { generation: number; vars: StepVars; w: WalkthroughState; out: StepVars } | undefined;
  let storyEnd: StoryEnd | undefined;
  // The walkthrough's step conditions, re-checked after every engine slice.
  let stepWatch: StepWatch | undefined;
  cluster.subscribe(() => stepWatch?.onSlice());
  const watchSteps = (scenario: Scenario) => {
    stepWatch?.dispose();
    stepWatch = new StepWatch(cluster, scenario, () => {
      const w = store.getState().walkthrough;
      return w ? learnVars(w) : {};
    });
    return stepWatch;
  };

  // Hops that landed by the time the view starts are boot history, not played.
  let historyUntil = Infinity;
  cluster.sim.hops.onRecord((hop) => {
    generation++;
    if (hop.deliveredAt > historyUntil) {
      pending.add(hop);
      recording?.push(hop);
    }
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

  /** Runs the engine one slice towards `target`, replaying a queued action when it is due;
   *  with a wall-clock `deadline`, it may stop part-way (see runEventsTo). */
  const engineSlice = (target: number, deadline = Infinity) => {
    const due = timeline.nextAt();
    const stop = Math.min(cluster.now() + ENGINE_SLICE_MS, target, due ?? Infinity);
    if (stop > cluster.now()) {
      if (deadline === Infinity) cluster.advance(stop - cluster.now());
      else runEventsTo(stop, deadline);
    }
    let action: UserAction | undefined;
    while ((action = timeline.takeDue(cluster.now()))) replay(action);
  };

  /**
   * cluster.advance to `stop`, one event at a time, pausing once the wall clock passes
   * `deadline`: a burst (300 pods created at once) spreads over frames instead of blowing one.
   * It pauses only at the end of a virtual millisecond (every event due by then has run), so an
   * action taken at cluster.now() replays at the same point of the story.
   */
  const runEventsTo = (stop: number, deadline: number) => {
    const { sim } = cluster;
    for (;;) {
      const next = sim.queue.peekTime();
      if (next === undefined || next > stop) return cluster.advance(stop - cluster.now());
      sim.step();
      if (wallClock() >= deadline) return cluster.advance(0);
    }
  };

  /** Runs the engine `ms` further in slices, so topology snapshots are at most a slice late. */
  const advanceEngine = (ms: number) => {
    const target = cluster.now() + ms;
    while (cluster.now() < target) engineSlice(target);
  };

  /** Runs the engine (in slices, within the frame budget) until it reaches `target`. */
  const runEngineTo = (target: number, budgetMs: number) => {
    const deadline = wallClock() + budgetMs;
    while (cluster.now() < target && wallClock() < deadline) engineSlice(target, deadline);
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
      actions: [],
      startTime,
      horizon: Math.max(startTime, options.carried?.horizon ?? startTime),

      play: () => set((s) => void ((s.playing = true), (s.stepTarget = undefined))),
      pause: () => set((s) => void ((s.playing = false), (s.stepTarget = undefined))),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      setSpeed: (speed) => set((s) => void (s.speed = clampSpeed(speed))),
      setShowBackground: (show) => set((s) => void (s.showBackground = show)),

      step: () => {
        const { viewTime, showBackground } = get();
        const visible = (h: Hop) => showBackground || !h.background;
        // the next landing of a visible hop after the view (Infinity: none recorded yet)
        const next = () => {
          let at = Infinity;
          for (const h of pending.until(Infinity))
            if (visible(h) && h.deliveredAt > viewTime) at = Math.min(at, h.deliveredAt);
          return at;
        };
        const deadline = cluster.now() + STEP_SEARCH_MS;
        while (next() === Infinity && cluster.now() < deadline) advanceEngine(ENGINE_SLICE_MS * 20);
        const landing = next();
        const target = landing !== Infinity ? landing : cluster.now() - LOOKAHEAD_MS;
        runEngineTo(target + LOOKAHEAD_MS, Infinity);
        set((s) => void ((s.playing = false), (s.stepTarget = target)));
      },

      kubectl: (command, stdin, shown) => {
        record({ at: cluster.now(), kind: 'kubectl', command, ...optional({ stdin, shown }) });
        const outer = recording;
        const during: Hop[] = (recording = []);
        let result: ReturnType<Cluster['kubectl']>;
        try {
          // etcdctl, curl, exec … -- curl, ssh … iptables-save run as a shell would; else kubectl
          result = runShellLine(cluster, command) ?? cluster.kubectl(command, stdin);
        } finally {
          outer?.push(...during);
          recording = outer;
        }
        // kubectl's own trace: the story this command tells, followed in slow motion
        const trace = during.find((h) => h.from === 'kubectl')?.trace;
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
      startWalkthrough: (scenario, walkOptions) => {
        runSetup(scenario);
        story = [];
        stepWatch?.dispose();
        stepWatch = undefined;
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
            questions: walkOptions?.questions ?? options.questions ?? true,
            quizzes: {},
          });
        });
        beginStep();
      },
      predict: (choice) => {
        const w = get().walkthrough;
        const id = w?.scenario.steps[w.index].id;
        if (!w || !id || w.quizzes?.[id]?.phase !== 'asking') return;
        set((s) => {
          const quiz = s.walkthrough!.quizzes![id];
          quiz.phase = 'running';
          if (choice !== undefined && choice >= 0 && choice < quiz.choices.length)
            quiz.prediction = choice;
        });
        beginStep();
      },
      stepProgress: () => {
        const w = get().walkthrough;
        if (!w || w.reached || stepWatch?.scenario.id !== w.scenario.id) return undefined;
        return stepWatch.progress(w.index, get().viewTime);
      },
      nextStep: () => {
        const w = get().walkthrough;
        if (!w) return;
        if (w.viewing < w.index) {
          set((s) => void (s.walkthrough!.viewing += 1));
          return;
        }
        if (asking(w)) {
          get().predict(undefined);
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

      inject: (fault) => {
        const at = cluster.now();
        // an impossible fault (unknown target) throws before anything is recorded
        applyFault(cluster, fault);
        record({ at, kind: 'fault', fault });
        showOwnAction();
      },
      fail: (id) => get().inject(legacyFault(id, 'down')),
      recover: (id) => get().inject(legacyFault(id, 'up')),
      rewind: (t) => {
        const { horizon, speed } = get();
        const target = Math.max(startTime, Math.min(t, horizon));
        const next = createSimulationStore({
          ...options,
          // a fresh cluster replays the actions: the booted one has run on
          booted: undefined,
          walkthrough: undefined,
          playing: false,
          speed,
          session: { ...captureSession(), viewTime: target, walkthrough: markedAt(target) },
          carried: { marks, horizon },
        });
        for (const listener of replaceListeners) next.onReplaced(listener);
        for (const listener of replaceListeners) listener(next);
      },
      stepBack: () => {
        const { log, viewTime } = get();
        const earlier = log.filter((h) => h.deliveredAt < viewTime);
        get().rewind(earlier.length ? earlier[earlier.length - 1].deliveredAt : startTime);
      },
      seek: (t) => {
        if (t < get().viewTime) return get().rewind(t);
        runEngineTo(t + LOOKAHEAD_MS, Infinity);
        moveView(t, wallClock());
        set((s) => void ((s.playing = false), (s.stepTarget = undefined)));
      },
      session: () => captureSession(),
      skipIdle: () => {
        const from = get().viewTime;
        // pending is ordered by send time: the first foreground hop sent after the view
        const next = () => {
          for (const h of pending.until(Infinity)) if (!h.background && h.sentAt > from) return h;
          return undefined;
        };
        const deadline = cluster.now() + SKIP_SEARCH_MS;
        while (!next() && cluster.now() < deadline) advanceEngine(ENGINE_SLICE_MS * 100);
        const target = next()?.sentAt ?? Math.max(from, cluster.now() - LOOKAHEAD_MS);
        runEngineTo(target + LOOKAHEAD_MS, Infinity);
        moveView(target, wallClock());
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
        const ff = fastForwarding();
        runEngineTo(
          s.viewTime + frame * (ff ? FAST_FORWARD_RATE : s.speed * IDLE_RATE) + LOOKAHEAD_MS,
          ff ? FAST_FORWARD_BUDGET_MS : ENGINE_BUDGET_MS,
        );
        const visible = (h: Hop) => s.showBackground || !h.background;
        // the user's pending commands (and the walkthrough's story) in slow motion
        const focus = new Set(s.terminal.filter((e) => !e.done && e.trace).map((e) => e.trace!));
        if (s.walkthrough?.trace) focus.add(s.walkthrough.trace);
        const end = liveStepEnd();
        // an end hop that has already landed (it may precede the previous step's) ends the
        // step where the view is
        if (end && end.stopAt <= s.viewTime) return moveView(s.viewTime, wallNow, end);
        // fast-forward: the clock jumps between the interesting hops, at most FAST_FORWARD_RATE
        const stops = [
          s.stepTarget,
          end?.stopAt,
          ff ? s.viewTime + frame * FAST_FORWARD_RATE : undefined,
        ].filter((x): x is number => x !== undefined);
        const limit = Math.max(s.viewTime, cluster.now() - LOOKAHEAD_MS);
        const stopAt = stops.length ? Math.min(...stops) : undefined;
        // only the hops in flight or sent before the frame's furthest reach can matter to it
        const near = pending.until(Math.min(limit, stopAt ?? Infinity));
        const shown = only(near, ff ? (h) => visible(h) && interestingHop(h) : visible);
        const t = advanceViewTimeBySent(s.viewTime, frame, shown, {
          speed: s.speed,
          limit,
          stopAt,
          skipIdle: ff || s.stepTarget !== undefined,
          focus,
        });
        moveView(t, wallNow, end);
      },
    })),
  );

  /** The live step's end hop, if the engine has recorded it (undefined once reached). */
  function liveStepEnd() {
    const w = store.getState().walkthrough;
    if (!w || w.reached || !story || asking(w)) return undefined;
    const vars = learnVars(w);
    const step = w.scenario.steps[w.index];
    if (step.when) {
      const watcher = stepWatch?.scenario.id === w.scenario.id ? stepWatch : watchSteps(w.scenario);
      if (!watcher.watching(w.index)) watcher.begin(w.index, w.since ?? cluster.now());
      const met = watcher.met(w.index);
      return met && { hop: met.hop, stopAt: met.at };
    }
    return findStoryEnd(step, step.mayPrecede ? w.floorSeq : w.afterSeq, vars);
  }

  /** findStepEnd over the story, reading only the hops recorded since the last search: the
   *  story only grows (in seq order), so the first match found stays the first. */
  function findStoryEnd(step: Step, afterSeq: number, vars: StepVars) {
    const hops = story!;
    const c = storyEnd;
    if (!c || c.step !== step || c.story !== hops || c.afterSeq !== afterSeq || c.vars !== vars) {
      storyEnd = { step, story: hops, afterSeq, vars, scanned: hops.length };
      storyEnd.found = findStepEnd(step, hops, afterSeq, vars);
      return storyEnd.found;
    }
    if (!c.found && hops.length > c.scanned)
      c.found = findStepEnd(step, hops.slice(c.scanned), afterSeq, vars);
    c.scanned = hops.length;
    return c.found;
  }

  /** Whether the live step waits for the learner's prediction before it runs. */
  function asking(w: WalkthroughState): boolean {
    return w.quizzes?.[w.scenario.steps[w.index].id]?.phase === 'asking';
  }

  /** Whether the view skips idle time: the live step fast-forwards and has not ended. */
  function fastForwarding(): boolean {
    const w = store.getState().walkthrough;
    return !!w && !w.reached && !asking(w) && !!w.scenario.steps[w.index].fastForward;
  }

  /** Runs a scenario's setup (unnarrated) and shows the moment its condition first holds. */
  function runSetup(scenario: Scenario) {
    const setup = scenario.setup;
    if (!setup) return;
    const since = cluster.now();
    for (const action of setup.actions) runAction(action, {});
    const met = runUntilHolds(
      cluster,
      (c) => setup.until.test(c, { vars: {}, since }),
      advanceEngine,
      setup.timeoutMs ?? SETUP_TIMEOUT_MS,
    );
    const t = met ?? cluster.now();
    runEngineTo(t + LOOKAHEAD_MS, Infinity);
    moveView(Math.max(store.getState().viewTime, t), wallClock());
    store.setState((s) => void (s.arrivals = []));
  }

  /** Does what a step (or a setup) does when it begins, through the store's own actions so
   *  the action log records it. */
  function runAction(action: StepAction, vars: StepVars) {
    if ('kubectl' in action) {
      const command = fillText(action.kubectl, vars);
      const stdin = action.stdin && fillText(action.stdin, vars);
      store.getState().kubectl(command, stdin, action.shown && fillText(action.shown, vars));
    } else store.getState().inject(fillFault(action.fault, vars));
  }

  /** Fills in what the engine now knows: the pod's node and the scheduler that placed it. */
  function learnVars(w: WalkthroughState): StepVars {
    // nothing new to learn until the engine moves (the tick asks every frame)
    if (learned && learned.generation === generation && learned.w === w && learned.vars === w.vars)
      return learned.out;
    const vars: StepVars = { ...w.vars };
    if (w.scenario.pod && !(w.vars.node && w.vars.scheduler)) {
      const { namespace, name } = w.scenario.pod;
      const pod = cluster.get('pods', name, namespace) as
        { spec?: { nodeName?: string } } | undefined;
      vars.node ??= pod?.spec?.nodeName;
      vars.scheduler ??= cluster.schedulingDecisions(namespace, name)[0]?.scheduler;
    }
    Object.assign(vars, w.scenario.learn?.(cluster, vars));
    const keys = new Set([...Object.keys(vars), ...Object.keys(w.vars)]);
    if ([...keys].some((k) => vars[k] !== w.vars[k]))
      store.setState((s) => void (s.walkthrough!.vars = vars));
    else {
      // unchanged: hand back the state's own object, so searches keyed by it stay valid
      learned = { generation, vars: w.vars, w, out: w.vars };
      return w.vars;
    }
    return vars;
  }

  /** Runs the live step's kubectl command, if any, and plays towards its end. */
  function beginStep() {
    const w = store.getState().walkthrough!;
    const step = w.scenario.steps[w.index];
    // "predict, then run": ask first, run once the learner has answered (or skipped)
    if (step.question && w.questions && !w.quizzes?.[step.id]) {
      const choices = questionChoices(step.question, cluster, learnVars(w));
      store.setState((s) => {
        s.walkthrough!.quizzes = {
          ...s.walkthrough!.quizzes,
          [step.id]: { choices, phase: 'asking' },
        };
        s.playing = false;
        s.stepTarget = undefined;
      });
      return;
    }
    store.setState((s) => void (s.walkthrough!.since = cluster.now()));
    if (step.kubectl) {
      const vars = learnVars(w);
      const { command, stdin, shown } = step.kubectl;
      const entry = store
        .getState()
        .kubectl(fillText(command, vars), stdin && fillText(stdin, vars), fillText(shown, vars));
      if (!w.trace && entry.trace) store.setState((s) => void (s.walkthrough!.trace = entry.trace));
    }
    for (const action of step.actions ?? []) runAction(action, learnVars(w));
    // start watching the step's end condition from the moment the step began
    liveStepEnd();
    store.getState().play();
  }

  /** Runs the engine until the live step's end is known, then moves the view straight there. */
  function jumpToStepEnd() {
    const w = store.getState().walkthrough;
    const deadline = cluster.now() + (w?.scenario.steps[w.index].fastForward ?? STEP_SEARCH_MS);
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
    const arrival = (h: Hop) => ({
      seq: h.seq,
      to: h.to,
      failed: h.outcome !== 'delivered',
      at: wallNow,
    });
    const landedShown = pending.moveTo(t).filter(visible).sort(byDelivery);
    const inFlight = shownInFlight(s.showBackground);
    const stepDone = s.stepTarget !== undefined && t >= s.stepTarget;
    // touching a draft entry copies it: look for finished commands on the plain state first
    const completing = s.terminal.some((e) => !e.done && e.completesAt <= t);
    const reached = !!end && !!s.walkthrough && t >= end.stopAt;
    // a plain patch of what changed (no draft to create and finalize: immer deep-freezes what
    // a draft takes in, the whole log, a frame's worth at a step's end), and none at all when
    // nothing did
    const patch: Partial<SimulationState> = {};
    if (t !== s.viewTime) patch.viewTime = t;
    if (t > s.horizon) patch.horizon = t;
    if (stepDone) patch.stepTarget = undefined;
    if (inFlight !== s.inFlight && !sameSeqs(s.inFlight, inFlight)) patch.inFlight = inFlight;
    if (landedShown.length) {
      patch.log = [...s.log, ...landedShown].slice(-LOG_LIMIT);
      patch.arrivals = [...s.arrivals.filter(fresh), ...landedShown.map(arrival)].slice(-40);
    } else if (s.arrivals.some((a) => !fresh(a))) patch.arrivals = s.arrivals.filter(fresh);
    if (completing)
      patch.terminal = s.terminal.map((e) =>
        !e.done && e.completesAt <= t ? { ...e, done: true } : e,
      );
    if (reached && end && s.walkthrough) {
      // the narration follows the simulation: pause where the step's hop is
      patch.walkthrough = { ...s.walkthrough, reached: true, endHop: end.hop };
      patch.playing = false;
      patch.stepTarget = undefined;
    }
    if (Object.keys(patch).length) store.setState(patch);
    showTopology(t);
  }

  /** The visible hops in flight at the view's time, in send order: the same array until they
   *  change, so a frame where nothing was sent or landed derives nothing. */
  function shownInFlight(showBackground: boolean): readonly Hop[] {
    if (
      inFlightCache.version !== pending.version ||
      inFlightCache.showBackground !== showBackground
    ) {
      const sent = pending.sent();
      inFlightCache = {
        version: pending.version,
        showBackground,
        hops: showBackground ? sent : sent.filter((h) => !h.background),
      };
    }
    return inFlightCache.hops;
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

  /** Records an action the user (or the walkthrough) took; replayed actions are already in
   *  the timeline. A new action replaces the replayed future. */
  function record(action: UserAction) {
    if (replaying) return;
    timeline.record(action);
    store.setState((s) => void (s.actions = castDraft([...timeline.applied()])));
  }

  /** Applies an action from the timeline, as the user applied it then. */
  function replay(action: UserAction) {
    replaying = true;
    try {
      if (action.kind === 'kubectl')
        store.getState().kubectl(action.command, action.stdin, action.shown);
      else store.getState().inject(action.fault);
    } catch {
      // an action that failed when it was taken fails the same way now: nothing to apply
    } finally {
      replaying = false;
    }
    store.setState((s) => void (s.actions = castDraft([...timeline.applied()])));
  }

  /** What rebuilds this view: the cluster, every action (applied and queued), the view time,
   *  and the walkthrough's progress. */
  function captureSession(): SessionState {
    const s = store.getState();
    const w = s.walkthrough;
    return {
      v: 1,
      cluster: {
        seed: clusterOptions.seed ?? 1,
        controlPlaneNodes: clusterOptions.controlPlaneNodes ?? 1,
        workers: clusterOptions.workers ?? 3,
        ...(clusterOptions.addons === false ? { addons: false } : {}),
        // a cluster watched from power-on has other virtual times than a booted one
        ...(clusterOptions.boot === 'watch' ? { boot: 'watch' as const } : {}),
      },
      actions: [...timeline.all()],
      viewTime: s.viewTime,
      speed: s.speed,
      ...(w
        ? { walkthrough: { scenario: w.scenario.id, step: w.index, state: snapshotWalkthrough(w) } }
        : {}),
    };
  }

  /** The walkthrough's progress as the view showed it at time t. */
  function markedAt(t: number): SessionState['walkthrough'] {
    const mark = marks.filter((m) => m.at <= t).at(-1);
    if (!mark?.snapshot || !mark.scenario) return undefined;
    return { scenario: mark.scenario, step: mark.snapshot.index, state: mark.snapshot };
  }

  // Keep the walkthrough's progress by view time; a step the user starts replaces the
  // recorded future of the walkthrough.
  store.subscribe((s, prev) => {
    if (s.walkthrough !== prev.walkthrough && !applyingMark) {
      if (s.walkthrough?.index !== prev.walkthrough?.index)
        marks = marks.filter((m) => m.at <= s.viewTime);
      marks.push({
        at: s.viewTime,
        scenario: s.walkthrough?.scenario.id,
        snapshot: s.walkthrough && snapshotWalkthrough(s.walkthrough),
      });
    }
    if (s.viewTime !== prev.viewTime && !applyingMark) {
      const due = marks.filter((m) => m.at > prev.viewTime && m.at <= s.viewTime).at(-1);
      if (due) showMark(due);
    }
  });

  /** Shows a recorded walkthrough state (replaying forward past a rewind). */
  function showMark(mark: WalkthroughMark) {
    const scenario = mark.scenario ? scenarioById(mark.scenario) : undefined;
    applyingMark = true;
    try {
      restoreWalkthrough(scenario, mark.snapshot);
    } finally {
      applyingMark = false;
    }
  }

  function scenarioById(id: string): Scenario | undefined {
    const known = options.scenarios ?? SCENARIOS;
    return Object.hasOwn(known, id) ? known[id] : undefined;
  }

  /** Puts a walkthrough back as a snapshot describes it; its story is the hop log since. */
  function restoreWalkthrough(scenario: Scenario | undefined, snapshot: unknown): boolean {
    if (!scenario || !plausibleSnapshot(snapshot, scenario.steps.length)) return false;
    story = [...cluster.sim.hops.since(snapshot.floorSeq + 1)];
    store.setState((s) => void (s.walkthrough = castDraft({ ...snapshot, scenario })));
    return true;
  }

  /** Rebuilds a session: replays its actions up to its view time (the rest stay queued),
   *  shows that moment, and puts the walkthrough where it was. */
  function restoreSession(session: SessionState) {
    runEngineTo(session.viewTime + LOOKAHEAD_MS, Infinity);
    moveView(Math.max(startTime, session.viewTime), wallClock());
    store.setState((s) => {
      s.arrivals = [];
      s.playing = false;
      s.speed = clampSpeed(session.speed);
    });
    const w = session.walkthrough;
    if (!w) return;
    const scenario = scenarioById(w.scenario);
    applyingMark = true;
    try {
      if (restoreWalkthrough(scenario, w.state) || !scenario) return;
    } finally {
      applyingMark = false;
    }
    // no usable progress: start the scenario and go on to the step asked for
    store.getState().startWalkthrough(scenario);
    for (let i = 0; i < 2 * w.step + 2 && (store.getState().walkthrough?.index ?? 0) < w.step; i++)
      store.getState().nextStep();
    store.getState().pause();
  }

  // once a step with a question has run, the engine tells which choice was right
  store.subscribe((s, prev) => {
    const w = s.walkthrough;
    if (!w?.reached || prev.walkthrough?.reached) return;
    const step = w.scenario.steps[w.index];
    const quiz = w.quizzes?.[step.id];
    if (!step.question || !quiz || quiz.answer !== undefined) return;
    const answer = questionAnswer(step.question, cluster, w.vars, quiz.choices);
    store.setState((d) => void (d.walkthrough!.quizzes![step.id].answer = answer));
  });

  if (options.session) restoreSession(options.session);
  else if (options.walkthrough) store.getState().startWalkthrough(options.walkthrough);
  return Object.assign(store, {
    cluster,
    /** Calls `listener` with the store that replaces this one after a rewind. */
    onReplaced(listener: (next: SimulationStore) => void): () => void {
      replaceListeners.add(listener);
      return () => void replaceListeners.delete(listener);
    },
  });
}

/** The fault `fail(id)`/`recover(id)` stand for: a node's power or a component's process. */
function legacyFault(id: string, to: 'down' | 'up'): Fault {
  if (id.startsWith('node/'))
    return { op: to === 'down' ? 'power-off' : 'power-on', node: id.slice('node/'.length) };
  return { op: to === 'down' ? 'kill' : 'restart', component: id };
}

/** The fields whose values are defined (for exactOptionalPropertyTypes-friendly records). */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** The last search for the live step's end hop in the story, and how far it read. */
interface StoryEnd {
  step: Step;
  story: readonly Hop[];
  afterSeq: number;
  vars: StepVars;
  scanned: number;
  found?: { hop: Hop; stopAt: number } | undefined;
}

function byDelivery(a: Hop, b: Hop): number {
  return a.deliveredAt - b.deliveredAt || a.seq - b.seq;
}

/** The items of `items` that pass `keep`, read lazily. */
function* only<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

function sameSeqs(a: readonly Hop[], b: readonly Hop[]): boolean {
  return a.length === b.length && a.every((h, i) => h.seq === b[i].seq);
}
