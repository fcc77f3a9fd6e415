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
      this.store.delete(k);
      for (const h of this.handlers) h.onDelete?.(obj);
    } else {
      this.store.set(k, obj);
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
    for (const [k, v] of fresh) this.store.set(k, v);
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
