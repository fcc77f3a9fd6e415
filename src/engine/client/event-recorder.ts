import type { KubeObject } from '../api/types';
import { EventCorrelator } from './event-correlator';
import type { EventSink } from './event-sink';

export interface EventSource {
  /** reportingController / source.component, e.g. `deployment-controller`, `default-scheduler` */
  component: string;
  /** source.host for node components */
  host?: string;
  /** reportingInstance */
  instance: string;
}

// tools/record/events_cache.go maxLruCacheEntries: the correlator remembers this many events.
export const MAX_LRU_CACHE_ENTRIES = 4096;

/**
 * client-go's event recorder (tools/record): core/v1 Events about an object; a repeat of the
 * same reason and message on the same object bumps `count` and `lastTimestamp` instead of
 * making a new Event (the EventCorrelator's event logger), for the 4,096 events last seen, as
 * its LRU cache holds. Given a clock (`correlate`), it also aggregates similar events and
 * drops an object's events past its spam budget, as tools/record's EventCorrelator does.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { event: KubeObject; count: number }>();
  private readonly correlator?: EventCorrelator;

  constructor(
    private readonly sink: EventSink,
    private readonly source: EventSource,
    private readonly timestamp: () => string,
    private readonly suffix: () => string,
    private readonly trace: () => string | undefined,
    correlate?: { now: () => number },
  ) {
    if (correlate) this.correlator = new EventCorrelator(correlate.now, MAX_LRU_CACHE_ENTRIES);
  }

  /** Records `Normal`/`Warning` `reason` with `message` about `obj`. */
  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    trace?: string,
  ): void {
    const namespace = obj.metadata.namespace || 'default';
    // events_cache.go getSpamKey: the source (this recorder) and the involved object
    const objectKey = `${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}|${obj.metadata.uid}|${obj.apiVersion}`;
    let key = `${obj.metadata.uid}|${type}|${reason}|${message}`;
    let aggregated = false;
    if (this.correlator) {
      const a = this.correlator.aggregate(objectKey, type, reason, message, key);
      ({ key, message, aggregated } = a);
    }
    const now = this.timestamp();
    const prior = this.seen.get(key);
    const t = trace ?? this.trace();
    if (prior) {
      // most recently used last: the LRU cache forgets from the front
      this.seen.delete(key);
      this.seen.set(key, prior);
      prior.count++;
      // EventCorrelate: the repeat is counted before the spam filter may drop it
      if (this.correlator?.filter(objectKey)) return;
      const { name, namespace } = prior.event.metadata;
      const count = prior.count;
      this.sink.send(
        {
          method: 'PATCH',
          path: `/api/v1/namespaces/${namespace}/events/${name}`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          // eventObserve: the two-way merge patch against the event with no count, time or
          // message carries all three
          body: { count, lastTimestamp: now, message },
        },
        t,
        // tools/record/event.go recordEvent: a patch answered NotFound (the event was never
        // stored, or was removed) creates the event instead, with the count so far
        (res) => {
          if (res.ok && res.response.status === 404)
            this.create({ ...prior.event, count, lastTimestamp: now, message }, t);
        },
      );
      return;
    }
    // Event names are `<object name>.<unique hex suffix>` (tools/record makeEvent).
    const name = `${obj.metadata.name}.${this.suffix()}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: withoutUnset({
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
      }),
      reason,
      message,
      source: {
        component: this.source.component,
        ...(this.source.host ? { host: this.source.host } : {}),
      },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      // EventAggregate's aggregate event copies no reporting controller or instance
      reportingComponent: aggregated ? '' : this.source.component,
      reportingInstance: aggregated ? '' : this.source.instance,
    };
    this.seen.set(key, { event, count: 1 });
    if (this.seen.size > MAX_LRU_CACHE_ENTRIES) this.seen.delete(this.seen.keys().next().value!);
    if (this.correlator?.filter(objectKey)) return;
    this.create(event, t);
  }

  private create(event: KubeObject, trace: string | undefined): void {
    this.sink.send(
      {
        method: 'POST',
        path: `/api/v1/namespaces/${event.metadata.namespace}/events`,
        body: event,
      },
      trace,
    );
  }
}

// The ObjectReference as JSON carries it: unset fields (a Node's namespace) are left out.
function withoutUnset(ref: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ref)) if (v !== undefined) out[k] = v;
  return out;
}
