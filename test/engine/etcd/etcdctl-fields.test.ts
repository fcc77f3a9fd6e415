import { describe, expect, it } from 'vitest';

import { runEtcdctl } from '../../../src/engine/etcd';
import { makeCluster } from './helpers';

describe('etcdctl get -w fields', () => {
  it('prints the header, each key’s revisions and Go-quoted value, then More and Count', () => {
    const c = makeCluster(3, 1);
    c.settle();
    const ctl = (cmd: string) => runEtcdctl(cmd, { sim: c.sim, cluster: c.etcd });
    ctl('put /a 1');
    ctl(`put /a '{"k":"v"}'`);
    const m = c.etcd.member('control-plane-1');
    const cid = BigInt(`0x${m.clusterId}`).toString();
    const mid = BigInt(`0x${m.memberId}`).toString();
    expect(ctl('get /a -w fields').stdout).toBe(
      [
        `"ClusterID" : ${cid}`,
        `"MemberID" : ${mid}`,
        '"Revision" : 3',
        `"RaftTerm" : ${m.raft!.term}`,
        '"Key" : "/a"',
        '"CreateRevision" : 2',
        '"ModRevision" : 3',
        '"Version" : 2',
        '"Value" : "{\\"k\\":\\"v\\"}"',
        '"Lease" : 0',
        '"More" : false',
        '"Count" : 1',
        '',
      ].join('\n'),
    );
    expect(ctl('get /missing --write-out=fields').stdout).toMatch(
      /"RaftTerm" : \d+\n"More" : false\n"Count" : 0\n$/,
    );
  });
});
