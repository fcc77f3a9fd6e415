import { newBadRequest, newResourceExpired, newTooManyRequests } from '../../api/errors';
import { printTable } from '../../api/printers/table';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { describeObject, jsonResponse, wantsTable } from '../context';
import { hasWatchCache } from '../storage/cache-sizes';
import { watchFromEtcd } from '../storage/etcd-watcher';
import { collectionPrefix } from '../storage/store';
import type { CacheEvent, WatchCache, WatchEventType } from '../storage/watch-cache';
import { triggerField } from '../storage/watch-cache';
import { objectFilter } from './filter';
import { tableOptions } from './read';

// k8s.io/apiserver: watches without timeoutSeconds last minRequestTimeout × [1, 2)
// (--min-request-timeout=1800); bookmarks go out about once a minute (cacher bookmarkFrequency).
const MIN_REQUEST_TIMEOUT_S = 1800;
const BOOKMARK_INTERVAL_MS = 60_000;

export interface WireWatchEvent {
  type: WatchEventType | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** WATCH from the cache (or from etcd for a resource without one): initial state (for
 *  resourceVersion unset or 0) or exact replay from a resourceVersion, then live events
 *  filtered by namespace and selectors. */
export function serveWatch(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource, query, streamId } = ctx;
  if (streamId === undefined) throw newBadRequest('watch requests need a streaming connection');
  const fromEtcd = !hasWatchCache(resource);
  const cache = server.cacheForInfo(resource);
  if (!fromEtcd && !cache?.ready) throw newTooManyRequests('storage is (re)initializing', 1);
  const filter = objectFilter(resource, resource.namespaced ? info.namespace : '', query);
  const asTable = wantsTable(ctx.headers);

  const rvParam = query.resourceVersion ?? '';
  const fromNow = rvParam === '' || rvParam === '0';
  const rv = fromNow ? 0 : Number(rvParam);
  if (!Number.isInteger(rv) || rv < 0) throw newBadRequest(`invalid resource version: ${rvParam}`);
  let replay: CacheEvent[] = [];
  let tooOld = false;
  if (cache && !fromEtcd) {
    if (fromNow) {
      replay = cache
        .list(resource.namespaced ? info.namespace || undefined : undefined)
        .filter((o) => filter.matches(o))
        .sort(byKey)
        .map((object) => ({
          type: 'ADDED' as const,
          object,
          rv: Number(object.metadata.resourceVersion),
        }));
    } else {
      const events = cache.eventsAfter(rv);
      if (events === undefined) tooOld = true;
      replay = events ?? [];
    }
  }

  ctx.stages.push({ name: 'watch', ok: true, detail: `from resourceVersion ${rvParam || 'now'}` });
  ctx.reply(jsonResponse(200, { watching: `${resource.resource}` }));

  const to = ctx.clientId;
  const push = (
    event: WireWatchEvent,
    summary: string,
    trace: string | undefined,
    resourcePath: string,
  ) => {
    server.pushEvent(
      streamId,
      to,
      event.type,
      resourcePath,
      summary,
      event,
      trace,
      isBackground(trace),
    );
  };
  const render = (obj: KubeObject): unknown =>
    asTable ? printTable(resource.resource, [obj], tableOptions(ctx, sim)) : obj;

  const fail = (status: unknown, summary: string) => {
    // The watch starts, then reports the failure as an ERROR event (what client-go reflectors see).
    push({ type: 'ERROR', object: status }, summary, ctx.trace, resource.resource);
    server.endWatch(streamId);
  };
  if (tooOld) {
    const status = newResourceExpired(
      `too old resource version: ${rvParam} (${cache!.oldestResumable})`,
    ).status;
    return fail(status, `ERROR 410 too old resource version: ${rvParam}`);
  }

  const send = (type: WatchEventType, obj: KubeObject, trace: string | undefined) => {
    const hop = hopText(type, obj, resource.resource);
    push({ type, object: render(obj) }, hop.summary, trace, hop.path);
  };
  for (const e of replay) deliver(e);

