import { StatusError, newInternalError, newResourceExpired } from '../../api/errors';
import type { EtcdBackend, WatchEvent } from './backend';
import { prefixEnd } from './backend';
import { decodeKV, deepFreeze } from './codec';
import type { CacheEvent } from './watch-cache';

/** Where an etcd-served watch sends what it sees. */
export interface EtcdWatchSink {
  event(event: CacheEvent): void;
  /** the watch failed: sent to the client as an ERROR event, then the watch ends */
  error(err: StatusError): void;
  /** the etcd watch ended without an error the client is told of */
  closed(): void;
}

/**
 * One client watch served straight from etcd, as the etcd3 store's watcher does for a resource
 * without a watch cache (k8s.io/apiserver pkg/storage/etcd3/watcher.go): from revision 0 it
 * lists the prefix and sends each object as ADDED, then watches from the list's revision + 1;
 * from a revision it watches from the next one. Returns a function that stops it.
 */
export function watchFromEtcd(
  etcd: EtcdBackend,
  prefix: string,
  revision: number,
  trace: string | undefined,
  sink: EtcdWatchSink,
): () => void {
  let stopped = false;
  let cancel: (() => void) | undefined;
  const watch = (from: number): void => {
    cancel = etcd.watch(
      prefix,
      from,
      (events, _revision, batchTrace) => {
        for (const e of events) {
          if (stopped) return;
          const event = toEvent(e, batchTrace);
          if (!(event instanceof StatusError)) sink.event(event);
          else {
            stop();
            sink.error(event);
          }
        }
      },
      (_reason, compactRevision) => {
        if (stopped) return;
        stopped = true;
        // etcd3/errors.go interpretWatchError: a compacted start revision is 410 Expired
        if (compactRevision !== undefined)
          sink.error(newResourceExpired('The resourceVersion for the provided watch is too old.'));
        else sink.closed();
      },
    );
  };
  if (revision > 0) watch(revision + 1);
  else {
    // watcher.go sync: the initial state is one range of the prefix, every object ADDED
    etcd.range({ key: prefix, rangeEnd: prefixEnd(prefix) }, trace, (err, res) => {
      if (stopped) return;
      if (err || !res) {
        stopped = true;
        // watcher.go transformErrorToEvent: an error that is no API status is a 500
        return sink.error(newInternalError(err ?? 'etcd range failed'));
      }
      for (const kv of res.kvs) {
        const object = decodeKV(kv);
        sink.event({ type: 'ADDED', object, rv: kv.modRevision });
      }
      watch(res.revision + 1);
    });
  }
  function stop(): void {
    stopped = true;
    cancel?.();
  }
  return stop;
}

/**
 * etcd3/event.go parseEvent: a put whose create and mod revisions match created the key; any
 * other event must carry the previous value, or the watch fails (an InternalError).
 */
function toEvent(e: WatchEvent, trace: string | undefined): CacheEvent | StatusError {
  const rv = e.kv.modRevision;
  const created = e.type === 'PUT' && e.kv.createRevision === e.kv.modRevision;
  if (!created && !e.prevKv) {
    return newInternalError(
      `etcd event received with PrevKv=nil (key="${e.kv.key}", modRevision=${rv}, type=${e.type})`,
    );
  }
  if (created) return { type: 'ADDED', object: decodeKV(e.kv), rv, trace };
  const prevObject = decodeKV(e.prevKv!);
  if (e.type === 'PUT') {
    return { type: 'MODIFIED', object: decodeKV(e.kv), prevObject, rv, trace };
  }
  // a deleted object is sent as it last was, at the revision of its deletion
  const object = deepFreeze({
    ...prevObject,
    metadata: { ...prevObject.metadata, resourceVersion: String(rv) },
  });
  return { type: 'DELETED', object, prevObject, rv, trace };
}
