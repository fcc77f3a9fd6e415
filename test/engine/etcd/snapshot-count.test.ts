import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine/api/types';
import { snapshotCountOf } from '../../../src/engine/etcd/flags';
import { makeCluster } from './helpers';

const etcdPod = (...flags: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'etcd-control-plane-1', namespace: 'kube-system' },
  spec: { containers: [{ name: 'etcd', command: ['etcd', '--data-dir=/var/lib/etcd', ...flags] }] },
});

describe('etcd --snapshot-count', () => {
  it.each([
    [['--snapshot-count=10000'], 10_000],
    [['--snapshot-count=10000', '--snapshot-count=25'], 25],
    [['--snapshot-count=0'], undefined],
    [['--snapshot-count=ten'], undefined],
    [[], undefined],
  ])('reads %j from the static pod as %s', (flags, count) => {
    expect(snapshotCountOf(etcdPod(...flags))).toBe(count);
  });

  it('compacts the Raft log past the static pod count, keeping the catch-up entries', () => {
    const { etcd, settle, call } = makeCluster(1, 3, { snapshotCatchUpEntries: 5 });
    settle();
    const m = etcd.members[0];
    m.staticPod = () => etcdPod('--snapshot-count=20');
    m.kill();
    m.start();
    settle();
    for (let i = 0; i < 40; i++) call(m, 'Put', { key: `/k/${i}`, value: `v${i}` });
    const log = m.disk.raftLog;
    // triggerSnapshot: a snapshot once more than 20 entries were applied since the last one
    expect(log.snapshot.index).toBeGreaterThan(20);
    expect(log.firstIndex()).toBe(log.snapshot.index - 5 + 1);
    expect(log.snapshot.data).toBeUndefined();
    expect(m.disk.store.range('/k/', '/k0').count).toBe(40);
  });
});
