import { describe, expect, it } from 'vitest';

import { ErrTimeout } from '../../../src/engine/etcd';
import { errorOf, leadersByTerm, makeCluster } from './helpers';

describe('raft elections', () => {
  it.each([3, 5])(
    'a %i-member cluster elects exactly one leader within a few election timeouts',
    (n) => {
      const { sim, etcd, settle } = makeCluster(n, 11);
      expect(settle()).toBe(true);
      expect(sim.now()).toBeLessThan(3 * 2000);
      expect(etcd.members.filter((m) => m.isLeader())).toHaveLength(1);
      const term = etcd.leader()!.raft!.term;
      expect(
        etcd.members.every((m) => m.raft!.term === term && m.raft!.lead === etcd.leader()!.id),
      ).toBe(true);
      sim.advance(30_000);
      expect(etcd.members.filter((m) => m.isLeader())).toHaveLength(1);
      expect(etcd.leader()!.raft!.term).toBe(term); // heartbeats keep the leader in place
    },
  );

  it.each([1, 3])(
    'a new %i-member cluster opens its log with one committed ConfChange per member at term 1 and elects its first leader in term 2, as etcd does',
    (n) => {
      const { etcd, settle } = makeCluster(n, 5);
      expect(settle()).toBe(true);
      const leader = etcd.leader()!;
      expect(leader.raft!.term).toBe(2);
      const log = leader.disk.raftLog;
      const opening = log.slice(1, n + 1);
      expect(opening.map((e) => [e.index, e.term, e.confChange?.type])).toEqual(
        Array.from({ length: n }, (_, i) => [i + 1, 1, 'ConfChangeAddNode']),
      );
      expect(new Set(opening.map((e) => e.confChange?.nodeId))).toEqual(
        new Set(etcd.members.map((m) => m.id)),
      );
      // the new leader's empty entry follows them, in its own term
      expect(log.entry(n + 1)).toMatchObject({ index: n + 1, term: 2, data: undefined });
    },
  );

  it('draws randomized election timeouts in [1000, 2000) ms from the seeded rng', () => {
    const firstElection = (seed: number) => {
      const { sim, settle } = makeCluster(3, seed);
      settle();
      const vote = sim.hops.all().find((h) => h.verb === 'MsgPreVote')!;
      return vote.sentAt;
    };
    const times = [1, 2, 3, 4, 5, 6].map(firstElection);
    for (const t of times) expect(t >= 1000 && t < 2000).toBe(true);
    expect(new Set(times).size).toBeGreaterThan(1);
    expect(firstElection(4)).toBe(times[3]);
  });

  it('killing the leader elects a new one and writes continue', () => {
    const { sim, etcd, settle, call } = makeCluster(3, 2);
    settle();
    const old = etcd.leader()!;
    const follower = etcd.members.find((m) => m !== old)!;
    expect(errorOf(call(follower, 'Put', { key: '/a', value: '1' }))).toBeUndefined();
    old.kill();
    expect(sim.runUntil(() => etcd.leader() !== undefined && etcd.leader() !== old, 10_000)).toBe(
      true,
    );
    expect(etcd.leader()!.raft!.term).toBeGreaterThan(
      old.raft?.term ?? old.disk.raftLog.hardState.term,
    );
    settle();
    const put = call(follower, 'Put', { key: '/a', value: '2' });
    expect(errorOf(put)).toBeUndefined();
    const got = call(follower, 'Range', { key: '/a' });
    expect(
      'reply' in got &&
        got.reply.ok &&
        (got.reply as unknown as { kvs: { value: string }[] }).kvs[0].value,
    ).toBe('2');
  });

  it('with 2 of 3 members dead a write times out and no committed entry is lost', () => {
    const { sim, etcd, settle, call } = makeCluster(3, 3);
    settle();
    const survivor = etcd.members.find((m) => !m.isLeader())!;
    for (let i = 0; i < 5; i++)
      expect(errorOf(call(survivor, 'Put', { key: `/k${i}`, value: `${i}` }))).toBeUndefined();
    for (const m of etcd.members) if (m !== survivor) m.kill();
    sim.advance(3000);
    const start = sim.now();
    const put = call(survivor, 'Put', { key: '/lost', value: 'x' });
    expect(errorOf(put)).toBe(ErrTimeout);
    expect(sim.now() - start).toBeGreaterThanOrEqual(7000); // ReqTimeout = 5s + 2 × 1s
    expect(etcd.leader()).toBeUndefined();
    for (const m of etcd.members) m.start();
    expect(settle()).toBe(true);
    sim.advance(2000);
    for (const m of etcd.members) {
      const keys = m.disk.store.range('/k', '/l').kvs.map((kv) => kv.key);
      expect(keys).toEqual(['/k0', '/k1', '/k2', '/k3', '/k4']);
    }
  });

  it('a restarted member catches up and every store becomes identical', () => {
    const { sim, etcd, settle, call } = makeCluster(3, 4);
    settle();
    const leader = etcd.leader()!;
    const lagging = etcd.members.find((m) => m !== leader)!;
    lagging.kill();
    for (let i = 0; i < 20; i++) call(leader, 'Put', { key: `/x/${i % 7}`, value: `${i}` });
    call(leader, 'DeleteRange', { key: '/x/3' });
    lagging.start();
    sim.advance(5000);
    const hashes = etcd.members.map((m) => m.disk.store.hash());
    expect(new Set(hashes).size).toBe(1);
    expect(lagging.disk.store.revision).toBe(leader.disk.store.revision);
  });

  it('a member far behind is brought up to date with a snapshot', () => {
    // small snapshot settings make the leader compact its log quickly
    const opts = { snapshotCount: 10, snapshotCatchUpEntries: 2 };
    const { sim, etcd, settle, call } = makeCluster(3, 5, opts);
    settle();
    const leader = etcd.leader()!;
    const lagging = etcd.members.find((m) => m !== leader)!;
    lagging.kill();
    for (let i = 0; i < 40; i++) call(leader, 'Put', { key: `/s/${i}`, value: 'v' });
    expect(leader.disk.raftLog.firstIndex()).toBeGreaterThan(lagging.disk.raftLog.lastIndex() + 1);
    lagging.start();
    sim.advance(5000);
    expect(sim.hops.all().some((h) => h.verb === 'MsgSnap' && h.to === lagging.id)).toBe(true);
    expect(lagging.disk.store.hash()).toBe(leader.disk.store.hash());
    expect(errorOf(call(lagging, 'Put', { key: '/after', value: 'x' }))).toBeUndefined();
  });

  it('a partitioned leader steps down after an election timeout (CheckQuorum)', () => {
    const { sim, etcd, settle } = makeCluster(3, 6);
    settle();
    const old = etcd.leader()!;
    sim.net.partition(old.host);
    sim.advance(2100);
    expect(old.raft!.role).toBe('follower');
    expect(etcd.leader()).toBeDefined();
    expect(etcd.leader()).not.toBe(old);
    sim.net.heal(old.host);
    sim.advance(3000);
    expect(old.raft!.lead).toBe(etcd.leader()!.id);
    expect(old.raft!.term).toBe(etcd.leader()!.raft!.term);
  });

  it('a partitioned follower with pre-vote does not disrupt the leader when it returns', () => {
    const { sim, etcd, settle } = makeCluster(3, 7);
    settle();
    const leader = etcd.leader()!;
    const term = leader.raft!.term;
    const f = etcd.members.find((m) => m !== leader)!;
    sim.net.partition(f.host);
    sim.advance(10_000);
    expect(f.raft!.term).toBe(term); // pre-votes never bump the term
    sim.net.heal(f.host);
    sim.advance(3000);
    expect(etcd.leader()).toBe(leader);
    expect(leader.raft!.term).toBe(term);
  });

  it('a linearizable read without quorum fails; a serializable read is served locally', () => {
    const { sim, etcd, settle, call } = makeCluster(3, 8);
    settle();
    const m = etcd.members.find((x) => !x.isLeader())!;
    call(m, 'Put', { key: '/r', value: 'v' });
    for (const x of etcd.members) if (x !== m) x.kill();
    sim.advance(100);
    expect(errorOf(call(m, 'Range', { key: '/r' }))).toBe(ErrTimeout);
    const ser = call(m, 'Range', { key: '/r', serializable: true });
    expect(errorOf(ser)).toBeUndefined();
    expect((ser as unknown as { reply: { kvs: { value: string }[] } }).reply.kvs[0].value).toBe(
      'v',
    );
  });

  it('never has two leaders in one term across many seeds', () => {
    for (let seed = 20; seed < 30; seed++) {
      const { sim, etcd } = makeCluster(5, seed);
      for (let step = 0; step < 20; step++) {
        sim.advance(500);
        for (const [, ids] of leadersByTerm(etcd)) expect(ids).toHaveLength(1);
        if (step === 5) etcd.leader()?.kill();
        if (step === 12) for (const m of etcd.members) m.start();
      }
    }
  });
});
