import type { KubeObject } from '../api/types';
import { MAX_LRU_CACHE_ENTRIES } from '../client/event-recorder';
import type { EventSink } from '../client/event-sink';

/**
 * The kubelet's event recorder: Events with `source.component: kubelet` and the node as host,
 * about a pod or one of its containers (involvedObject.fieldPath `spec.containers{name}`);
 * a repeat of the same reason and message bumps `count` (client-go's EventCorrelator), for
 * the 4,096 events last seen.
 */
export class KubeletEvents {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();

  constructor(
    private readonly sink: EventSink,
    private readonly node: string,
    private readonly timestamp: () => string,
    private readonly suffix: () => string,
  ) {}

  record(
    pod: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    trace: string | undefined,
    fieldPath?: string,
  ): void {
    const namespace = pod.metadata.namespace ?? 'default';
    const key = `${pod.metadata.uid}|${fieldPath ?? ''}|${type}|${reason}|${message}`;
    const now = this.timestamp();
    const prior = this.seen.get(key);
    if (prior) {
      // most recently used last: the correlator's LRU cache forgets from the front
      this.seen.delete(key);
      this.seen.set(key, prior);
      prior.count++;
      this.sink.send(
        {
          method: 'PATCH',
          path: `/api/v1/namespaces/${prior.namespace}/events/${prior.name}`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          body: { count: prior.count, lastTimestamp: now },
        },
        trace,
      );
      return;
    }
    const name = `${pod.metadata.name}.${this.suffix()}`;
    this.seen.set(key, { name, namespace, count: 1 });
    // tools/record events_cache.go maxLruCacheEntries: a kubelet remembers the 4,096 last events
    if (this.seen.size > MAX_LRU_CACHE_ENTRIES) this.seen.delete(this.seen.keys().next().value!);
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: pod.kind === 'Node' ? 'Node' : 'Pod',
        ...(pod.kind === 'Node' ? {} : { namespace }),
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        ...(pod.metadata.resourceVersion ? { resourceVersion: pod.metadata.resourceVersion } : {}),
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component: 'kubelet', host: this.node },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: this.node,
    };
    this.sink.send(
      { method: 'POST', path: `/api/v1/namespaces/${namespace}/events`, body: event },
      trace,
    );
  }

  /** Forgets a deleted pod's aggregation keys. */
  forget(uid: string): void {
    for (const k of this.seen.keys()) if (k.startsWith(`${uid}|`)) this.seen.delete(k);
  }
}
