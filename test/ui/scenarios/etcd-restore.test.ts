import { describe, expect, it } from 'vitest';

import { etcdRestore } from '../../../src/scenarios/etcd-restore';
import { runScenario } from './run-scenario';

const CP = 'control-plane-1';

describe('the etcd-restore walkthrough on the live simulation', () => {
  it('saves a snapshot, loses a Deployment, restores etcd the kubeadm way and gets it back', () => {
    const { store, steps } = runScenario(etcdRestore, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(etcdRestore.steps.map((s) => s.id));
    const c = store.cluster;
    const w = store.getState().walkthrough!;
    const terminal = store.getState().terminal;
    const out = (shown: string) => terminal.find((e) => e.shown === shown)!;
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));

    expect(
      out(
        `kubectl -n kube-system exec etcd-${CP} -- etcdctl snapshot save /var/lib/etcd/snapshot.db`,
      ).stdout,
    ).toBe('Snapshot saved at /var/lib/etcd/snapshot.db\n');
    expect(out('kubectl delete deployment web').stdout).toBe('deployment.apps "web" deleted\n');

    // the API server stops within the kubelet's 20 s rescan of its manifest directory
    expect(at['stop-apiserver'] - at.mistake).toBeLessThanOrEqual(20_000);
    expect(out(`ssh ${CP} mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/`)).toMatchObject({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    const restore = out(
      `ssh ${CP} etcdutl snapshot restore /var/lib/etcd/snapshot.db --data-dir /var/lib/etcd-from-backup --bump-revision 1000000000 --mark-compacted`,
    );
    expect(restore.exitCode).toBe(0);
    expect(restore.stderr).toContain('\trestored snapshot\t');

    // etcd runs on the restored data as a new cluster
    const member = c.etcd.members[0];
    expect(member.currentClusterId).toBe('cdf818194e3a8c32');
    expect(member.currentMemberId).toBe('8e9e05c52164694d');
    expect(c.hostFs.get(CP)!.read('/etc/kubernetes/manifests/etcd.yaml')).toContain(
      'path: /var/lib/etcd-from-backup',
    );

    // back in time: web exists again, the ConfigMap made after the snapshot does not
    expect(out('kubectl get deployments').stdout).toMatch(
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+2\/2\s/,
    );
    expect(out('kubectl get configmap after-backup').stderr).toBe(
      'Error from server (NotFound): configmaps "after-backup" not found\n',
    );
    expect(w.quizzes!.back).toMatchObject({ prediction: 1, answer: 1 });

    // the kubelet started new containers for the restored pods
    const pods = c.list('pods', 'default').filter((p) => p.metadata.labels?.app === 'web');
    expect(pods).toHaveLength(2);
    const before = w.vars.before!.split(' ');
    for (const p of pods) {
      const s = (p.status as { containerStatuses: { ready: boolean; containerID: string }[] })
        .containerStatuses[0];
      expect(s.ready).toBe(true);
      expect(before).not.toContain(s.containerID);
    }
    expect(Number(pods[0].metadata.resourceVersion)).toBeGreaterThan(1_000_000_000);
  }, 300_000);
});
