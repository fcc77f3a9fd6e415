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
