import type { Status } from './status';

/**
 * framework.FitError.Error(): `0/N nodes are available:` then the PreFilter message, or else
 * the histogram of every node's reasons (`<count> <reason>`, sorted as strings, joined by
 * ", "), then the PostFilter message, each followed by a period (SeparatorFormat " %v.").
 */
export function fitErrorMessage(
  numAllNodes: number,
  nodeStatuses: Iterable<Status>,
  preFilterMsg = '',
  postFilterMsg = '',
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const histogram = new Map<string, number>();
    for (const s of nodeStatuses) {
      for (const r of s.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
    }
    const parts = [...histogram].map(([reason, n]) => `${n} ${reason}`);
    // Go's sort.Strings: byte order
    parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}
