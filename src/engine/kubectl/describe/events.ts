// describe.go searchEvents and DescribeEvents: the events about an object, as the `Events:`
// table (Type, Reason, Age, From, Message) or `Events:  <none>`.
import { translateTimestampSince } from '../../api/printers/duration';
import type { DescribeContext } from './context';
import { LEVEL_0, LEVEL_1 } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';

/** The fields of a core/v1 Event that describe reads. */
export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** The object an event search is about (an ObjectReference). */
export interface EventsRef {
  name: string;
  namespace: string;
  /** omitted for pods: PodDescriber clears the kind of its reference */
  kind?: string;
  uid?: string;
}

/**
 * client-go events_expansion.go GetFieldSelector: fields.Set.AsSelector sorts the keys, e.g.
 * `involvedObject.name=nginx,involvedObject.namespace=default,involvedObject.uid=…`.
 */
export function eventsFieldSelector(ref: EventsRef): string {
  const set: Record<string, string> = {
    'involvedObject.name': ref.name,
    'involvedObject.namespace': ref.namespace,
  };
  if (ref.kind) set['involvedObject.kind'] = ref.kind;
  if (ref.uid) set['involvedObject.uid'] = ref.uid;
  return Object.keys(set)
    .sort()
    .map((k) => `${k}=${set[k]}`)
    .join(',');
}

/**
 * describe.go searchEvents: lists events in the object's namespace (all namespaces for a
 * cluster-scoped object) by field selector; a failed list reads as no events.
 */
export function searchEvents(ctx: DescribeContext, ref: EventsRef): EventLike[] {
  const path = ref.namespace ? `/api/v1/namespaces/${ref.namespace}/events` : '/api/v1/events';
  try {
    const list = ctx.client.send({
      method: 'GET',
      path,
      query: { fieldSelector: eventsFieldSelector(ref), limit: String(ctx.chunkSize) },
    }) as { items?: EventLike[] };
    return list.items ?? [];
  } catch {
    return [];
  }
}

const lastTime = (e: EventLike): number => (e.lastTimestamp ? Date.parse(e.lastTimestamp) : 0);

/** describe.go DescribeEvents, sorted by last timestamp (kubectl util/event SortableEvents). */
export function describeEvents(w: PrefixWriter, events: EventLike[], now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  // the table is aligned on its own
  w.flush();
  const sorted = [...events].sort((a, b) => lastTime(a) - lastTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime
      ? translateTimestampSince(e.eventTime, now)
      : translateTimestampSince(e.firstTimestamp, now);
    let interval = first;
    if (e.series) {
      const last = translateTimestampSince(e.series.lastObservedTime, now);
      interval = `${last} (x${e.series.count ?? 0} over ${first})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    }
    const source = e.source?.component || e.reportingComponent || '';
    w.write(
      LEVEL_1,
      `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`,
    );
  }
}
