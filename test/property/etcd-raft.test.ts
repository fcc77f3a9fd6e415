import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { EtcdMember } from '../../src/engine/etcd';
import { makeCluster } from '../engine/etcd/helpers';

type Action =
  | { kind: 'write'; member: number }
  | { kind: 'killLeader' }
  | { kind: 'killFollower'; member: number }
  | { kind: 'partition'; member: number }
  | { kind: 'healAll' }
  | { kind: 'restartAll' }
  | { kind: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), member: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'killLeader' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('killFollower' as const), member: fc.nat(4) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('partition' as const), member: fc.nat(4) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'healAll' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restartAll' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 50, max: 3000 }),
    }),
  },
);

/** Runs one schedule; returns nothing, fails through expect on any broken invariant. */
function runSchedule(size: 3 | 5, seed: number, actions: Action[]): void {
  const { sim, etcd, clientOn } = makeCluster(size, seed);
  const members = etcd.members;
  const leaderOfTerm = new Map<number, string>();
  const committedTerm = new Map<number, number>();
  const checkedUpTo = new Map<EtcdMember, number>();
  const lastRevision = new Map<EtcdMember, number>();
  const acked: string[] = [];
  let writes = 0;

  const check = (): boolean => {
    for (const m of members) {
      const raft = m.raft;
      if (m.isLeader()) {
        // Election safety: at most one leader per term
        const seen = leaderOfTerm.get(raft!.term);
        expect(seen === undefined || seen === m.id, `two leaders in term ${raft!.term}`).toBe(true);
        leaderOfTerm.set(raft!.term, m.id);
      }
      // State machine safety: every member commits the same entry at an index
      const log = m.disk.raftLog;
      const commit = log.hardState.commit;
      for (let i = Math.max(checkedUpTo.get(m) ?? 0, log.firstIndex() - 1) + 1; i <= commit; i++) {
        const t = log.term(i)!;
        const known = committedTerm.get(i);
        expect(known === undefined || known === t, `index ${i} committed with two terms`).toBe(
          true,
        );
        committedTerm.set(i, t);
      }
      checkedUpTo.set(m, Math.max(checkedUpTo.get(m) ?? 0, commit));
      // Revisions only move forward
      const rev = m.disk.store.revision;
      expect(rev).toBeGreaterThanOrEqual(lastRevision.get(m) ?? 1);
      lastRevision.set(m, rev);
    }
    return false;
  };
  const run = (ms: number) => sim.runUntil(check, ms);

  run(3000);
  for (const a of actions) {
    switch (a.kind) {
      case 'write': {
        const m = members[a.member % size];
        const key = `/p/${writes++}`;
        clientOn(m).request(m.id, 'Put', { key, value: 'v' }, 10_000, (o) => {
          if ('reply' in o && o.reply.ok) acked.push(key);
        });
        break;
      }
      case 'killLeader':
        etcd.leader()?.kill();
        break;
      case 'killFollower':
        members.filter((m) => !m.isLeader())[a.member % (size - 1)]?.kill();
        break;
      case 'partition':
        sim.net.partition(members[a.member % size].host);
        break;
      case 'healAll':
        for (const m of members) sim.net.heal(m.host);
        break;
      case 'restartAll':
        for (const m of members) m.start();
        break;
      case 'wait':
        run(a.ms);
        break;
    }
    run(100);
  }
  for (const m of members) {
    sim.net.heal(m.host);
    m.start();
  }
  run(20_000);
  // Every acknowledged write is on every member, and the stores are identical
  const hashes = new Set(members.map((m) => m.disk.store.hash()));
  expect(hashes.size).toBe(1);
  for (const m of members) {
    for (const key of acked) expect(m.disk.store.range(key).count, `${key} on ${m.id}`).toBe(1);
  }
}

describe('etcd raft under random failures', () => {
  it('keeps election safety, state machine safety, acknowledged writes and monotonic revisions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(3 as const, 5 as const),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(action, { minLength: 5, maxLength: 30 }),
        runSchedule,
      ),
      { numRuns: 200, seed: 4242 },
    );
  }, 120_000);
});
