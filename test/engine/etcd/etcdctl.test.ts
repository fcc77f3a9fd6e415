import { describe, expect, it } from 'vitest';

import type { EtcdctlFiles, EtcdSnapshotFile } from '../../../src/engine/etcd';
import { DataDir, memberIdOf, runEtcdctl } from '../../../src/engine/etcd';
import { humanBytes, table } from '../../../src/engine/etcd/etcdctl/format';
import { makeCluster } from './helpers';

function setup(seed = 1) {
  const c = makeCluster(3, seed);
  c.settle();
  const ctl = (cmd: string) => runEtcdctl(cmd, { sim: c.sim, cluster: c.etcd });
  return { ...c, ctl };
}

describe('etcdctl', () => {
  it('prints put, get, del and compaction as etcdctl v3 does', () => {
    const { ctl } = setup();
    const cases: [string, string, string, number][] = [
      ['put /a 1', 'OK\n', '', 0],
      ['put /a 2 --prev-kv', 'OK\n/a\n1\n', '', 0],
      ['put /b x', 'OK\n', '', 0],
      ['get /a', '/a\n2\n', '', 0],
      ['get --prefix / --keys-only', '/a\n\n/b\n\n', '', 0],
      ['get / --prefix --print-value-only', '2\nx\n', '', 0],
      ['get /a --rev=2', '/a\n1\n', '', 0],
      ['get /missing', '', '', 0],
      ['del /a', '1\n', '', 0],
      ['del /nope', '0\n', '', 0],
      ['compaction 3', 'compacted revision 3\n', '', 0],
      ['get /a --rev=2', '', 'Error: etcdserver: mvcc: required revision has been compacted\n', 1],
      ['compaction 2', '', 'Error: etcdserver: mvcc: required revision has been compacted\n', 1],
      [
        'get /a --rev=99',
        '',
        'Error: etcdserver: mvcc: required revision is a future revision\n',
        1,
      ],
      [
        'get',
        '',
        'Error: get command needs one argument as key and an optional argument as range_end\n',
        1,
      ],
      [
        'put /x',
        '',
        'Error: put command needs 1 argument and input from stdin or 2 arguments\n',
        1,
      ],
      ['foo', '', 'Error: unknown command "foo" for "etcdctl"\n', 1],
    ];
    for (const [cmd, stdout, stderr, exitCode] of cases) {
      expect([cmd, ctl(cmd)]).toEqual([cmd, { stdout, stderr, exitCode }]);
    }
  });

  it('prints get -w json with base64 keys, uint64 ids and omitted zero fields', () => {
    const { ctl, etcd } = setup();
    ctl('put /a 1');
    ctl('put /a 2');
    ctl('put /b x');
    const m = etcd.member('control-plane-1');
    const cid = BigInt(`0x${m.clusterId}`).toString();
    const mid = BigInt(`0x${m.memberId}`).toString();
    const term = m.raft!.term;
    expect(ctl('get / --prefix --limit 1 -w json').stdout).toBe(
      `{"header":{"cluster_id":${cid},"member_id":${mid},"revision":4,"raft_term":${term}},` +
        `"kvs":[{"key":"L2E=","create_revision":2,"mod_revision":3,"version":2,"value":"Mg=="}],"more":true,"count":2}\n`,
    );
    expect(ctl('get /zz -w json').stdout).toBe(
      `{"header":{"cluster_id":${cid},"member_id":${mid},"revision":4,"raft_term":${term}}}\n`,
    );
  });

  it('lists members and endpoint status in simple and table form', () => {
    const { ctl, etcd } = setup();
    const ids = etcd.members.map((m) => m.memberId);
    expect(ctl('member list').stdout).toBe(
      etcd.members
        .map(
          (m, i) =>
            `${ids[i]}, started, ${m.name}, https://${m.name}:2380, https://${m.name}:2379, false\n`,
        )
        .join(''),
    );
    const leader = etcd.leader()!;
    const s = ctl('endpoint status --cluster -w table').stdout.split('\n');
    expect(s[1]).toBe(
      '|           ENDPOINT           |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
    );
    const rows = s.slice(3, 6).map((r) => r.split('|').map((c) => c.trim()));
    for (const [i, m] of etcd.members.entries()) {
      expect(rows[i].slice(1, 7)).toEqual([
        `https://${m.name}:2379`,
        memberIdOf(m.name),
        '3.5.21',
        '20 kB',
        String(m === leader),
        'false',
      ]);
    }
    const local = ctl('endpoint status').stdout;
    expect(local).toMatch(
      new RegExp(
        `^127\\.0\\.0\\.1:2379, ${ids[0]}, 3\\.5\\.21, 20 kB, (true|false), false, \\d+, \\d+, \\d+, \\n$`,
      ),
    );
  });

  it('reports health, and an unhealthy endpoint after losing quorum', () => {
    const { ctl, etcd, sim } = setup();
    expect(ctl('endpoint health').stdout).toMatch(
      /^127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = \d+ms\n$/,
    );
    etcd.member('control-plane-2').kill();
    etcd.member('control-plane-3').kill();
    sim.advance(3000);
    const start = sim.now();
    expect(ctl('endpoint health')).toEqual({
      stdout: '127.0.0.1:2379 is unhealthy: failed to commit proposal: context deadline exceeded\n',
      stderr: 'Error: unhealthy cluster\n',
      exitCode: 1,
    });
    expect(sim.now() - start).toBe(5000); // --command-timeout=5s, shorter than the 7s server timeout
    expect(ctl('put /x 1 --command-timeout=2s').stderr).toBe('Error: context deadline exceeded\n');
  });

  it('watches for a window of virtual time and reports a compacted start revision', () => {
    const { ctl, sim, etcd, clientOn } = setup();
    ctl('put /w hello');
    ctl('del /w');
    const rev = etcd.member('control-plane-1').disk.store.revision;
    expect(ctl(`watch /w --rev=${rev - 1}`).stdout).toBe('PUT\n/w\nhello\nDELETE\n/w\n\n');
    const m = etcd.member('control-plane-2');
    sim.after(2000, () =>
      clientOn(m).request(m.id, 'Put', { key: '/w2', value: 'late' }, 5000, () => {}),
    );
    expect(ctl('watch /w --prefix').stdout).toBe('PUT\n/w2\nlate\n');
    ctl(`compaction ${rev}`);
    expect(ctl('watch /w --rev=1')).toEqual({
      stdout: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\n',
      stderr: 'Error: watch is canceled by the server\n',
      exitCode: 1,
    });
  });

  it('saves a snapshot, and a cluster rebuilt from it serves the saved state', () => {
    const c = makeCluster(3, 3);
    c.settle();
    const files: EtcdctlFiles = new Map();
    const ctl = (cmd: string) => runEtcdctl(cmd, { sim: c.sim, cluster: c.etcd, files });
    ctl('put /keep 1');
    expect(ctl('snapshot save /backup.db').stdout).toBe('Snapshot saved at /backup.db\n');
    expect(ctl('snapshot status /backup.db').stdout).toMatch(/^[0-9a-f]{8}, 2, 1, 20 kB\n$/);
    ctl('put /later 2');
    const restore = ctl('snapshot restore /backup.db --data-dir /var/lib/etcd-restored');
    expect(restore).toMatchObject({ stdout: '', exitCode: 0 });
    expect(restore.stderr).toMatch(/^Deprecated: Use `etcdutl snapshot restore` instead\.\n\n/);
    expect(files.get('/var/lib/etcd-restored')).toBeInstanceOf(DataDir);
    c.etcd.restoreFrom(files.get('/backup.db') as EtcdSnapshotFile);
    expect(c.settle()).toBe(true);
    expect(ctl('get / --prefix').stdout).toBe('/keep\n1\n');
    expect(ctl('put /after 3').stdout).toBe('OK\n');
    expect(ctl('get /after -w json').stdout).toContain('"revision":3');
  });
});

describe('etcdctl output helpers', () => {
  it.each([
    [5, '5 B'],
    [20480, '20 kB'],
    [123456, '124 kB'],
    [1_500_000, '1.5 MB'],
  ])('humanizes %i bytes as %s', (n, text) => {
    expect(humanBytes(n)).toBe(text);
  });

  it('draws tables like tablewriter: centred headers, right-aligned cells', () => {
    expect(table(['ID', 'STATUS', 'IS LEARNER'], [['2e1259d415f2a040', 'started', 'false']])).toBe(
      [
        '+------------------+---------+------------+',
        '|        ID        | STATUS  | IS LEARNER |',
        '+------------------+---------+------------+',
        '| 2e1259d415f2a040 | started |      false |',
        '+------------------+---------+------------+',
        '',
      ].join('\n'),
    );
  });
});
