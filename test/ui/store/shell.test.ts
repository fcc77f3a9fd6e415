import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { runShellLine } from '../../../src/store/shell';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

describe('the terminal’s non-kubectl command lines', () => {
  let c: Cluster;
  beforeAll(() => {
    c = createCluster({ seed: 1, controlPlaneNodes: 1, workers: 3 });
    c.kubectl('create deployment web --image=nginx:1.27 --replicas=2 --port=80');
    c.kubectl('apply -f -', SERVICE);
    c.kubectl('run client --image=busybox:1.36 -- sleep infinity');
    c.advance(15_000);
  });

  it('leaves kubectl commands and unknown execs to kubectl', () => {
    expect(runShellLine(c, 'get pods')).toBeUndefined();
    expect(runShellLine(c, 'exec client -- ls')).toBeUndefined();
    expect(runShellLine(c, 'curl https://control-plane-1:6443/api')).toBeUndefined();
  });

  it('runs curl inside a pod through the Service to a web pod, with curl -v’s connection lines', () => {
    const r = runShellLine(c, 'kubectl exec client -- curl -sv http://web')!;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(r.stderr).toMatch(/^\* {3}Trying 10\.\d+\.\d+\.\d+:80\.\.\.\n\* Connected to web \(/);
    expect(r.stderr).toContain('< HTTP/1.1 200 OK\n');
  });

  it('prints curl’s error and exit code for a name that does not resolve', () => {
    expect(runShellLine(c, 'exec client -- curl -s http://nope')).toEqual({
      stdout: '',
      stderr: 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n',
      exitCode: 6,
    });
  });

  it('answers a bad bearer token with the API server’s 401 Status, pretty-printed for curl', () => {
    const r = runShellLine(
      c,
      `curl -k -H 'Authorization: Bearer nope' https://control-plane-1:6443/api/v1/namespaces/default/pods`,
    )!;
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(r.stdout).toContain('\n  "code": 401\n}\n');
  });

  it('runs etcdctl directly or through kubectl exec in the etcd pod', () => {
    expect(runShellLine(c, 'etcdctl get /registry/pods/default/client --keys-only')!.stdout).toBe(
      '/registry/pods/default/client\n\n',
    );
    const r = runShellLine(
      c,
      'kubectl -n kube-system exec etcd-control-plane-1 -- etcdctl endpoint status -w table',
    )!;
    expect(r.stdout).toMatch(/\| control-plane-1:2379 \| [0-9a-f]{16} \|\s+3\.5\.\d+ \|/);
    expect(runShellLine(c, 'etcdctl endpoint status -w table')!.stdout).toMatch(
      /\| 127\.0\.0\.1:2379 \| [0-9a-f]{16} \|/,
    );
  });

  it('prints a node’s kube-proxy rules over ssh, filtered by grep', () => {
    const r = runShellLine(
      c,
      'ssh worker-1 sudo iptables-save -t nat | grep "default/web cluster IP"',
    )!;
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^-A KUBE-SERVICES -d 10\.\d+\.\d+\.\d+\/32 -p tcp .* -j KUBE-SVC-[A-Z0-9]{16}$/,
    );
    expect(runShellLine(c, 'ssh worker-1 iptables-save | grep nothing-like-this')!.exitCode).toBe(
      1,
    );
    expect(runShellLine(c, 'ssh worker-9 iptables-save')!.exitCode).toBe(255);
  });
});
