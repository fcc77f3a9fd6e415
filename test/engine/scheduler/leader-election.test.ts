import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';

describe('kube-scheduler leader election', () => {
  it('hands scheduling over to a standby within the lease timings when the leader dies', () => {
    const c = createCluster({ seed: 11, controlPlaneNodes: 3, workers: 3, addons: false });
    expect(c.runUntil((x) => x.schedulers.some((s) => s.isLeader), { timeoutMs: 30_000 })).toBe(
      true,
    );
    expect(c.schedulers.filter((s) => s.isLeader)).toHaveLength(1);
    const leader = c.schedulers.find((s) => s.isLeader)!;
    c.kubectl('run before --image=nginx');
    expect(
      c.runUntil(
        (x) => Boolean((x.get('pods', 'before')?.spec as { nodeName?: string }).nodeName),
        {
          timeoutMs: 30_000,
        },
      ),
    ).toBe(true);
    expect(c.schedulingDecisions('default', 'before')[0].scheduler).toBe(leader.id);

    const killedAt = c.now();
    c.fail(leader.id);
    expect(c.runUntil((x) => x.schedulers.some((s) => s.isLeader), { timeoutMs: 60_000 })).toBe(
      true,
    );
    const next = c.schedulers.find((s) => s.isLeader)!;
    expect(next.id).not.toBe(leader.id);
    // the lease (15 s) must expire as the standby observes it, plus up to one jittered retry (2.4 s)
    const handover = c.now() - killedAt;
    expect(handover).toBeGreaterThanOrEqual(13_000);
    expect(handover).toBeLessThanOrEqual(15_000 + 2_400 + 1_000);
    const lease = c.get('leases', 'kube-scheduler', 'kube-system')!;
    expect((lease.spec as { holderIdentity: string }).holderIdentity).toBe(next.identity);

    c.kubectl('run after --image=nginx');
    expect(
      c.runUntil((x) => Boolean((x.get('pods', 'after')?.spec as { nodeName?: string }).nodeName), {
        timeoutMs: 30_000,
      }),
    ).toBe(true);
    expect(c.schedulingDecisions('default', 'after')[0].scheduler).toBe(next.id);
  });
});
