import { describe, expect, it } from 'vitest';

import { errorOf, makeCluster } from './helpers';

describe('etcd hops', () => {
  it('a write through a follower is forwarded, replicated and answered on one trace', () => {
    const { sim, etcd, settle, call } = makeCluster(3, 9);
    settle();
    sim.advance(300);
    const leader = etcd.leader()!;
    const [f1, f2] = etcd.members.filter((m) => m !== leader);
    const first = sim.hops.count;
    const trace = sim.newTrace();
    const txn = {
      compare: [
        { key: '/registry/pods/default/x', target: 'MOD', result: 'EQUAL', modRevision: 0 },
      ],
      success: [{ put: { key: '/registry/pods/default/x', value: '{}' } }],
    };
    const out = call(f1, 'Txn', txn, trace);
    expect(errorOf(out)).toBeUndefined();
    const hops = sim.hops.since(first).filter((h) => h.trace === trace);
    const client = `client@${f1.host}`;
    const steps = hops.map((h) => `${h.from} ${h.verb} ${h.to}`);
    const at = (s: string) => steps.indexOf(s);
    expect(steps[0]).toBe(`${client} Txn ${f1.id}`);
    expect(at(`${f1.id} MsgProp ${leader.id}`)).toBe(1);
    const appF1 = at(`${leader.id} MsgApp ${f1.id}`);
    const appF2 = at(`${leader.id} MsgApp ${f2.id}`);
    expect(appF1).toBeGreaterThan(1);
    expect(appF2).toBeGreaterThan(1);
    expect(at(`${f1.id} MsgAppResp ${leader.id}`)).toBeGreaterThan(appF1);
    expect(at(`${f2.id} MsgAppResp ${leader.id}`)).toBeGreaterThan(appF2);
    expect(steps[steps.length - 1]).toBe(`${f1.id} Txn ${client}`);
    const rev = f1.disk.store.revision;
    expect(hops[hops.length - 1].summary).toBe(`txn succeeded, revision ${rev}`);
    const append = hops.find((h) => h.verb === 'MsgApp' && h.to === f2.id)!;
    expect(append.summary).toMatch(/^append 1 entry \(index \d+, term \d+\)$/);
    expect(append.background).toBe(false);
  });

  it('heartbeats are background traffic', () => {
    const { sim, settle } = makeCluster(3, 10);
    settle();
    sim.advance(1000);
    const beats = sim.hops
      .all()
      .filter((h) => h.verb === 'MsgHeartbeat' || h.verb === 'MsgHeartbeatResp');
    expect(beats.length).toBeGreaterThan(10);
    expect(beats.every((h) => h.background)).toBe(true);
  });

  it('watch pushes carry the trace of the write that produced their events', () => {
    const { sim, etcd, settle, call, clientOn } = makeCluster(3, 12);
    settle();
    const leader = etcd.leader()!;
    const f = etcd.members.find((m) => m !== leader)!;
    const w = clientOn(f).watch(f.id, { key: '/w/', rangeEnd: '/w0' });
    sim.advance(20);
    const trace = sim.newTrace();
    call(leader, 'Put', { key: '/w/a', value: '1' }, trace);
    sim.advance(50);
    expect(w.responses.map((r) => r.events.map((e) => [e.type, e.kv.key, e.kv.value]))).toEqual([
      [['PUT', '/w/a', '1']],
    ]);
    const push = sim.hops.all().find((h) => h.verb === 'WatchResponse')!;
    expect([push.from, push.trace, push.summary]).toEqual([
      f.id,
      trace,
      `PUT /w/a (revision ${f.disk.store.revision})`,
    ]);
  });
});
