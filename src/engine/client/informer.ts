import type { ApiResponse, KubeObject } from '../api/types';
import type { RestClient } from './rest-client';

export interface InformerHandlers {
  onAdd?(obj: KubeObject): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  onDelete?(obj: KubeObject): void;
}

export interface InformerOptions {
  /** collection path, e.g. /api/v1/pods or /apis/apps/v1/namespaces/x/deployments */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** the component's background trace prefix for its list/watch hops */
  trace: () => string;
}

type After = (ms: number, run: () => void) => { cancel(): void };

/** client-go cache.IndexFunc: the values an object is filed under in one index. */
export type IndexFunc = (obj: KubeObject) => readonly string[];

// client-go reflector: backoff 800ms doubling to 30s on list/watch failures; watches carry a
// random timeoutSeconds in [5m, 10m) (minWatchTimeout) so they are periodically re-made.
const BACKOFF_INITIAL_MS = 800;
const BACKOFF_MAX_MS = 30_000;
const MIN_WATCH_TIMEOUT_S = 300;

/**
 * A client-go style informer: list, then watch from the list's resourceVersion, keeping a
 * local cache of the (frozen, shared) objects the apiserver sent and calling handlers on
 * changes; a broken watch resumes from the last resourceVersion, a 410 relists.
 */
export class Informer {
  private readonly store = new Map<string, KubeObject>();
  /** each key's place in the store's order, so index lookups come back in that order */
  private readonly position = new Map<string, number>();
  private nextPosition = 0;
  private readonly indexers = new Map<string, IndexFunc>();
  /** index name → value → keys filed under it */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly handlers: InformerHandlers[] = [];
  private resourceVersion = '';
  private stopWatch?: () => void;
  private retry?: { cancel(): void };
  private backoff = BACKOFF_INITIAL_MS;
  private running = false;
  synced = false;

  constructor(
    private readonly client: RestClient,
    readonly options: InformerOptions,
    private readonly after: After,
    private readonly random: () => number,
  ) {}

  addHandlers(h: InformerHandlers): void {
    this.handlers.push(h);
    // A late handler hears about what is already cached, as client-go's AddEventHandler does.
    if (this.synced) for (const obj of this.store.values()) h.onAdd?.(obj);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.relist();
  }

  stop(): void {
    this.running = false;
    this.stopWatch?.();
    this.retry?.cancel();
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(key(namespace, name));
  }

