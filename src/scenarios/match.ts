import type { Hop } from '../engine';
import type { Fault, HopPattern, Step, StepVars } from './types';

export type { StepVars };

/** Whether `value` matches a glob where `*` stands for any run of characters. */
export function globMatch(glob: string, value: string): boolean {
  const pattern = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(value);
}

/** A glob with its `{name}` placeholders filled in; undefined while one is unknown. */
export function fillVars(glob: string, vars: StepVars): string | undefined {
  let unknown = false;
  const filled = glob.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : filled;
}

/** Text with its `{name}` placeholders filled in; unknown ones read `fallback(name)`. */
export function fillText(
  text: string,
  vars: StepVars,
  fallback: (name: string) => string = (name) => `{${name}}`,
): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? fallback(name));
}

/** A fault with its `{name}` placeholders filled in. */
export function fillFault(fault: Fault, vars: StepVars): Fault {
  if ('pod' in fault) return { ...fault, pod: fillText(fault.pod, vars) };
  if ('node' in fault) return { ...fault, node: fillText(fault.node, vars) };
  if ('component' in fault) return { ...fault, component: fillText(fault.component, vars) };
  return fault;
}

/**
 * Whether a fast-forwarding view slows down for a hop: not background noise, and not the
 * lease traffic (leader election, node heartbeats) that keeps a quiet cluster busy.
 */
export function interestingHop(hop: Pick<Hop, 'background' | 'resource'>): boolean {
  return !hop.background && !hop.resource.includes('/leases/');
}

function fieldMatches(want: string | string[] | undefined, value: string, vars: StepVars): boolean {
  if (want === undefined) return true;
  const globs = Array.isArray(want) ? want : [want];
  return globs.some((g) => {
    const filled = fillVars(g, vars);
    return filled !== undefined && globMatch(filled, value);
  });
}

/** Whether a hop matches a pattern; placeholders not known yet match nothing. */
export function matchesHop(
  pattern: HopPattern,
  hop: Pick<Hop, 'from' | 'to' | 'verb' | 'resource' | 'status'> & Partial<Pick<Hop, 'outcome'>>,
  vars: StepVars = {},
): boolean {
  return (
    fieldMatches(pattern.from, hop.from, vars) &&
    fieldMatches(pattern.to, hop.to, vars) &&
    fieldMatches(pattern.verb, hop.verb, vars) &&
    fieldMatches(pattern.resource, hop.resource.split('?')[0], vars) &&
    (pattern.status === undefined || pattern.status === hop.status) &&
    (pattern.outcome === undefined ||
      (hop.outcome !== undefined && [pattern.outcome].flat().includes(hop.outcome)))
  );
}

/**
 * The hop that ends a step: the first (in delivery order, `seq`) after `afterSeq` that matches
 * the step's end pattern, with the virtual time the view stops at (its send or delivery).
 *
 *   findStepEnd({ until: { to: 'kubectl', verb: '201' } }, hops, -1)?.hop.from;
 */
export function findStepEnd(
  step: Pick<Step, 'until'>,
  hops: readonly Hop[],
  afterSeq: number,
  vars: StepVars = {},
): { hop: Hop; stopAt: number } | undefined {
  const until = step.until;
  if (!until) return undefined;
  let best: Hop | undefined;
  for (const h of hops)
    if (h.seq > afterSeq && (!best || h.seq < best.seq) && matchesHop(until, h, vars)) best = h;
  if (!best) return undefined;
  return { hop: best, stopAt: until.at === 'sent' ? best.sentAt : best.deliveredAt };
}

/** The component ids a step lights up among `ids` (globs and placeholders filled in). */
export function highlightedIds(
  step: Pick<Step, 'highlight'>,
  ids: Iterable<string>,
  vars: StepVars = {},
): string[] {
  return [...ids].filter((id) => fieldMatches(step.highlight, id, vars));
}
