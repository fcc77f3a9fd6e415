import { describe, expect, it } from 'vitest';

import { etcdConsensus } from '../../../src/scenarios/etcd-consensus';
import { runScenario } from './run-scenario';

describe('the etcd-consensus walkthrough on the live simulation', () => {
  it('replicates a write, elects a new leader in a higher term, stops writes without quorum and recovers', () => {
    const { store, steps } = runScenario(etcdConsensus, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(etcdConsensus.steps.map((s) => s.id));
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    const hop = Object.fromEntries(steps.map((s) => [s.id, s.hop]));
    const c = store.cluster;
    const w = store.getState().walkthrough!;
    const { leader, newLeader, follower, oldTerm } = w.vars;
    const terminal = store.getState().terminal;
    const out = (shown: string) => terminal.find((e) => e.shown === shown)!;

    // one leader among three members, reported by etcdctl endpoint status
    const status = out(
      'kubectl -n kube-system exec etcd-control-plane-1 -- etcdctl endpoint status --cluster -w table',
    ).stdout;
    const rows = status.split('\n').filter((l) => l.startsWith('| https://'));
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => /\|\s+true \|\s+false \|/.test(r))).toEqual([
      expect.stringContaining(`https://${leader}:2379`),
    ]);
    // a new cluster's log opens at term 1 (raft's bootstrap), so its first leader serves term 2
    expect(oldTerm).toBe('2');

    // the write: a Txn into etcd and its answer once committed
    expect(hop.propose).toMatch(
      /^kube-apiserver@(control-plane-\d) → etcd@\1 Txn \/registry\/configmaps\/default\/greeting$/,
    );
    expect(hop.commit).toMatch(
      /^etcd@(control-plane-\d) → kube-apiserver@\1 Txn \/registry\/configmaps\/default\/greeting$/,
    );
    expect(out('kubectl create configmap greeting --from-literal=hello=world').stdout).toBe(
      'configmap/greeting created\n',
    );

    // election: a pre-vote within the randomized timeout, a new leader in term 3
    expect(hop['kill-leader']).toMatch(
      /^etcd@control-plane-\d → etcd@control-plane-\d MsgPreVote raft$/,
    );
    expect(at['kill-leader'] - at.commit).toBeGreaterThanOrEqual(1_000);
    expect(at['kill-leader'] - at.commit).toBeLessThan(2_200);
    expect(newLeader).not.toBe(leader);
    expect(follower).not.toBe(leader);
    expect(follower).not.toBe(newLeader);

    // quorum lost: no leader, the write fails with a server error, a serializable read works
    expect(hop['quorum-lost']).toBe(
      'load-balancer → kubectl 500 /api/v1/namespaces/default/configmaps',
    );
    // the API server kubectl reached either has no member to talk to or a member with no leader
    const failed = out('kubectl create configmap second --from-literal=a=b');
    expect(failed.stdout).toBe('');
    expect([
      'Error from server: rpc error: code = Unavailable desc = connection refused\n',
      'Error from server: etcdserver: request timed out\n',
    ]).toContain(failed.stderr);
    // the API server's linearizable read fails like the write; etcdctl's serializable one does not
    const read = out('kubectl get configmap greeting');
    expect(read.stdout).toBe('');
    expect([
      'Error from server: rpc error: code = Unavailable desc = connection refused\n',
      'Error from server: etcdserver: request timed out\n',
    ]).toContain(read.stderr);
    const stale = out(
      `kubectl -n kube-system exec etcd-${newLeader} -- etcdctl get /registry/configmaps/default/greeting --keys-only --consistency=s`,
    );
    expect(stale.stdout).toBe('/registry/configmaps/default/greeting\n\n');

    // the load balancer dropped every API server before the members came back
    expect(at['out-of-rotation']).toBeGreaterThanOrEqual(at.serializable);

    // restored: a leader in a higher term, all API servers serving, the snapshot saved
    const now = c.etcd.leader()!;
    expect(now.raft!.term).toBeGreaterThan(3);
    expect(c.loadBalancer!.inRotation()).toHaveLength(3);
    // the timed-out write exists exactly when the engine's answer says it was committed after all
    const committed = c.get('configmaps', 'second') !== undefined;
    expect(w.quizzes!.restore.answer).toBe(committed ? 1 : 0);
    expect(c.get('configmaps', 'greeting')).toBeDefined();
    expect(
      out(
        'kubectl -n kube-system exec etcd-control-plane-1 -- etcdctl snapshot save /var/lib/etcd/snapshot.db',
      ).stdout,
    ).toBe('Snapshot saved at /var/lib/etcd/snapshot.db\n');
    expect(
      out(
        'kubectl -n kube-system exec etcd-control-plane-1 -- etcdctl snapshot status /var/lib/etcd/snapshot.db -w table',
      ).stdout,
    ).toMatch(/^\| [0-9a-f]{8} \|\s+\d+ \|\s+\d+ \|\s+\d+ kB \|$/m);
    const members = terminal
      .at(-1)!
      .stdout.split('\n')
      .filter((l) => /\| started \|/.test(l));
    expect(members).toHaveLength(3);

    const q = w.quizzes!;
    expect(q.propose).toMatchObject({ prediction: 1, answer: 1 });
    expect(q.elected.choices).toEqual(['2, the same', '3', '0: a new leader starts over']);
    expect(q.elected.answer).toBe(1);
    expect(q['quorum-lost'].choices[q['quorum-lost'].answer!]).toBe('Error from server: …');
    expect(q['no-leader'].answer).toBe(1);
    expect(q['odd-sizes'].choices[q['odd-sizes'].answer!]).toBe('0');
  }, 300_000);
});
