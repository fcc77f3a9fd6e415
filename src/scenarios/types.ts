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
}

/** The hop that ends a step: when it lands (default), or as soon as it leaves its sender. */
export type StepEnd = HopPattern & { at?: 'sent' | 'delivered' };

/** An extra table a step shows beside its narration. */
export type StepDetail =
  /** the apiserver's pipeline stages, read from the first hop matching the pattern */
  | { kind: 'stages'; of: HopPattern }
  /** the scheduler's per-node filter outcomes and scores for the walkthrough's pod */
  | { kind: 'scheduling' };

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
  /** the engine point at which the step is done */
  until: StepEnd;
  /** the end hop may land before the previous step's (several apiservers fan a watch event
   *  out at once): search from where the previous step searched */
  mayPrecede?: boolean;
  /** a kubectl command the walkthrough types when the step begins */
  kubectl?: { command: string; stdin?: string; shown: string };
  detail?: StepDetail;
}

/** A narrated walkthrough over the live simulation. */
export interface Scenario {
  id: string;
  title: string;
  /** what the page invites the user to do before the first step */
  invitation: string;
  /** the pod the story follows */
  pod: { namespace: string; name: string };
  /** shown with the invitation (the manifest the first step applies) */
  manifest: string;
  steps: Step[];
}
