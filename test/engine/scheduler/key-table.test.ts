import { describe, expect, it } from 'vitest';
import { KeyTable, keyHash } from '../../../src/engine/scheduler/key-table';

interface Entry {
  key: string;
  n: number;
}

const table = () => new KeyTable<Entry>((e) => e.key);

describe('KeyTable', () => {
  it('finds, replaces and deletes values by key like a Map', () => {
    const t = table();
    const a = { key: 'default/a', n: 1 };
    expect(t.set(a, keyHash(a.key))).toBeUndefined();
    expect(t.get('default/a')).toBe(a);
    expect(t.has('default/b')).toBe(false);
    const a2 = { key: 'default/a', n: 2 };
    expect(t.set(a2, keyHash(a2.key))).toBe(a);
    expect(t.size).toBe(1);
    expect(t.delete('default/a')).toBe(a2);
    expect(t.delete('default/a')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('keeps every key findable through colliding hashes, deletions and growth', () => {
    // hashes chosen to collide on the table's low bits (and on the whole hash) and to wrap
    // around the end of the table, against a Map doing the same operations
    const t = table();
    const m = new Map<string, Entry>();
    const hashOf = (i: number) => [15, 31, 47, 15, 0, 14][i % 6] + (i % 7 === 0 ? 0 : 1 << 20);
    for (let i = 0; i < 400; i++) {
      const e = { key: `ns/p-${i}`, n: i };
      t.set(e, hashOf(i));
      m.set(e.key, e);
      if (i % 3 === 0) {
        const gone = `ns/p-${i >> 1}`;
        expect(t.delete(gone, hashOf(i >> 1))).toBe(m.get(gone));
        m.delete(gone);
      }
      expect(t.size).toBe(m.size);
    }
    for (let i = 0; i < 400; i++) expect(t.get(`ns/p-${i}`, hashOf(i))).toBe(m.get(`ns/p-${i}`));
    expect([...t].map((e) => e.n).sort((x, y) => x - y)).toEqual(
      [...m.values()].map((e) => e.n).sort((x, y) => x - y),
    );
  });

  it('deletes a value by identity only', () => {
    const t = table();
    const a = { key: 'default/a', n: 1 };
    const h = keyHash(a.key);
    t.set(a, h);
    expect(t.deleteValue({ key: 'default/a', n: 1 }, h)).toBe(false);
    expect(t.deleteValue(a, h)).toBe(true);
    expect(t.get('default/a')).toBeUndefined();
  });

  it('hashes keys with FNV-1a folded to 32 bits', () => {
    // FNV-1a of '' is its offset basis 0x811c9dc5, folded: h ^ (h >>> 16)
    expect(keyHash('')).toBe((0x811c9dc5 ^ (0x811c9dc5 >>> 16)) | 0);
    expect(keyHash('default/nginx')).toBe(keyHash(['default', 'nginx'].join('/')));
    expect(keyHash('default/a')).not.toBe(keyHash('default/b'));
  });
});
