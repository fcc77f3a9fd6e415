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
  /**
   * The value its field selector requires exactly of the resource's trigger field (see
   * triggerField): it is sent only the events whose object had or has that value (cacher.go
   * valueWatchers).
   */
  trigger?: string;
  /** Ends the client's watch: the cacher is reinitializing and will not send it more. */
  terminate?(): void;
}

// The registries' TriggerFunc: pods are indexed for watchers by spec.nodeName
// (pkg/registry/core/pod/storage NodeNameTriggerFunc), nodes by metadata.name
// (pkg/registry/core/node/storage NameTriggerFunc).
const TRIGGER_FIELDS: Readonly<Record<string, string>> = {
  pods: 'spec.nodeName',
  nodes: 'metadata.name',
};

/** The field whose exact value indexes a resource's watchers, if the resource has one. */
export function triggerField(resource: string): string | undefined {
  return TRIGGER_FIELDS[resource];
}

function podTriggerValue(obj: KubeObject): string {
  return (obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

function nameTriggerValue(obj: KubeObject): string {
  return obj.metadata.name ?? '';
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
  /** the event window from `windowStart` on; slots before it are dropped events, cleared */
  private window: (CacheEvent | undefined)[] = [];
  private windowStart = 0;
  private watchers = new Set<CacheWatcher>();
  /** the watchers with a trigger, by value, and every watcher's arrival order */
  private valueWatchers = new Map<string, Set<CacheWatcher>>();
  private unindexed = new Set<CacheWatcher>();
  private order = new WeakMap<CacheWatcher, number>();
  private arrivals = 0;
  /** the newest etcd revision this cache reflects */
  rv = 0;
  ready = false;
  /** every event after this revision is still in the window */
  private resumableFrom = 0;
  private readonly triggerValue?: (obj: KubeObject) => string;
  /** trigger value → cache key → object: the cacher's index on the trigger field
   *  (pod storage's "f:spec.nodeName" indexer), so a node's pods are found without a scan */
  private readonly byTrigger = new Map<string, Map<string, KubeObject>>();

  constructor(
    readonly resource: ResourceInfo,
    private readonly windowSize = DEFAULT_EVENT_WINDOW,
  ) {
    const field = triggerField(resource.resource);
    if (field) this.triggerValue = field === 'spec.nodeName' ? podTriggerValue : nameTriggerValue;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** The objects whose trigger field (see triggerField) has exactly this value. */
  byTriggerValue(value: string): KubeObject[] {
    return [...(this.byTrigger.get(value)?.values() ?? [])];
  }

  list(namespace?: string): KubeObject[] {
    if (namespace) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const out: KubeObject[] = [];
    for (const objects of this.byNamespace.values())
      for (const obj of objects.values()) out.push(obj);
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
    if (!this.ready) {
      // watch_cache.go Replace: a (re)list starts the event window afresh at its revision
      this.window = [];
      this.windowStart = 0;
      this.resumableFrom = rv;
    }
    this.ready = true;
  }

  /**
   * The etcd watch behind the cache broke: until a relist succeeds the cache is not ready
   * (cacher.go startCaching sets ready false when its reflector's ListAndWatch returns).
   */
  invalidate(): void {
    this.ready = false;
  }

  /**
   * Ends every client watch, as cacher.go terminateAllWatchers does each time the cacher
   * (re)starts its reflector ("Terminating all watchers from cacher"); clients watch again.
   */
  terminateAllWatchers(): void {
    const watchers = [...this.watchers];
    this.watchers.clear();
    this.unindexed.clear();
    this.valueWatchers.clear();
    for (const watcher of watchers) watcher.terminate?.();
  }

  /** Applies one event from etcd and fans it out to the watchers. */
  apply(event: CacheEvent): void {
    const ns = event.object.metadata.namespace ?? '';
    const name = event.object.metadata.name!;
    let objects = this.byNamespace.get(ns);
    const previous = objects?.get(name);
    if (event.type === 'DELETED') {
      objects?.delete(name);
      if (objects?.size === 0) this.byNamespace.delete(ns);
    } else {
      if (!objects) this.byNamespace.set(ns, (objects = new Map()));
      objects.set(name, event.object);
    }
    if (this.triggerValue) {
      this.reindex(previous, event.type === 'DELETED' ? undefined : event.object);
    }
    this.rv = Math.max(this.rv, event.rv);
    this.window.push(event);
    if (this.window.length - this.windowStart > this.windowSize) {
      // the oldest event leaves the window: its slot is cleared, and the array is compacted
      // once per window's worth of events instead of shifted on every event
      this.resumableFrom = this.window[this.windowStart]!.rv;
      this.window[this.windowStart++] = undefined;
      if (this.windowStart >= this.windowSize) {
        this.window = this.window.slice(this.windowStart);
        this.windowStart = 0;
      }
    }
    if (this.valueWatchers.size === 0) {
      for (const watcher of this.watchers) watcher.deliver(event);
      return;
    }
    // Indexed watchers whose value the event touches, merged in arrival order with the rest.
    const triggerValue = this.triggerValue!;
    const value = triggerValue(event.object);
    const prev = event.prevObject ? triggerValue(event.prevObject) : value;
    const targeted = [...(this.valueWatchers.get(value) ?? [])];
    if (prev !== value) targeted.push(...(this.valueWatchers.get(prev) ?? []));
    const seq = (w: CacheWatcher) => this.order.get(w) ?? 0;
    targeted.sort((a, b) => seq(a) - seq(b));
    let t = 0;
    for (const watcher of [...this.unindexed]) {
      while (t < targeted.length && seq(targeted[t]) < seq(watcher)) targeted[t++].deliver(event);
      watcher.deliver(event);
    }
    while (t < targeted.length) targeted[t++].deliver(event);
  }

  /** Moves an object from its old trigger value's index entry to its new one's. */
  private reindex(previous: KubeObject | undefined, next: KubeObject | undefined): void {
    const triggerValue = this.triggerValue!;
    const key = cacheKey((next ?? previous)!);
    if (previous) {
      const value = triggerValue(previous);
      const entry = this.byTrigger.get(value);
      entry?.delete(key);
      if (entry?.size === 0) this.byTrigger.delete(value);
    }
    if (next) {
      const value = triggerValue(next);
      let entry = this.byTrigger.get(value);
      if (!entry) this.byTrigger.set(value, (entry = new Map()));
      entry.set(key, next);
    }
  }

  /** Events with rv > `rv`, or undefined when the window no longer reaches back that far. */
  eventsAfter(rv: number): CacheEvent[] | undefined {
    if (rv < this.resumableFrom) return undefined;
    const after: CacheEvent[] = [];
    for (let i = this.windowStart; i < this.window.length; i++) {
      const e = this.window[i]!;
      if (e.rv > rv) after.push(e);
    }
    return after;
  }

  /** The oldest revision a watch can resume from (upstream's "oldest - 1"). */
  get oldestResumable(): number {
    return this.resumableFrom;
  }

  addWatcher(watcher: CacheWatcher): () => void {
    this.watchers.add(watcher);
    this.order.set(watcher, this.arrivals++);
    const trigger = this.triggerValue ? watcher.trigger : undefined;
    if (trigger === undefined) this.unindexed.add(watcher);
    else {
      let set = this.valueWatchers.get(trigger);
      if (!set) this.valueWatchers.set(trigger, (set = new Set()));
      set.add(watcher);
    }
    return () => {
      this.watchers.delete(watcher);
      this.unindexed.delete(watcher);
      if (trigger === undefined) return;
      const set = this.valueWatchers.get(trigger);
      set?.delete(watcher);
      if (set?.size === 0) this.valueWatchers.delete(trigger);
    };
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

function cacheKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
