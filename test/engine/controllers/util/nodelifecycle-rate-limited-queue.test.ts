import { describe, expect, it } from 'vitest';

import { RateLimitedTimedQueue } from '../../../../src/engine/controllers/util/nodelifecycle-rate-limited-queue';

/**
 * The values `try` hands out from `now` on, one millisecond apart (the bucket's burst is one
 * token, so a fast limiter still lets one value through per call), in order.
 */
function drain(q: RateLimitedTimedQueue, now: number): string[] {
  const seen: string[] = [];
  for (let t = now; t < now + 10; t++)
    q.try(t, (v) => {
      seen.push(v.value);
      return [true, 0];
    });
  return seen;
}

describe('the node lifecycle controller’s rate-limited timed queue', () => {
  it('hands nodes out in the order they were queued and queues each node once', () => {
    const q = new RateLimitedTimedQueue(1e9, 0);
    expect(q.add('worker-2', 'u2', 0)).toBe(true);
    expect(q.add('worker-1', 'u1', 0)).toBe(true);
    expect(q.add('worker-2', 'u2', 5)).toBe(false);
    expect(q.add('worker-3', 'u3', 0)).toBe(true);
    expect(drain(q, 10)).toEqual(['worker-2', 'worker-1', 'worker-3']);
    // processed values stay known until removed: they are not queued again
    expect(q.add('worker-1', 'u1', 20)).toBe(false);
    expect(q.remove('worker-1')).toBe(true);
    expect(q.add('worker-1', 'u1', 20)).toBe(true);
    expect(drain(q, 30)).toEqual(['worker-1']);
  });

  it('retries a node later, ahead of nodes due at the same moment', () => {
    const q = new RateLimitedTimedQueue(1e9, 0);
    q.add('a', 'ua', 0);
    q.add('b', 'ub', 51);
    const seen: string[] = [];
    let first = true;
    q.try(0, (v) => {
      seen.push(v.value);
      if (first) {
        first = false;
        return [false, 50]; // due again at 51, the moment b is due
      }
      return [true, 0];
    });
    expect(seen).toEqual(['a']);
    expect(drain(q, 51)).toEqual(['a', 'b']);
  });

  it('forgets a removed node wherever it waits, and reports nodes it never had', () => {
    const q = new RateLimitedTimedQueue(1e9, 0);
    for (const n of ['a', 'b', 'c']) q.add(n, n, 0);
    expect(q.remove('b')).toBe(true);
    expect(q.remove('b')).toBe(false);
    expect(q.remove('zzz')).toBe(false);
    expect(q.length).toBe(2);
    expect(drain(q, 1)).toEqual(['a', 'c']);
  });

  it('lets one node through per token at the eviction rate', () => {
    const q = new RateLimitedTimedQueue(0.1, 0);
    for (const n of ['a', 'b', 'c']) q.add(n, n, 0);
    expect(drain(q, 0)).toEqual(['a']);
    expect(drain(q, 5_000)).toEqual([]);
    expect(drain(q, 10_000)).toEqual(['b']);
    expect(drain(q, 20_000)).toEqual(['c']);
  });
});
