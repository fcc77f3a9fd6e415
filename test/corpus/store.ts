import type { Cluster } from '../../src/engine';

// Keys the cluster rewrites on its own while a command runs: node and leader-election Lease
// renewals (every 10 s and 2 s). Nothing a bad input does may touch anything else.
const BACKGROUND = ['/registry/leases/'];

/** Every stored key with its value and revisions, as one string per key (Lease renewals left out). */
export function storeContents(c: Cluster): Map<string, string> {
  const member = c.etcd.leader() ?? c.etcd.members[0];
  const { kvs } = member.disk.store.range('\u0000', '\u00ff');
  const out = new Map<string, string>();
  for (const kv of kvs) {
    const key = String(kv.key);
    if (BACKGROUND.some((p) => key.startsWith(p))) continue;
    out.set(key, JSON.stringify(kv));
  }
  return out;
}

/** Keys added, removed or changed between two snapshots. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [k, v] of after)
    if (before.get(k) !== v) changed.push(before.has(k) ? `~${k}` : `+${k}`);
  for (const k of before.keys()) if (!after.has(k)) changed.push(`-${k}`);
  return changed;
}
