import { etcdKey } from '../../api/resources';
import type { StatusError } from '../../api/errors';
import { newAlreadyExists, newConflict, newNotFound, newUnknownError } from '../../api/errors';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { EtcdBackend, StoredKV } from './backend';
import { prefixEnd } from './backend';
import { decodeKV, encodeObject } from './codec';

export type Done<T> = (err: StatusError | undefined, value?: T) => void;

export interface ListResult {
  items: KubeObject[];
  revision: number;
}

/**
 * The generic registry's storage calls (k8s.io/apiserver pkg/storage/etcd3/store.go): every
 * read and write is an etcd request over the network; writes are compare-and-swap on
 * mod_revision, so concurrent writers get 409 Conflict instead of lost updates.
 */
export class RegistryStore {
  constructor(private readonly etcd: EtcdBackend) {}

  get(
    info: ResourceInfo,
    namespace: string,
    name: string,
    trace: string | undefined,
    done: Done<KubeObject>,
  ): void {
    this.etcd.range({ key: etcdKey(info, namespace, name) }, trace, (err, res) => {
      if (err) return done(etcdError(err));
      const kv = res!.kvs[0];
      if (!kv) return done(newNotFound(gr(info), name));
      done(undefined, decodeKV(kv));
    });
  }

  /** Lists one namespace (or all, for '' / cluster-scoped), optionally at a past revision. */
  list(
    info: ResourceInfo,
    namespace: string,
    revision: number | undefined,
    trace: string | undefined,
    done: Done<ListResult>,
  ): void {
    const prefix = collectionPrefix(info, namespace);
    this.etcd.range({ key: prefix, rangeEnd: prefixEnd(prefix), revision }, trace, (err, res) => {
      if (err) return done(etcdError(err));
      done(undefined, { items: res!.kvs.map(decodeKV), revision: res!.revision });
    });
  }

  /** Creates the object: a txn that succeeds only if the key does not exist (mod_revision 0). */
  create(
    info: ResourceInfo,
    obj: KubeObject,
    trace: string | undefined,
    done: Done<KubeObject>,
  ): void {
    const key = etcdKey(info, obj.metadata.namespace, obj.metadata.name);
    this.etcd.txn(
      {
        compare: [{ key, target: 'MOD', result: '=', value: 0 }],
        success: [{ op: 'put', key, value: encodeObject(obj) }],
        failure: [],
      },
      trace,
      (err, res) => {
        if (err) return done(etcdError(err));
        if (!res!.succeeded) return done(newAlreadyExists(gr(info), obj.metadata.name!));
        done(undefined, withRevision(obj, res!.revision));
      },
    );
  }

  /**
   * Writes the object if the stored mod_revision still equals `expectedRevision`; `encoded` is
   * its encoding when the caller has it already.
   */
  update(
    info: ResourceInfo,
    obj: KubeObject,
    expectedRevision: number,
    trace: string | undefined,
    done: Done<KubeObject>,
    encoded = encodeObject(obj),
  ): void {
    const key = etcdKey(info, obj.metadata.namespace, obj.metadata.name);
    this.etcd.txn(
      {
        compare: [{ key, target: 'MOD', result: '=', value: expectedRevision }],
        success: [{ op: 'put', key, value: encoded }],
        failure: [{ op: 'get', key }],
      },
      trace,
      (err, res) => {
        if (err) return done(etcdError(err));
        if (!res!.succeeded) {
          const current = res!.kvs[0];
          if (!current) return done(newNotFound(gr(info), obj.metadata.name!));
          return done(newConflict(gr(info), obj.metadata.name!));
        }
        done(undefined, withRevision(obj, res!.revision));
      },
    );
  }

  /** Deletes the key if its mod_revision still equals `expectedRevision`. */
  delete(
    info: ResourceInfo,
    namespace: string,
    name: string,
    expectedRevision: number,
    trace: string | undefined,
    done: Done<{ deleted: KubeObject; revision: number }>,
  ): void {
    const key = etcdKey(info, namespace, name);
    this.etcd.txn(
      {
        compare: [{ key, target: 'MOD', result: '=', value: expectedRevision }],
        success: [{ op: 'delete', key }],
        failure: [{ op: 'get', key }],
      },
      trace,
      (err, res) => {
        if (err) return done(etcdError(err));
        if (!res!.succeeded) {
          if (!res!.kvs[0]) return done(newNotFound(gr(info), name));
          return done(newConflict(gr(info), name));
        }
        const prev: StoredKV | undefined = res!.prevKvs[0];
        if (!prev) return done(newNotFound(gr(info), name));
        done(undefined, { deleted: decodeKV(prev), revision: res!.revision });
      },
    );
  }
}

/** The key prefix of a collection: `/registry/pods/default/` or `/registry/pods/`. */
export function collectionPrefix(info: ResourceInfo, namespace: string): string {
  return info.namespaced && namespace ? `${info.etcdPrefix}/${namespace}/` : `${info.etcdPrefix}/`;
}

export function gr(info: ResourceInfo): { group: string; resource: string } {
  return { group: info.group, resource: info.resource };
}

// the written object is the handler's own (decoded or computed for this request): it takes its
// resourceVersion in place rather than being copied whole
function withRevision(obj: KubeObject, revision: number): KubeObject {
  if (Object.isFrozen(obj) || Object.isFrozen(obj.metadata))
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** An etcd failure passes through uninterpreted, as a reasonless 500. */
export function etcdError(message: string): StatusError {
  return newUnknownError(message);
}
