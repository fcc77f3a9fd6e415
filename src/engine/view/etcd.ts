import type { Cluster } from '../cluster/cluster';

/** One etcd member as `etcdctl endpoint status` and the Raft state would describe it. */
export interface EtcdMemberState {
  id: string;
  up: boolean;
  /** Raft role; a stopped member has none */
  role: 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'stopped';
  term: number;
  /** whom this member voted for in its term (Raft's hardState.vote) */
  vote?: string;
  /** the leader this member follows, as it knows it */
  leader?: string;
  /** MVCC revision of its store */
  revision: number;
  /** Raft commit index (`etcdctl endpoint status`: RAFT INDEX) */
  commitIndex: number;
  /** last entry applied to the store (RAFT APPLIED INDEX) */
  appliedIndex: number;
  keys: number;
}

/**
 * Reads one member's Raft and store state without a request (no hop).
 *
 *   etcdMemberState(c, 'etcd@control-plane-1')?.role; // 'leader'
 */
export function etcdMemberState(c: Cluster, id: string): EtcdMemberState | undefined {
  const m = c.etcd.members.find((x) => x.id === id);
  if (!m) return undefined;
  const hard = m.disk.raftLog.hardState;
  const up = m.isUp();
  return {
    id,
    up,
    role: up && m.raft ? m.raft.role : 'stopped',
    term: m.raft?.term ?? hard.term,
    ...(hard.vote ? { vote: hard.vote } : {}),
    ...(up && m.raft?.lead ? { leader: m.raft.lead } : {}),
    revision: m.disk.store.revision,
    commitIndex: hard.commit,
    appliedIndex: m.disk.consistentIndex,
    keys: m.disk.store.keyCount,
  };
}

/** One level of the key space: `/registry/pods/default` holds `count` keys below it. */
export interface RegistryNode {
  name: string;
  /** the full prefix (or key, for a leaf) */
  path: string;
  count: number;
  children: RegistryNode[];
}

/**
 * The keys a member stores under /registry as a tree (resource, namespace, name), each level
 * with how many keys it holds, as `etcdctl get --prefix /registry --keys-only` would list them.
 *
 *   registryTree(c, 'etcd@control-plane-1').children.map((n) => n.name); // ['apiregistration…', 'clusterrolebindings', …]
 */
export function registryTree(c: Cluster, id: string): RegistryNode {
  const m = c.etcd.members.find((x) => x.id === id);
  const root: RegistryNode = { name: 'registry', path: '/registry', count: 0, children: [] };
  if (!m) return root;
  // '0' follows '/' in byte order: the range end of the /registry/ prefix
  const keys = m.disk.store.range('/registry/', '/registry0', { keysOnly: true }).kvs;
  for (const kv of keys) {
    root.count++;
    let node = root;
    for (const part of kv.key.slice('/registry/'.length).split('/')) {
      let child = node.children.find((n) => n.name === part);
      if (!child) {
        child = { name: part, path: `${node.path}/${part}`, count: 0, children: [] };
        node.children.push(child);
      }
      child.count++;
      node = child;
    }
  }
  return root;
}
