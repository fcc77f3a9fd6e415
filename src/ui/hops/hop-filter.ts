import type { Hop } from '../../engine';
import { shortResource } from '../diagram/labels';

/** What the hop log shows: empty strings and false mean "no filter". */
export interface HopFilter {
  /** a component id that must be the sender or the receiver */
  component: string;
  /** the exact verb (`POST`, `ADDED`, `AppendEntries`, …) */
  verb: string;
  /** text the resource must contain (case-insensitive), e.g. `pods` or `leases` */
  resource: string;
  errorsOnly: boolean;
  /** hide leases, status heartbeats, Raft heartbeats and resyncs */
  hideBackground: boolean;
}

export const NO_FILTER: HopFilter = {
  component: '',
  verb: '',
  resource: '',
  errorsOnly: false,
  hideBackground: false,
};

/** Whether any filter narrows the log. */
export function filtering(f: HopFilter): boolean {
  return (
    f.component !== '' ||
    f.verb !== '' ||
    f.resource.trim() !== '' ||
    f.errorsOnly ||
    f.hideBackground
  );
}

/** A hop that failed: lost, refused or errored on the wire, or answered with an HTTP error. */
export function hopFailed(hop: Hop): boolean {
  return hop.outcome !== 'delivered' || (hop.status ?? 0) >= 400;
}

/** Whether a hop passes the filter. */
export function matchesFilter(hop: Hop, f: HopFilter): boolean {
  if (f.component && hop.from !== f.component && hop.to !== f.component) return false;
  if (f.verb && hop.verb !== f.verb) return false;
  if (f.errorsOnly && !hopFailed(hop)) return false;
  if (f.hideBackground && hop.background) return false;
  const text = f.resource.trim().toLowerCase();
  if (
    text &&
    !hop.resource.toLowerCase().includes(text) &&
    !shortResource(hop.resource).toLowerCase().includes(text)
  )
    return false;
  return true;
}

/** The components and verbs the log holds, sorted, for the filter's choices. */
export function filterChoices(log: readonly Hop[]): { components: string[]; verbs: string[] } {
  const components = new Set<string>();
  const verbs = new Set<string>();
  for (const hop of log) {
    components.add(hop.from);
    components.add(hop.to);
    verbs.add(hop.verb);
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { components: sort(components), verbs: sort(verbs) };
}
