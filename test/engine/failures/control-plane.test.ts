import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { deployWeb, events, nodeCondition, nodeOf, phaseOf, podsOf, readyPods } from './helpers';

describe('kube-scheduler down', () => {
  it('leaves new pods Pending with no events, and schedules them when it returns', () => {
    const c = createCluster({ seed: 51, workers: 2 });
    applyFault(c, { op: 'kill', component: 'kube-scheduler@control-plane-1' });
    c.kubectl('run lonely --image=nginx');
    c.advance(60_000);
    expect(phaseOf(c.get('pods', 'lonely')!)).toBe('Pending');
    expect(c.kubectl('get pod lonely').stdout).toMatch(/^lonely +0\/1 +Pending +0 +6[01]s\n$/m);
    expect(
      events(c).filter((e) => (e.involvedObject as { name: string }).name === 'lonely'),
    ).toEqual([]);
    applyFault(c, { op: 'restart', component: 'kube-scheduler@control-plane-1' });
    expect(
      c.runUntil(() => phaseOf(c.get('pods', 'lonely')!) === 'Running', { timeoutMs: 60_000 }),
    ).toBe(true);
  });

  it('hands the leader lease to a standby when the leader dies (three control planes)', () => {
    const c = createCluster({ seed: 52, workers: 1, controlPlaneNodes: 3 });
    const holder = () =>
      (
        c.get('leases', 'kube-scheduler', 'kube-system')!.spec as { holderIdentity: string }
      ).holderIdentity.split('_')[0];
    const first = holder();
    const killedAt = c.now();
    applyFault(c, { op: 'kill', component: `kube-scheduler@${first}` });
    expect(c.runUntil(() => holder() !== first, { timeoutMs: 30_000 })).toBe(true);
    // the lease (15 s) must expire first; the standbys retry every 2 s
    expect(c.now() - killedAt).toBeGreaterThanOrEqual(5_000);
    expect(c.now() - killedAt).toBeLessThanOrEqual(19_000);
    c.kubectl('run lonely --image=nginx');
    expect(
      c.runUntil(() => phaseOf(c.get('pods', 'lonely')!) === 'Running', { timeoutMs: 30_000 }),
    ).toBe(true);
  });
});

describe('kube-controller-manager down', () => {
  it('does not replace a deleted Deployment pod nor mark a dead node, and converges on return', () => {
    const c = createCluster({ seed: 53, workers: 2 });
    deployWeb(c, 'web', 2);
    c.advance(30_000);
    applyFault(c, { op: 'kill', component: 'kube-controller-manager@control-plane-1' });
    // the victim's kubelet must stay up to finish the deletion (worker-2 is powered off)
    const victim = podsOf(c, 'web').find((p) => nodeOf(p) === 'worker-1')!;
    applyFault(c, { op: 'delete-pod', pod: `default/${victim.metadata.name}` });
    applyFault(c, { op: 'power-off', node: 'worker-2' });
    c.advance(120_000);
    expect(podsOf(c, 'web').map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(podsOf(c, 'web')).toHaveLength(1);
    expect(nodeCondition(c, 'worker-2', 'Ready')?.status).toBe('True');

    applyFault(c, { op: 'restart', component: 'kube-controller-manager@control-plane-1' });
    expect(
      c.runUntil(
        () =>
          nodeCondition(c, 'worker-2', 'Ready')?.status === 'Unknown' &&
          readyPods(c, 'web').filter(
            (p) => (p.spec as { nodeName: string }).nodeName === 'worker-1',
          ).length >= 1 &&
          podsOf(c, 'web').length >= 2,
        { timeoutMs: 120_000 },
      ),
    ).toBe(true);
  });
});
