import { describe, expect, it } from 'vitest';

import { ErrCompacted, MvccStore, prefixEnd } from '../../../src/engine/etcd';

describe('mvcc store', () => {
  it.each([
    ['/registry/pods/', '/registry/pods0'],
    ['a', 'b'],
    ['a\u00ff', 'b'],
    ['\u00ff', '\0'],
  ])('computes the prefix range end of %j as %j', (prefix, end) => {
    expect(prefixEnd(prefix)).toBe(end);
  });

  it('forgets a key deleted before the compaction revision entirely', () => {
    const s = new MvccStore();
    s.put('a', '1');
    s.deleteRange('a');
    s.put('b', '2');
    s.compact(s.revision);
    expect(s.keyCount).toBe(1);
    expect(() => s.range('a', undefined, { revision: 2 })).toThrow(ErrCompacted);
    expect(s.range('a', undefined, { revision: 4 }).count).toBe(0);
  });

  it('handles tens of thousands of keys and revisions quickly', () => {
    const s = new MvccStore();
    const t0 = performance.now();
    for (let i = 0; i < 30_000; i++) s.put(`/registry/pods/ns-${i % 50}/pod-${i}`, `v${i}`);
    for (let i = 0; i < 30_000; i += 3) s.put(`/registry/pods/ns-${i % 50}/pod-${i}`, 'updated');
    const list = s.range('/registry/pods/ns-7/', prefixEnd('/registry/pods/ns-7/'), { limit: 500 });
    s.compact(s.revision - 100);
    const elapsed = performance.now() - t0;
    expect(list.count).toBe(600);
    expect(list.kvs).toHaveLength(500);
    expect(s.revision).toBe(1 + 30_000 + 10_000);
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('mvcc history', () => {
  const value = (i: number) => `{"metadata":{"name":"p"},"status":{"phase":"P${i}","n":${i * 7}}}`;

  it('reads every superseded version back at its revision, whole and exact', () => {
    const s = new MvccStore();
    for (let i = 0; i < 20; i++) s.put('/p', value(i));
    for (let i = 0; i < 20; i++) {
      expect(s.range('/p', undefined, { revision: 2 + i }).kvs).toEqual([
        {
          key: '/p',
          createRevision: 2,
          modRevision: 2 + i,
          version: i + 1,
          value: value(i),
          lease: 0,
        },
      ]);
    }
  });

  it('replays history with prevKv from the version before, through a deletion and re-creation', () => {
    const s = new MvccStore();
    s.put('/p', value(0)); // 2
    s.put('/p', value(1)); // 3
    s.deleteRange('/p'); // 4
    s.put('/p', value(2)); // 5
    const batches: { type: string; rev: number; value: string; prev?: string }[][] = [];
    s.watch('/p', undefined, 2, true, (b) =>
      batches.push(
        b.events.map((e) => ({
          type: e.type,
          rev: e.kv.modRevision,
          value: e.kv.value,
          ...(e.prevKv && { prev: e.prevKv.value }),
        })),
      ),
    );
    expect(batches).toEqual([
      [
        { type: 'PUT', rev: 2, value: value(0) },
        { type: 'PUT', rev: 3, value: value(1), prev: value(0) },
        { type: 'DELETE', rev: 4, value: '', prev: value(1) },
        { type: 'PUT', rev: 5, value: value(2) },
      ],
    ]);
  });

  it('keeps the hash and db size of a store whose old versions are packed', () => {
    const a = new MvccStore();
    for (let i = 0; i < 10; i++) a.put('/p', value(i));
    const b = a.clone();
    a.put('/p', value(10));
    b.put('/p', value(10));
    expect(b.hash()).toBe(a.hash());
    // a revision's 17-byte bbolt key, the key and the value, and the KeyValue's other fields
    const bytes = (i: number) => 17 + '/p'.length + value(i).length + 32;
    expect(a.sizeBytes).toBe([...Array(11).keys()].reduce((n, i) => n + bytes(i), 0));
    a.compact(a.revision);
    expect(a.sizeBytes).toBe(bytes(10));
  });
});

describe('mvcc first versions packed against siblings', () => {
  const event = (i: number) =>
    `{"kind":"Event","metadata":{"name":"web-${i}.17a","namespace":"default"},"reason":"Pulled","message":"Container image \\"nginx\\" already present on machine","count":1,"n":${i}}`;

  it('gives back every value exactly, and the same object on a second read', () => {
    const s = new MvccStore();
    for (let i = 0; i < 30; i++) s.put(`/registry/events/default/web-${i}`, event(i));
    const first = s.range('/registry/events/default/', prefixEnd('/registry/events/default/')).kvs;
    expect(first.map((kv) => kv.value)).toEqual(
      [...Array(30).keys()]
        .map(String)
        .sort()
        .map((i) => event(Number(i))),
    );
    const again = s.range('/registry/events/default/web-7').kvs[0];
    expect(again).toBe(first.find((kv) => kv.key === '/registry/events/default/web-7'));
  });

  it('replays them to a watch and keeps them apart in a clone', () => {
    const s = new MvccStore();
    for (let i = 0; i < 5; i++) s.put(`/e/${i}`, event(i));
    const c = s.clone();
    s.put('/e/1', 'changed');
    const seen: string[] = [];
    c.watch('/e/', prefixEnd('/e/'), 1, false, (b) =>
      b.events.forEach((e) => seen.push(e.kv.value)),
    );
    expect(seen).toEqual([0, 1, 2, 3, 4].map(event));
    expect(c.range('/e/1').kvs[0].value).toBe(event(1));
    expect(s.range('/e/1', undefined, { revision: 3 }).kvs[0].value).toBe(event(1));
    expect(c.hash()).not.toBe(s.hash());
  });
});
