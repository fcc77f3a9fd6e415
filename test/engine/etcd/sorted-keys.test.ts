import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SortedKeys, inRange } from '../../../src/engine/etcd';

/** Every key `visit` sees for one range, in order. */
function rangeOf(keys: SortedKeys, key: string, rangeEnd?: string): string[] {
  const out: string[] = [];
  keys.forEachInRange(key, rangeEnd, (k) => {
    out.push(k);
  });
  return out;
}

/** The same set kept as a plain sorted array: what SortedKeys must answer. */
function model(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// pod-like keys in an order that is not sorted, spread over many blocks
const podKeys = Array.from(
  { length: 3000 },
  (_, i) => `/registry/pods/default/web-${(i * 7919) % 3001}`,
);

describe('sorted keys', () => {
  it.each([
    ['a single key present', 'b', undefined, ['b']],
    ['a single key absent', 'bb', undefined, []],
    ['every key from a key on', 'b', '\0', ['b', 'c', 'd']],
    ['a half-open range', 'a', 'c', ['a', 'b']],
    ['a range before every key', '0', '1', []],
    ['a range past every key', 'e', '\0', []],
  ])('ranges over %s', (_name, key, rangeEnd, want) => {
    const keys = new SortedKeys();
    for (const k of ['d', 'b', 'a', 'c', 'b']) keys.insert(k);
    expect(rangeOf(keys, key, rangeEnd)).toEqual(want);
    expect(keys.size).toBe(4);
  });

  it('keeps thousands of keys inserted out of order sorted and counted once each', () => {
    const keys = new SortedKeys();
    for (const k of podKeys) keys.insert(k);
    for (const k of podKeys.slice(0, 100)) keys.insert(k);
    const want = model(podKeys);
    expect(keys.size).toBe(want.length);
    expect(rangeOf(keys, '', '\0')).toEqual(want);
    expect(rangeOf(keys, '/registry/pods/default/web-2', '/registry/pods/default/web-3')).toEqual(
      want.filter((k) =>
        inRange(k, '/registry/pods/default/web-2', '/registry/pods/default/web-3'),
      ),
    );
  });

  it('stops a range walk when the visitor returns false', () => {
    const keys = new SortedKeys();
    for (const k of podKeys) keys.insert(k);
    const seen: string[] = [];
    keys.forEachInRange('', '\0', (k) => {
      seen.push(k);
      return seen.length < 600;
    });
    expect(seen).toEqual(model(podKeys).slice(0, 600));
  });

  it('removes keys, and compaction filters keep only what they keep', () => {
    const keys = new SortedKeys();
    for (const k of podKeys) keys.insert(k);
    const copy = keys.clone();
    for (const k of podKeys.slice(0, 1500)) keys.remove(k);
    keys.remove('/registry/pods/default/absent');
    expect(rangeOf(keys, '', '\0')).toEqual(model(podKeys.slice(1500)));
    copy.filter((k) => k.endsWith('7'));
    expect(rangeOf(copy, '', '\0')).toEqual(model(podKeys.filter((k) => k.endsWith('7'))));
    expect(copy.size).toBe(podKeys.filter((k) => k.endsWith('7')).length);
    copy.filter(() => false);
    expect(copy.size).toBe(0);
    expect(rangeOf(copy, '', '\0')).toEqual([]);
  });

  it('answers every range as a sorted array of the same keys does', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '/', '\u00ff'), maxLength: 6 });
    const op = fc.oneof(
      fc.record({ insert: key }),
      fc.record({ remove: key }),
      fc.record({ keepNot: key }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 3000 }),
        key,
        fc.oneof(fc.constant(undefined), fc.constant('\0'), key),
        (ops, from, rangeEnd) => {
          const keys = new SortedKeys();
          const set = new Set<string>();
          for (const o of ops) {
            if ('insert' in o) {
              keys.insert(o.insert);
              set.add(o.insert);
            } else if ('remove' in o) {
              keys.remove(o.remove);
              set.delete(o.remove);
            } else {
              keys.filter((k) => k !== o.keepNot);
              set.delete(o.keepNot);
            }
          }
          const want = model(set);
          expect(keys.size).toBe(want.length);
          expect(rangeOf(keys, '', '\0')).toEqual(want);
          expect(rangeOf(keys.clone(), from, rangeEnd)).toEqual(
            want.filter((k) => inRange(k, from, rangeEnd)),
          );
        },
      ),
      { seed: 8, numRuns: 60 },
    );
  });
});
