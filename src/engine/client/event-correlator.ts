// client-go tools/record/events_cache.go: the EventCorrelator's aggregation of similar events
// and its per-object spam filter, which tools/record applies to every event it sends.

// events_cache.go defaultAggregateMaxEvents, defaultAggregateIntervalInSeconds: the same event
// varying only by message 10 times within 10 minutes is aggregated
export const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
// events_cache.go defaultSpamBurst, defaultSpamQPS: 25 events per source and object, then one
// every 5 minutes
export const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;
// events_cache.go EventAggregatorByReasonMessageFunc
const AGGREGATE_MESSAGE_PREFIX = '(combined from similar events): ';

/** What the correlator does with an event: send it (maybe aggregated), or skip it. */
export interface Aggregation {
  /** the message to send: the event's own, or the aggregate one */
  message: string;
  /** the key the event logger counts repeats under (the aggregate key once aggregated) */
  key: string;
  aggregated: boolean;
}

interface AggregateRecord {
  messages: Set<string>;
  lastMs: number;
}

interface TokenBucket {
  tokens: number;
  lastMs: number;
}

/**
 * EventAggregator plus EventSourceObjectSpamFilter for one recorder (one source): keys name
 * the involved object and reason; each cache keeps the `cacheSize` keys last used, as
 * client-go's LRU caches do.
 */
export class EventCorrelator {
  private readonly aggregates = new Map<string, AggregateRecord>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly now: () => number,
    private readonly cacheSize: number,
  ) {}

  /**
   * EventAggregate: `objectKey` identifies the involved object, `eventKey` the exact event.
   * The tenth distinct message for one object, type and reason within 10 minutes (and every
   * one after it) becomes the aggregate event.
   */
  aggregate(objectKey: string, type: string, reason: string, message: string, eventKey: string) {
    const aggregateKey = `${objectKey}|${type}|${reason}`;
    const now = this.now();
    let record = this.aggregates.get(aggregateKey);
    if (!record || now - record.lastMs > AGGREGATE_INTERVAL_MS) {
      record = { messages: new Set(), lastMs: now };
    }
    record.messages.add(message);
    record.lastMs = now;
    touch(this.aggregates, aggregateKey, record, this.cacheSize);
    if (record.messages.size < AGGREGATE_MAX_EVENTS) {
      return { message, key: eventKey, aggregated: false } satisfies Aggregation;
    }
    // the local key set never grows past the maximum (sets.String.PopAny; here the oldest)
    record.messages.delete(record.messages.values().next().value!);
    return {
      message: AGGREGATE_MESSAGE_PREFIX + message,
      key: aggregateKey,
      aggregated: true,
    } satisfies Aggregation;
  }

  /** EventSourceObjectSpamFilter.Filter: true when the object's token bucket is empty. */
  filter(objectKey: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(objectKey) ?? { tokens: SPAM_BURST, lastMs: now };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + ((now - bucket.lastMs) / 1000) * SPAM_QPS);
    bucket.lastMs = now;
    const skip = bucket.tokens < 1;
    if (!skip) bucket.tokens -= 1;
    touch(this.buckets, objectKey, bucket, this.cacheSize);
    return skip;
  }
}

/** Puts `key` last (most recently used) and forgets the least recently used past `size`. */
function touch<V>(cache: Map<string, V>, key: string, value: V, size: number): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > size) cache.delete(cache.keys().next().value!);
}