  function deliver(e: CacheEvent): void {
    // An update moving an object into or out of the selection is an ADDED or DELETED to this watcher.
    const now = e.type !== 'DELETED' && filter.matches(e.object);
    const before = e.prevObject ? filter.matches(e.prevObject) : false;
    if (e.type === 'ADDED' && now) send('ADDED', e.object, e.trace);
    else if (e.type === 'MODIFIED') {
      if (now && before) send('MODIFIED', e.object, e.trace);
      else if (now) send('ADDED', e.object, e.trace);
      else if (before) send('DELETED', e.object, e.trace);
    } else if (e.type === 'DELETED' && filter.matches(e.prevObject ?? e.object))
      send('DELETED', e.object, e.trace);
  }

  const watchCache = (cache: WatchCache): (() => void) => {
    // a pod watch on spec.nodeName=X hears only about pods on X, a node watch on metadata.name=X
    // only about X (cacher.go MatcherIndex)
    const field = triggerField(resource.resource);
    const indexed = filter.fields.find(
      (f) => f.field === field && (f.operator === '=' || f.operator === '=='),
    );
    return cache.addWatcher({
      trigger: indexed?.value,
      deliver: (e) => {
        if (!server.isUp() || !sim.net.isStreamOpen(streamId)) return stop();
        deliver(e);
      },
      // the cacher is reinitializing: end the response; the client watches again
      terminate: () => {
        stop();
        server.endWatch(streamId);
      },
    });
  };
  const unsubscribe = fromEtcd
    ? watchFromEtcd(server.etcd, watchPrefix(resource, info.namespace), rv, ctx.trace, {
        event: (e) => {
          if (!server.isUp() || !sim.net.isStreamOpen(streamId)) return stop();
          deliver(e);
        },
        error: (err) => {
          stop();
          fail(err.status, `ERROR ${err.status.code} ${err.status.message}`);
        },
        closed: () => {
          stop();
          server.endWatch(streamId);
        },
      })
    : watchCache(cache!);

  const timeoutS = query.timeoutSeconds
    ? Number(query.timeoutSeconds)
    : MIN_REQUEST_TIMEOUT_S * (1 + sim.rng.next());
  const timer = server.schedule(timeoutS * 1000, () => {
    stop();
    server.endWatch(streamId);
  });
  let bookmarks: { cancel(): void } | undefined;
  const bookmark = () => {
    bookmarks = server.schedule(BOOKMARK_INTERVAL_MS, () => {
      if (!sim.net.isStreamOpen(streamId)) return stop();
      const object = {
        kind: resource.kind,
        apiVersion: apiVersionOf(resource),
        metadata: { resourceVersion: String(cache!.rv) },
      };
      push(
        { type: 'BOOKMARK', object },
        `BOOKMARK at resourceVersion ${cache!.rv}`,
        'bg-bookmark',
        resource.resource,
      );
      bookmark();
    });
  };
  // the etcd3 store asks etcd for no progress notifications on client watches: no bookmarks
  if (query.allowWatchBookmarks === 'true' && cache && !fromEtcd) bookmark();

  function stop(): void {
    unsubscribe();
    timer.cancel();
    bookmarks?.cancel();
  }
}

/** The key prefix an etcd-served watch covers: the namespace's objects, or all of them. */
function watchPrefix(resource: ResourceInfo, namespace: string): string {
  return collectionPrefix(resource, resource.namespaced ? namespace : '');
}

function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Traces of background stories (leases, heartbeats, resyncs) start with "bg". */
function isBackground(trace: string | undefined): boolean {
  return trace === undefined || trace.startsWith('bg');
}

// The hop texts of the event last sent: the cacher hands one event to every watcher in turn
// (cacher.go shares one serialization among them), so each is built once, not per watcher.
let lastHop: { type: string; obj: KubeObject; summary: string; path: string } | undefined;

function hopText(type: WatchEventType, obj: KubeObject, resource: string) {
  if (lastHop?.obj !== obj || lastHop.type !== type) {
    lastHop = {
      type,
      obj,
      summary: `${type} ${describeObject(obj)} (rv ${obj.metadata.resourceVersion})`,
      path: objectPath(resource, obj),
    };
  }
  return lastHop;
}

function objectPath(resource: string, obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return `${resource}/${ns ? `${ns}/` : ''}${obj.metadata.name}`;
}

function byKey(a: KubeObject, b: KubeObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