  /**
   * Adds an index (client-go Indexer.AddIndexers); an index of that name already there is kept,
   * as the controllers sharing an informer each ask for the ones they use.
   */
  addIndexer(name: string, fn: IndexFunc): void {
    if (this.indexers.has(name)) return;
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [k, obj] of this.store) fileUnder(index, fn(obj), k);
  }

  /**
   * Cached objects filed under any of `values` in the index (Indexer.ByIndex, one call per
   * value in client-go), in the cache's order.
   */
  byIndex(name: string, ...values: string[]): KubeObject[] {
    const index = this.indices.get(name);
    const out: KubeObject[] = [];
    let sorted = true;
    let last = -1;
    for (const v of values) {
      for (const k of index?.get(v) ?? []) {
        const p = this.position.get(k)!;
        if (p < last) sorted = false;
        last = p;
        out.push(this.store.get(k)!);
      }
    }
    if (!sorted) out.sort((a, b) => this.positionOf(a) - this.positionOf(b));
    return out;
  }

  private positionOf(obj: KubeObject): number {
    return this.position.get(key(obj.metadata.namespace, obj.metadata.name!))!;
  }

  /** Stores an object, keeping an existing key's place, and refiles it in every index. */
  private put(k: string, obj: KubeObject, old: KubeObject | undefined): void {
    if (!old) this.position.set(k, this.nextPosition++);
    this.store.set(k, obj);
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      const values = fn(obj);
      // a value it stays under keeps its place in that value's set
      if (old) unfile(index, fn(old), k, values);
      fileUnder(index, values, k);
    }
  }

  private remove(k: string, old: KubeObject): void {
    this.unindex(k, old);
    this.store.delete(k);
    this.position.delete(k);
  }

  private unindex(k: string, old: KubeObject): void {
    for (const [name, fn] of this.indexers) unfile(this.indices.get(name)!, fn(old), k, []);
  }

  /** Cached objects, of one namespace or all. */
  items(namespace?: string): KubeObject[] {
    const all = [...this.store.values()];
    return namespace === undefined
      ? all
      : all.filter((o) => (o.metadata.namespace ?? '') === namespace);
  }

  private query(): Record<string, string> {
    const q: Record<string, string> = {};
    if (this.options.labelSelector) q.labelSelector = this.options.labelSelector;
    if (this.options.fieldSelector) q.fieldSelector = this.options.fieldSelector;
    return q;
  }

  private relist(): void {
    if (!this.running) return;
    // resourceVersion=0 lets the apiserver answer from its watch cache (client-go's default).
    this.client.request(
      { method: 'GET', path: this.options.path, query: { ...this.query(), resourceVersion: '0' } },
      (res) => {
        if (!this.running) return;
        if (!res.ok || res.response.status !== 200) return this.scheduleRetry(() => this.relist());
        const body = res.response.body as {
          apiVersion: string;
          kind: string;
          metadata: { resourceVersion: string };
          items: KubeObject[];
        };
        this.replace(body.items, kindOf(this.options.path, body));
        this.resourceVersion = body.metadata.resourceVersion;
        this.synced = true;
        this.backoff = BACKOFF_INITIAL_MS;
        this.watch();
      },
      { trace: this.options.trace(), background: true },
    );
  }

  private watch(): void {
    if (!this.running) return;
    const timeoutSeconds = String(Math.floor(MIN_WATCH_TIMEOUT_S * (1 + this.random())));
    this.stopWatch = this.client.watch(
      {
        method: 'GET',
        path: this.options.path,
        query: {
          ...this.query(),
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: 'true',
          timeoutSeconds,
        },
      },
      {
        onEvent: (e) => this.onEvent(e as { type: string; object: KubeObject }),
        onClose: (reason, response) => {
          this.stopWatch = undefined;
          if (!this.running) return;
          if (reason === 'ended') return this.watch();
          this.onWatchError(response);
        },
      },
      { trace: this.options.trace(), background: true },
    );
  }

  private onEvent(e: { type: string; object: KubeObject }): void {
    const obj = e.object;
    if (e.type === 'ERROR') {
      // 410 Gone: our resourceVersion is too old; list again.
      this.stopWatch?.();
      this.stopWatch = undefined;
      return this.scheduleRetry(() => this.relist(), 0);
    }
    if (obj?.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
    if (e.type === 'BOOKMARK') return;
    const k = key(obj.metadata.namespace, obj.metadata.name!);
    const old = this.store.get(k);
    if (e.type === 'DELETED') {
      if (old) this.remove(k, old);
      for (const h of this.handlers) h.onDelete?.(obj);
    } else {
      this.put(k, obj, old);
      for (const h of this.handlers) {
        if (old) h.onUpdate?.(old, obj);
        else h.onAdd?.(obj);
      }
    }
  }

  private onWatchError(response: ApiResponse | undefined): void {
    // Refused, reset or rejected: back off, then resume the watch (or relist after a 410).
    const gone = response?.status === 410;
    this.scheduleRetry(() => (gone ? this.relist() : this.watch()));
  }

  private scheduleRetry(run: () => void, delay = this.backoff): void {
    this.retry?.cancel();
    this.retry = this.after(delay, run);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
  }

  /** Replaces the cache with a fresh list, telling handlers what changed. */
  private replace(items: KubeObject[], kind: { apiVersion: string; kind: string }): void {
    const fresh = new Map<string, KubeObject>();
    for (const item of items) {
      // Lists carry no apiVersion/kind on their items; restore them as client-go's decoder does.
      const obj = item.kind ? item : Object.freeze({ ...item, ...kind });
      fresh.set(key(obj.metadata.namespace, obj.metadata.name!), obj);
    }
    for (const [k, old] of this.store) {
      if (!fresh.has(k)) for (const h of this.handlers) h.onDelete?.(old);
    }
    for (const [k, obj] of fresh) {
      const old = this.store.get(k);
      if (!old) for (const h of this.handlers) h.onAdd?.(obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        for (const h of this.handlers) h.onUpdate?.(old, obj);
      }
    }
    this.store.clear();
    this.position.clear();
    for (const index of this.indices.values()) index.clear();
    for (const [k, v] of fresh) this.put(k, v, undefined);
  }
}

function unfile(
  index: Map<string, Set<string>>,
  values: readonly string[],
  k: string,
  keep: readonly string[],
): void {
  for (const v of values) {
    if (keep.includes(v)) continue;
    const keys = index.get(v);
    keys?.delete(k);
    if (keys?.size === 0) index.delete(v);
  }
}

function fileUnder(index: Map<string, Set<string>>, values: readonly string[], k: string): void {
  for (const v of values) {
    const keys = index.get(v);
    if (keys) keys.add(k);
    else index.set(v, new Set([k]));
  }
}

function key(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function kindOf(
  path: string,
  list: { apiVersion?: string; kind?: string },
): { apiVersion: string; kind: string } {
  const listKind = (list as { kind?: string }).kind ?? '';
  return {
    apiVersion: list.apiVersion ?? (path.startsWith('/api/') ? 'v1' : ''),
    kind: listKind.replace(/List$/, ''),
  };
}
