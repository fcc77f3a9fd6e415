import { beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, TrafficResult } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { createService, createSlice, runningPod } from './cluster-fixtures';

// 3,000 requests over n equally likely backends: each count within five standard deviations.
function withinBounds(counts: Record<string, number>, n: number, total: number): void {
  const p = 1 / n;
  const sd = Math.sqrt(total * p * (1 - p));
  expect(Object.keys(counts)).toHaveLength(n);
  for (const count of Object.values(counts)) {
    expect(Math.abs(count - total * p)).toBeLessThan(5 * sd);
  }
}

function tally(c: Cluster, from: string, url: string, total: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < total; i++) {
    const r = c.trafficRequest({ from, url });
    if (!r.ok) throw new Error(r.message);
    counts[r.body!] = (counts[r.body!] ?? 0) + 1;
  }
  return counts;
}

describe('traffic through kube-proxy and CoreDNS', () => {
  let c: Cluster;
  let clusterIP: string;
  let nodePort: number;
  let webIPs: string[];

  beforeAll(() => {
    c = createCluster({ seed: 11, workers: 3 });
    const ips = ['worker-1', 'worker-2', 'worker-3'].map((node, i) =>
      runningPod(c, 'default', `web-${i + 1}`, node, { app: 'web' }, `10.244.${i + 1}.10`),
    );
    webIPs = ips;
    runningPod(c, 'default', 'client', 'worker-1', {}, '10.244.1.11');
    const web = createService(c, 'default', 'web', {
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
    clusterIP = (web.spec as { clusterIP: string }).clusterIP;
    createSlice(
      c,
      'default',
      'web',
      ips.map((ip, i) => ({ ip, node: `worker-${i + 1}` })),
      [{ name: 'http', port: 8080 }],
    );
    const np = createService(c, 'default', 'web-np', {
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
    nodePort = (np.spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
    createSlice(
      c,
      'default',
      'web-np',
      ips.slice(0, 2).map((ip, i) => ({ ip, node: `worker-${i + 1}` })),
      [{ name: 'http', port: 8080 }],
    );
    createService(c, 'default', 'empty', { ports: [{ name: 'http', port: 80 }] });
    c.advance(2_000);
  });

  it('spreads ClusterIP requests evenly over three endpoints (1/3, 1/2, then the rest)', () => {
    withinBounds(tally(c, 'pod/default/client', `http://${clusterIP}/`, 3000), 3, 3000);
  });

  it('spreads NodePort requests from outside the cluster over two endpoints', () => {
    const counts = tally(c, 'client', `http://10.0.1.13:${nodePort}/`, 3000);
    withinBounds(counts, 2, 3000);
    expect(Object.keys(counts).sort()).toEqual(['web-1', 'web-2']);
  });

  it('resolves a service name through CoreDNS and spreads the requests', () => {
    withinBounds(tally(c, 'pod/default/client', 'http://web', 3000), 3, 3000);
  });

  it('answers the short name with the search path, one DNS round trip, then the connection', () => {
    const r = c.trafficRequest({ from: 'pod/default/client', url: 'http://web/' });
    expect(r.ok).toBe(true);
    expect(r.resolvedIP).toBe(clusterIP);
    const hops = c.hops().filter((h) => h.trace === r.trace);
    expect(hops.map((h) => h.verb)).toEqual(['DNS', 'DNS', 'SYN', 'GET', 'HTTP', 'SYN-ACK']);
    expect(hops[0].summary).toBe('A? web.default.svc.cluster.local (to 10.96.0.10:53/udp)');
    expect(hops[1].summary).toBe(`web.default.svc.cluster.local A ${clusterIP}`);
    // the query reaches a coredns pod's process, the only DNS servers there are
    expect(hops[0].to).toMatch(/^pod\/kube-system\/coredns-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(r.chains?.slice(0, 2)).toEqual(['KUBE-SERVICES', expect.stringMatching(/^KUBE-SVC-/)]);
  });

  it('reports an unknown name as curl does after trying every search domain', () => {
    const r = c.trafficRequest({ from: 'pod/default/client', url: 'http://no-such-svc' });
    expect(r).toMatchObject({
      ok: false,
      error: 'nxdomain',
      message: 'curl: (6) Could not resolve host: no-such-svc',
    });
    const asked = c
      .hops()
      .filter((h) => h.trace === r.trace && h.verb === 'DNS' && h.from === 'pod/default/client')
      .map((h) => h.resource);
    expect(asked).toEqual([
      'A no-such-svc.default.svc.cluster.local',
      'A no-such-svc.svc.cluster.local',
      'A no-such-svc.cluster.local',
      'A no-such-svc',
    ]);
  });

  it('refuses connections to a service without endpoints (the filter table REJECT)', () => {
    const r = c.trafficRequest({ from: 'pod/default/client', url: 'http://empty' });
    expect(r.ok).toBe(false);
    expect(r.error).toBe('refused');
    expect(r.message).toMatch(
      /^curl: \(7\) Failed to connect to 10\.\d+\.\d+\.\d+ port 80 after \d+ ms: Couldn't connect to server$/,
    );
    expect(c.iptablesSave('worker-1')).toContain(
      '-m comment --comment "default/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
  });

  it('times out when the chosen endpoint is on a partitioned node', () => {
    c.partition('worker-3');
    // the SYN to a pod on the cut-off node is never answered: curl gives up at --max-time
    const direct = c.trafficRequest({
      from: 'pod/default/client',
      url: `http://${webIPs[2]}:8080/`,
      timeoutMs: 3000,
    });
    // kube-proxy still lists web-3 (the node is not yet NotReady), so about a third of the
    // requests to the Service are DNATed to it; go on until both outcomes have been seen
    const results: TrafficResult[] = [];
    while (results.length < 40 && !(results.some((r) => r.ok) && results.some((r) => !r.ok))) {
      results.push(
        c.trafficRequest({
          from: 'pod/default/client',
          url: `http://${clusterIP}/`,
          timeoutMs: 3000,
        }),
      );
    }
    c.heal('worker-3');
    expect(direct).toMatchObject({ ok: false, error: 'timeout' });
    expect(direct.message).toMatch(/^curl: \(28\) Connection timed out after 30\d\d milliseconds$/);
    const failed = results.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.error).toBe('timeout');
      expect(r.message).toMatch(/^curl: \(28\) Connection timed out after 30\d\d milliseconds$/);
    }
    const answered = results.filter((r) => r.ok);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) expect(['web-1', 'web-2']).toContain(r.body);
  });

  it('cannot resolve cluster names from a node, whose resolver is not CoreDNS', () => {
    const r = c.trafficRequest({ from: 'node/worker-2', url: 'http://web' });
    expect(r.message).toBe('curl: (6) Could not resolve host: web');
    const byIP = c.trafficRequest({ from: 'node/worker-2', url: `http://${clusterIP}` });
    expect(byIP.ok).toBe(true);
  });

  it('keeps routing with the old rules while kube-proxy is down, and catches up when it returns', () => {
    c.fail('kube-proxy@worker-1');
    const before = c.iptablesSave('worker-1');
    createService(c, 'default', 'later', { ports: [{ name: 'http', port: 80 }] });
    c.advance(5_000);
    expect(c.iptablesSave('worker-1').replace(/on .*\n/g, '\n')).toBe(
      before.replace(/on .*\n/g, '\n'),
    );
    expect(c.trafficRequest({ from: 'pod/default/client', url: 'http://web' }).ok).toBe(true);
    c.recover('kube-proxy@worker-1');
    c.advance(5_000);
    expect(c.iptablesSave('worker-1')).toContain('"default/later:http has no endpoints"');
  });
});
