import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ErrDuplicateKey, ErrGRPCCompacted, ErrGRPCFutureRev } from '../../../src/engine/etcd';
import { realEtcdAvailable, realTarget } from './targets/real';
import { simTarget } from './targets/sim';
import type { EtcdTarget } from './targets/target';

// One suite, two targets: any difference between the simulation and etcd fails here.
const targets: [string, () => Promise<EtcdTarget>, boolean][] = [
  ['simulated etcd', async () => simTarget(), true],
  ['real etcd', realTarget, realEtcdAvailable()],
];

for (const [name, make, available] of targets) {
  describe.runIf(available)(`MVCC contract: ${name}`, { timeout: 30_000 }, () => {
    let t: EtcdTarget;
    beforeAll(async () => {
      t = await make();
    }, 30_000);
    afterAll(async () => {
      await t?.close();
    });

    it('an empty store is at revision 1 and the first write makes revision 2', async () => {
      expect(await t.revision()).toBe(1);
      const r = await t.put('first', 'v');
      expect(r.revision).toBe(2);
      expect((await t.get('first')).kvs).toEqual([
        { key: 'first', createRevision: 2, modRevision: 2, version: 1, value: 'v' },
      ]);
    });

    it('puts bump the revision, keep create_revision and count versions', async () => {
      const r1 = await t.put('p/a', '1');
      const r2 = await t.put('p/a', '2', true);
      expect(r2.revision).toBe(r1.revision + 1);
      expect(r2.prevKv).toEqual({
        key: 'p/a',
        createRevision: r1.revision,
        modRevision: r1.revision,
        version: 1,
        value: '1',
      });
      const got = await t.get('p/a');
      expect(got.revision).toBe(r2.revision);
      expect(got.kvs).toEqual([
        {
          key: 'p/a',
          createRevision: r1.revision,
          modRevision: r2.revision,
          version: 2,
          value: '2',
        },
      ]);
    });

    it('a delete resets the version; deleting a missing key does not bump the revision', async () => {
      const r1 = await t.put('d/a', 'x');
      const del = await t.del('d/a');
      expect(del.deleted).toBe(1);
      expect(del.revision).toBe(r1.revision + 1);
      expect(del.prevKvs.map((k) => k.value)).toEqual(['x']);
      const none = await t.del('d/a');
      expect(none).toEqual({ revision: del.revision, deleted: 0, prevKvs: [] });
      expect((await t.get('d/a')).count).toBe(0);
      const again = await t.put('d/a', 'y');
      expect((await t.get('d/a')).kvs).toEqual([
        {
          key: 'd/a',
          createRevision: again.revision,
          modRevision: again.revision,
          version: 1,
          value: 'y',
        },
      ]);
    });

    it('prefix ranges honour limit, count, more, keys-only and count-only', async () => {
      for (const k of ['c', 'a', 'b', 'd']) await t.put(`r/${k}`, k.toUpperCase());
      await t.put('r0', 'outside the prefix');
      const all = await t.get('r/', { rangeEnd: 'r0' });
      expect(all.kvs.map((k) => k.key)).toEqual(['r/a', 'r/b', 'r/c', 'r/d']);
      expect([all.count, all.more]).toEqual([4, false]);
      const limited = await t.get('r/', { rangeEnd: 'r0', limit: 2 });
      expect(limited.kvs.map((k) => k.key)).toEqual(['r/a', 'r/b']);
      expect([limited.count, limited.more]).toEqual([4, true]);
      const keysOnly = await t.get('r/', { rangeEnd: 'r0', keysOnly: true });
      expect(keysOnly.kvs.map((k) => [k.key, k.value])).toEqual([
        ['r/a', ''],
        ['r/b', ''],
        ['r/c', ''],
        ['r/d', ''],
      ]);
      const countOnly = await t.get('r/', { rangeEnd: 'r0', countOnly: true });
      expect([countOnly.kvs, countOnly.count]).toEqual([[], 4]);
      const half = await t.get('r/b', { rangeEnd: 'r/d' });
      expect(half.kvs.map((k) => k.key)).toEqual(['r/b', 'r/c']);
    });

    it("a range end of '\\0' reads every key from the key on", async () => {
      await t.put('zz/a', '1');
      await t.put('zz/b', '2');
      await t.put('zzz', '3');
      const r = await t.get('zz/b', { rangeEnd: '\0' });
      expect(r.kvs.map((k) => k.key)).toEqual(['zz/b', 'zzz']);
    });

    it('reads at an old revision see the old value; a future revision is an error', async () => {
      const r1 = await t.put('h/a', 'old');
      await t.put('h/a', 'new');
      await t.del('h/b');
      const old = await t.get('h/a', { revision: r1.revision });
      expect(old.kvs.map((k) => [k.value, k.version])).toEqual([['old', 1]]);
      const now = await t.revision();
      await expect(t.get('h/a', { revision: now + 10 })).rejects.toThrow(ErrGRPCFutureRev);
    });

    it('a txn create-if-absent succeeds once, then runs its failure branch', async () => {
      const create = {
        compare: [
          { key: 'tx/a', target: 'MOD' as const, result: 'EQUAL' as const, modRevision: 0 },
        ],
        success: [{ put: { key: 'tx/a', value: '1' } }],
        failure: [{ range: { key: 'tx/a' } }],
      };
      const before = await t.revision();
      const first = await t.txn(create);
      expect(first.succeeded).toBe(true);
      expect(first.revision).toBe(before + 1);
      expect(first.responses).toEqual([{ put: {} }]);
      const second = await t.txn(create);
      expect(second.succeeded).toBe(false);
      expect(second.revision).toBe(first.revision);
      expect(second.responses).toEqual([
        {
          range: {
            kvs: [
              {
                key: 'tx/a',
                createRevision: first.revision,
                modRevision: first.revision,
                version: 1,
                value: '1',
              },
            ],
            count: 1,
            more: false,
          },
        },
      ]);
    });

    it('the writes of one txn share one revision and later ops see earlier ones', async () => {
      await t.put('tx2/c', 'C');
      const r = await t.txn({
        success: [
          { put: { key: 'tx2/a', value: 'A' } },
          { put: { key: 'tx2/b', value: 'B' } },
          { range: { key: 'tx2/a', rangeEnd: 'tx2/c' } },
          { deleteRange: { key: 'tx2/c' } },
        ],
      });
      expect(r.succeeded).toBe(true);
      expect(r.responses[2]).toEqual({
        range: {
          kvs: [
            {
              key: 'tx2/a',
              createRevision: r.revision,
              modRevision: r.revision,
              version: 1,
              value: 'A',
            },
            {
              key: 'tx2/b',
              createRevision: r.revision,
              modRevision: r.revision,
              version: 1,
              value: 'B',
            },
          ],
          count: 2,
          more: false,
        },
      });
      expect(r.responses[3]).toEqual({ deleteRange: { deleted: 1 } });
      expect(
        (await t.get('tx2/', { rangeEnd: 'tx20' })).kvs.map((k) => [k.key, k.modRevision]),
      ).toEqual([
        ['tx2/a', r.revision],
        ['tx2/b', r.revision],
      ]);
    });

    it('a txn may not put a key twice or put and delete it', async () => {
      const twice = {
        success: [{ put: { key: 'dup/a', value: '1' } }, { put: { key: 'dup/a', value: '2' } }],
      };
      await expect(t.txn(twice)).rejects.toThrow(ErrDuplicateKey);
      const putAndDelete = {
        success: [
          { put: { key: 'dup/b', value: '1' } },
          { deleteRange: { key: 'dup/', rangeEnd: 'dup0' } },
        ],
      };
      await expect(t.txn(putAndDelete)).rejects.toThrow(ErrDuplicateKey);
    });

    it('compares on version, create, mod and value use etcd results', async () => {
      const p1 = await t.put('cmp/a', 'hello');
      await t.put('cmp/a', 'hello');
      const cases: [Parameters<EtcdTarget['txn']>[0]['compare'], boolean][] = [
        [[{ key: 'cmp/a', target: 'VERSION', result: 'EQUAL', version: 2 }], true],
        [[{ key: 'cmp/a', target: 'VERSION', result: 'GREATER', version: 1 }], true],
        [[{ key: 'cmp/a', target: 'VERSION', result: 'LESS', version: 2 }], false],
        [[{ key: 'cmp/a', target: 'CREATE', result: 'EQUAL', createRevision: p1.revision }], true],
        [[{ key: 'cmp/a', target: 'MOD', result: 'GREATER', modRevision: p1.revision }], true],
        [[{ key: 'cmp/a', target: 'VALUE', result: 'EQUAL', value: 'hello' }], true],
        [[{ key: 'cmp/a', target: 'VALUE', result: 'NOT_EQUAL', value: 'hello' }], false],
        [[{ key: 'cmp/a', target: 'VALUE', result: 'LESS', value: 'world' }], true],
        [[{ key: 'cmp/missing', target: 'VALUE', result: 'NOT_EQUAL', value: 'x' }], false],
        [[{ key: 'cmp/missing', target: 'VERSION', result: 'EQUAL', version: 0 }], true],
        [[{ key: 'cmp/missing', target: 'CREATE', result: 'LESS', createRevision: 1 }], true],
        [
          [
            { key: 'cmp/a', target: 'VERSION', result: 'EQUAL', version: 2 },
            { key: 'cmp/missing', target: 'VERSION', result: 'NOT_EQUAL', version: 0 },
          ],
          false,
        ],
      ];
      const results = [];
      for (const [compare] of cases)
        results.push((await t.txn({ compare, success: [], failure: [] })).succeeded);
      expect(results).toEqual(cases.map(([, ok]) => ok));
    });

    it('a watch from an old revision replays history inclusively, in order, then goes live', async () => {
      const r1 = await t.put('w/a', '1');
      await t.put('w/a', '2');
      await t.del('w/a');
      await t.put('w/other', 'x');
      const w = await t.watch('w/a', { startRevision: r1.revision, prevKv: true });
      const live = await t.put('w/a', '3');
      const { events, canceled } = await w.collect(4);
      await w.close();
      expect(canceled).toBe(false);
      expect(events).toEqual([
        {
          type: 'PUT',
          kv: {
            key: 'w/a',
            createRevision: r1.revision,
            modRevision: r1.revision,
            version: 1,
            value: '1',
          },
        },
        {
          type: 'PUT',
          kv: {
            key: 'w/a',
            createRevision: r1.revision,
            modRevision: r1.revision + 1,
            version: 2,
            value: '2',
          },
          prevKv: {
            key: 'w/a',
            createRevision: r1.revision,
            modRevision: r1.revision,
            version: 1,
            value: '1',
          },
        },
        {
          type: 'DELETE',
          kv: {
            key: 'w/a',
            createRevision: 0,
            modRevision: r1.revision + 2,
            version: 0,
            value: '',
          },
          prevKv: {
            key: 'w/a',
            createRevision: r1.revision,
            modRevision: r1.revision + 1,
            version: 2,
            value: '2',
          },
        },
        {
          type: 'PUT',
          kv: {
            key: 'w/a',
            createRevision: live.revision,
            modRevision: live.revision,
            version: 1,
            value: '3',
          },
        },
      ]);
    });

    it('a prefix watch with no start revision sees only later writes', async () => {
      await t.put('wp/old', '0');
      const w = await t.watch('wp/', { rangeEnd: 'wp0' });
      const a = await t.put('wp/a', '1');
      const b = await t.put('wp/b', '2');
      await t.put('wq', 'outside');
      const { events } = await w.collect(2);
      await w.close();
      expect(events.map((e) => [e.type, e.kv.key, e.kv.modRevision])).toEqual([
        ['PUT', 'wp/a', a.revision],
        ['PUT', 'wp/b', b.revision],
      ]);
    });

    it('compaction forbids older reads and watches and rejects compacting again', async () => {
      const r1 = await t.put('k/a', '1');
      const r2 = await t.put('k/a', '2');
      await t.put('k/b', 'b');
      await t.compact(r2.revision);
      await expect(t.get('k/a', { revision: r1.revision })).rejects.toThrow(ErrGRPCCompacted);
      const atCompact = await t.get('k/a', { revision: r2.revision });
      expect(atCompact.kvs.map((k) => k.value)).toEqual(['2']);
      await expect(t.compact(r2.revision)).rejects.toThrow(ErrGRPCCompacted);
      await expect(t.compact(r1.revision)).rejects.toThrow(ErrGRPCCompacted);
      await expect(t.compact((await t.revision()) + 5)).rejects.toThrow(ErrGRPCFutureRev);

      const stale = await t.watch('k/a', { startRevision: r1.revision });
      const result = await stale.collect(1);
      await stale.close();
      expect(result).toEqual({ events: [], canceled: true, compactRevision: r2.revision });

      const fromCompact = await t.watch('k/', { rangeEnd: 'k0', startRevision: r2.revision });
      const kept = await fromCompact.collect(2);
      await fromCompact.close();
      expect(kept.events.map((e) => [e.type, e.kv.key, e.kv.value])).toEqual([
        ['PUT', 'k/a', '2'],
        ['PUT', 'k/b', 'b'],
      ]);
    });
  });
}
