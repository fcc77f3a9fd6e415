import type { KubeObject, ResourceInfo } from '../../api/types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CacheEvent {
  type: WatchEventType;
  object: KubeObject;
  prevObject?: KubeObject;
  rv: number;
  trace?: string;
}

export interface CacheWatcher {
  /** Receives every event after the watcher's start; filtering is the watcher's job. */
  deliver(event: CacheEvent): void;
}

// The real watch cache keeps a window of recent events (default capacity 100, growing
// dynamically up to a few thousand: k8s.io/apiserver pkg/storage/cacher/watch_cache.go).
const DEFAULT_EVENT_WINDOW = 1000;

/**
 * One resource's cache in the apiserver (the cacher): the current objects, fed by a single
 * etcd watch, and a window of recent events from which client watches resume.
 */
export class WatchCache {
  /** namespace ('' for cluster-scoped) → name → object */
  private byNamespace = new Map<string, Map<string, KubeObject>>();
  private window: CacheEvent[] = [];
  private watchers = new Set<CacheWatcher>();
  /** the newest etcd revision this cache reflects */
  rv = 0;
  ready = false;
  /** every event after this revision is still in the window */
  private resumableFrom = 0;

  constructor(
    readonly resource: ResourceInfo,
    private readonly windowSize = DEFAULT_EVENT_WINDOW,
  ) {}

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  list(namespace?: string): KubeObject[] {
    if (namespace) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const out: KubeObject[] = [];
    for (const objects of this.byNamespace.values()) out.push(...objects.values());
    return out;
  }

  get size(): number {
    let n = 0;
    for (const objects of this.byNamespace.values()) n += objects.size;
    return n;
  }

  /** Replaces the whole content after a (re)list from etcd, sending the difference as events. */
  replace(objects: KubeObject[], rv: number): void {
    const fresh = new Map<string, KubeObject>();
    for (const obj of objects) fresh.set(cacheKey(obj), obj);
    for (const old of this.list()) {
      if (!fresh.has(cacheKey(old))) this.apply({ type: 'DELETED', object: old, rv });
    }
    for (const obj of objects) {
      const old = this.get(obj.metadata.namespace ?? '', obj.metadata.name!);
      if (!old) this.apply({ type: 'ADDED', object: obj, rv });
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        this.apply({ type: 'MODIFIED', object: obj, prevObject: old, rv });
      }
    }
    this.rv = Math.max(this.rv, rv);
    if (!this.ready) this.resumableFrom = rv;
    this.ready = true;
  }

  /** Applies one event from etcd and fans it out to the watchers. */
  apply(event: CacheEvent): void {
    const ns = event.object.metadata.namespace ?? '';
    const name = event.object.metadata.name!;
    let objects = this.byNamespace.get(ns);
    if (event.type === 'DELETED') {
      objects?.delete(name);
      if (objects?.size === 0) this.byNamespace.delete(ns);
    } else {
      if (!objects) this.byNamespace.set(ns, (objects = new Map()));
      objects.set(name, event.object);
    }
    this.rv = Math.max(this.rv, event.rv);
    this.window.push(event);
    if (this.window.length > this.windowSize) {
      const dropped = this.window.splice(0, this.window.length - this.windowSize);
      this.resumableFrom = dropped[dropped.length - 1].rv;
    }
    for (const watcher of this.watchers) watcher.deliver(event);
  }

  /** Events with rv > `rv`, or undefined when the window no longer reaches back that far. */
  eventsAfter(rv: number): CacheEvent[] | undefined {
    if (rv < this.resumableFrom) return undefined;
    return this.window.filter((e) => e.rv > rv);
  }

  /** The oldest revision a watch can resume from (upstream's "oldest - 1"). */
  get oldestResumable(): number {
    return this.resumableFrom;
  }

  addWatcher(watcher: CacheWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

function cacheKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
