// The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go and
// graph_builder.go): one node per object uid with its owners and dependents; owners not yet
// observed are "virtual" nodes, to be verified against the API.
import type { KubeObject } from '../api/types';
import type { OwnerReference } from './util/controller-utils';
import { ownerReferences } from './util/controller-utils';

// apimachinery metav1 FinalizerOrphanDependents / FinalizerDeleteDependents
export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
}

export interface GraphNode {
  identity: ObjectIdentity;
  owners: OwnerReference[];
  dependents: Set<string>;
  /** has a deletionTimestamp */
  beingDeleted: boolean;
  /** being deleted with the foregroundDeletion finalizer */
  deletingDependents: boolean;
  /** known only from another object's ownerReference */
  virtual: boolean;
}

/** What the caller should queue after a graph change. */
export interface GraphEffects {
  attemptToDelete: string[];
  attemptToOrphan: string[];
}

const hasFinalizer = (o: KubeObject, f: string) => (o.metadata.finalizers ?? []).includes(f);

/** The uid-keyed graph of owner references, fed by informer events. */
export class DependencyGraph {
  readonly nodes = new Map<string, GraphNode>();

  /** Whether the owner kind is namespaced, to place a virtual owner. */
  constructor(private readonly namespaced: (apiVersion: string, kind: string) => boolean) {}

  /** An object was added or updated. */
  observe(obj: KubeObject): GraphEffects {
    const fx: GraphEffects = { attemptToDelete: [], attemptToOrphan: [] };
    const uid = obj.metadata.uid!;
    const identity: ObjectIdentity = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name!,
      namespace: obj.metadata.namespace ?? '',
      uid,
    };
    const owners = ownerReferences(obj);
    let node = this.nodes.get(uid);
    if (!node) {
      node = {
        identity,
        owners: [],
        dependents: new Set(),
        beingDeleted: false,
        deletingDependents: false,
        virtual: false,
      };
      this.nodes.set(uid, node);
    } else if (node.virtual) {
      node.virtual = false;
      node.identity = identity;
    }
    // owner reference changes: link new owners, unlink removed ones
    const before = new Set(node.owners.map((r) => r.uid));
    const after = new Set(owners.map((r) => r.uid));
    for (const ref of owners) {
      if (before.has(ref.uid)) continue;
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = {
          identity: {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            name: ref.name,
            namespace: this.namespaced(ref.apiVersion, ref.kind) ? identity.namespace : '',
            uid: ref.uid,
          },
          owners: [],
          dependents: new Set(),
          beingDeleted: false,
          deletingDependents: false,
          virtual: true,
        };
        this.nodes.set(ref.uid, owner);
        fx.attemptToDelete.push(ref.uid);
      }
      owner.dependents.add(uid);
    }
    for (const ref of node.owners) {
      if (after.has(ref.uid)) continue;
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(uid);
      // an owner waiting for its dependents may now be free to go
      if (owner.deletingDependents) fx.attemptToDelete.push(ref.uid);
    }
    node.owners = owners;
    node.beingDeleted = !!obj.metadata.deletionTimestamp;
    if (node.beingDeleted && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS)) {
      node.deletingDependents = true;
      fx.attemptToDelete.push(...node.dependents, uid);
    }
    if (node.beingDeleted && hasFinalizer(obj, FINALIZER_ORPHAN)) fx.attemptToOrphan.push(uid);
    return fx;
  }

  /** An object is gone (a watch DELETED event, or a virtual owner confirmed absent). */
  remove(uid: string): GraphEffects {
    const fx: GraphEffects = { attemptToDelete: [], attemptToOrphan: [] };
    const node = this.nodes.get(uid);
    if (!node) return fx;
    this.nodes.delete(uid);
    // dependents now have a dangling owner: check them
    fx.attemptToDelete.push(...node.dependents);
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(uid);
      if (owner.deletingDependents) fx.attemptToDelete.push(ref.uid);
    }
    return fx;
  }

  /** blockingDependents: dependents whose reference to `uid` has blockOwnerDeletion. */
  blockingDependents(uid: string): GraphNode[] {
    const node = this.nodes.get(uid);
    if (!node) return [];
    return [...node.dependents]
      .map((d) => this.nodes.get(d))
      .filter(
        (d): d is GraphNode =>
          !!d && d.owners.some((r) => r.uid === uid && r.blockOwnerDeletion === true),
      );
  }
}
