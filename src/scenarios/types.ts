import type { Cluster, ClusterOptions, HopOutcome } from '../engine';

/**
 * What a walkthrough has learnt from the engine, by placeholder: `{node}` (the node its pod
 * was bound to), `{scheduler}` (the scheduler that placed it), or a scenario's own names.
 */
export type StepVars = Partial<Record<string, string>>;

/**
 * Which hops a step waits for. Each field is a glob (`*` matches any run of characters) or a
 * list of globs, any of which may match; `{node}` stands for the node the walkthrough's pod
 * was bound to, `{scheduler}` the scheduler instance that scheduled it. Absent fields match anything.
 */
export interface HopPattern {
  from?: string | string[];
  to?: string | string[];
  verb?: string | string[];
  /** matched against the hop's resource without its query string */
  resource?: string | string[];
  status?: number;
  /** what became of it: `refused` and `dropped` are failed connections */
  outcome?: HopOutcome | HopOutcome[];
}

/** The hop that ends a step: when it lands (default), or as soon as it leaves its sender. */
export type StepEnd = HopPattern & { at?: 'sent' | 'delivered' };

/** What a condition sees: the cluster (public API), what the walkthrough learnt, when the step began. */
export interface ConditionContext {
  vars: StepVars;
  /** virtual ms at which the step (or the setup) began */
  since: number;
}

/**
 * A state of the cluster that ends a step (or the setup), read through the public `Cluster`
 * API. The store evaluates it after every engine slice in which something changed and stops
 * the view at the virtual time it first held.
 */
export interface Condition {
  /** what the step is waiting for, in a few words ("worker-2 Ready=Unknown") */
  description: string;
  test(cluster: Cluster, ctx: ConditionContext): boolean;
  /** how far along the wait is at view time `now` ("38 s of 50 s"), shown while waiting */
  progress?(cluster: Cluster, ctx: ConditionContext & { now: number }): string | undefined;
}

/**
 * A fault to inject, a subset of the engine's `Fault` (src/engine/cluster/faults.ts) that the
 * store's `inject` takes. `node` and `component` may hold placeholders (`{victim}`).
 */
export type Fault =
  | { op: 'power-off' | 'power-on' | 'partition' | 'heal'; node: string }
  | { op: 'kill' | 'restart'; component: string }
  /** a pod's container (`pod` is `namespace/name`): its probes failing or healed, a crash */
  | {
      op: 'fail-readiness' | 'fail-liveness' | 'heal-probes' | 'crash';
      pod: string;
      container?: string;
    }
  /** a new worker joins (kubeadm join), named worker-N after the last one */
  | { op: 'add-worker'; cpu?: string; memory?: string };

/** Something a step does when it begins, through the store's public actions. */
export type StepAction =
  /** types a kubectl command (`shown`: how the terminal shows it) */
  { kubectl: string; stdin?: string; shown?: string } | { fault: Fault };

/**
 * "Predict, then run": asked before the step runs, answered by the simulation after. Choices
 * and answer may be functions of the engine (e.g. the node the scheduler picked).
 */
export interface Question {
  prompt: string;
  /** 2–4 choices; `{placeholders}` are filled from what the walkthrough learnt */
  choices: string[] | ((cluster: Cluster, vars: StepVars) => string[]);
  /** the right choice (its index, or its text), computed once the step has run */
  answer: number | ((cluster: Cluster, vars: StepVars) => number | string);
  /** one sentence: why */
  explanation: string;
}

/** An extra table a step shows beside its narration. */
export type StepDetail =
  /** the apiserver's pipeline stages, read from the first hop matching the pattern */
  | { kind: 'stages'; of: HopPattern }
  /** the scheduler's per-node filter outcomes and scores for the walkthrough's pod, or for
   *  `pod` (`namespace/name`, placeholders allowed) */
  | { kind: 'scheduling'; pod?: string };

/** One step of a walkthrough: what to say, what to light up, and what ends it. */
export interface Step {
  id: string;
  title: string;
  /** 1–3 plain sentences: why, not only what */
  narration: string;
  /** one more sentence when the cluster has several etcd members (HA) */
  haNarration?: string;
  /** component ids to highlight (globs, `{node}` allowed) */
  highlight: string[];
  docs: { title: string; url: string };
  /** the hop that ends the step (exactly one of `until` and `when`) */
  until?: StepEnd;
  /** the cluster state that ends the step */
  when?: Condition;
  /** the end hop may land before the previous step's (several apiservers fan a watch event
   *  out at once): search from where the previous step searched */
  mayPrecede?: boolean;
  /** a kubectl command the walkthrough types when the step begins */
  kubectl?: { command: string; stdin?: string; shown: string };
  /** more things the step does when it begins, after `kubectl` */
  actions?: StepAction[];
  /** long waits (grace periods, tolerations) are skipped over: the clock jumps between the
   *  interesting hops, and the engine searches this far (virtual ms) for the step's end */
  fastForward?: number;
  question?: Question;
  detail?: StepDetail;
}

/** The groups the scenario picker shows, in order. */
export const SCENARIO_GROUPS = [
  'basics',
  'workloads',
  'networking',
  'control plane internals',
  'failures',
] as const;
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number];

/** What runs before step 1, unnarrated (the view jumps to where the condition holds). */
export interface ScenarioSetup {
  actions: StepAction[];
  until: Condition;
  /** how far (virtual ms) the engine may run for the setup (default 120 s) */
  timeoutMs?: number;
}

/** A narrated walkthrough over the live simulation. */
export interface Scenario {
  /** stable: used in URLs and embeds */
  id: string;
  title: string;
  /** one line for the picker */
  summary: string;
  /** rough length, e.g. "5 min" */
  duration: string;
  group: ScenarioGroup;
  /** the cluster it needs (merged over the page's choice); absent fields are the user's;
   *  `boot: 'watch'` starts the walkthrough at t=0, before the control plane is up */
  cluster?: Pick<ClusterOptions, 'controlPlaneNodes' | 'workers' | 'addons' | 'boot'>;
  setup?: ScenarioSetup;
  /** what the page invites the user to do before the first step */
  invitation: string;
  /** the invitation's one-paragraph explanation and its start button */
  intro?: string;
  startLabel?: string;
  /** how the last step's state reads when reached ("the pod is running") */
  done?: string;
  /** the pod the story follows (`{node}` and `{scheduler}` are learnt from it) */
  pod?: { namespace: string; name: string };
  /** shown with the invitation (the manifest the first step applies) */
  manifest?: string;
  /** what the scenario learns from the engine besides the pod's node and scheduler */
  learn?(cluster: Cluster, vars: StepVars): StepVars;
  steps: Step[];
}
