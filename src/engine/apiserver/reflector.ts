import type { KubeObject } from '../api/types';
import type { EtcdBackend, WatchEvent } from './storage/backend';
import { prefixEnd } from './storage/backend';
import { decodeKV, deepFreeze } from './storage/codec';
import type { CacheEvent, WatchCache } from './storage/watch-cache';

type After = (ms: number, run: () => void) => { cancel(): void };

// How long to wait before listing again after etcd failed or the watch broke (cacher.go runs
// startCaching under wait.Until with a period of time.Second).
const RELIST_BACKOFF_MS = 1000;

/**
 * Keeps one resource's watch cache in step with etcd, as the cacher's reflector does:
 * list the prefix, then watch it from the next revision; on any break the cache stops being
 * ready, and a second later its client watches are terminated and it lists again.
 */
export class Reflector {
  private cancelWatch?: () => void;
  private retry?: { cancel(): void };
  private stopped = false;

  constructor(
    readonly cache: WatchCache,
    private readonly etcd: EtcdBackend,
    private readonly after: After,
  ) {}

  start(): void {
    this.stopped = false;
    this.list();
  }

  stop(): void {
    this.stopped = true;
    this.cancelWatch?.();
    this.retry?.cancel();
  }

  private list(): void {
    if (this.stopped) return;
    // cacher.go startCaching: terminateAllWatchers before each ListAndWatch
    this.cache.terminateAllWatchers();
    const prefix = `${this.cache.resource.etcdPrefix}/`;
    this.etcd.range({ key: prefix, rangeEnd: prefixEnd(prefix) }, undefined, (err, res) => {
      if (this.stopped) return;
      if (err || !res) return this.backoff();
      this.cache.replace(res.kvs.map(decodeKV), res.revision);
      this.watch(res.revision + 1);
    });
  }

  private watch(fromRevision: number): void {
    const prefix = `${this.cache.resource.etcdPrefix}/`;
    this.cancelWatch = this.etcd.watch(
      prefix,
      fromRevision,
      (events, _revision, trace) => {
        for (const e of events) this.cache.apply(this.toCacheEvent(e, trace));
      },
      () => {
        this.cancelWatch = undefined;
        this.cache.invalidate();
        this.backoff();
      },
    );
  }

  private backoff(): void {
    if (this.stopped) return;
    this.retry = this.after(RELIST_BACKOFF_MS, () => this.list());
  }

  private toCacheEvent(e: WatchEvent, trace: string | undefined): CacheEvent {
    const rv = e.kv.modRevision;
    if (e.type === 'DELETE') {
      const last = e.prevKv ? decodeKV(e.prevKv) : this.lookup(e.kv.key);
      // A deleted object is reported at the revision of its deletion.
      const object = deepFreeze({
        ...last,
        metadata: { ...last.metadata, resourceVersion: String(rv) },
      });
      return { type: 'DELETED', object, prevObject: last, rv, trace };
    }
    const object = decodeKV(e.kv);
    const prevObject = this.cache.get(object.metadata.namespace ?? '', object.metadata.name!);
    return { type: prevObject ? 'MODIFIED' : 'ADDED', object, prevObject, rv, trace };
  }

  private lookup(key: string): KubeObject {
    const rest = key.slice(this.cache.resource.etcdPrefix.length + 1).split('/');
    const [namespace, name] = rest.length === 2 ? rest : ['', rest[0]];
    return (
      this.cache.get(namespace, name) ?? {
        apiVersion: 'v1',
        kind: this.cache.resource.kind,
        metadata: { name, namespace: namespace || undefined },
      }
    );
  }
}
