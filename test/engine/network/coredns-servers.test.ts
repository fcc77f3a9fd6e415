import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { clusterTopology } from '../../../src/engine/view/topology';

const dnsPods = (c: Cluster): KubeObject[] =>
  c.list('pods', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
const nodeOf = (p: KubeObject) => (p.spec as { nodeName: string }).nodeName;
const isReady = (p: KubeObject) =>
  (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some(
    (x) => x.type === 'Ready' && x.status === 'True',
  ) ?? false;
// every process that could answer DNS, as `<id> on <host> up|down`
const dnsProcesses = (c: Cluster): string[] =>
  c
    .components()
    .filter((p) => p.id.includes('coredns'))
    .map((p) => `${p.id} on ${p.host} ${p.isUp() ? 'up' : 'down'}`)
    .sort();
// the CoreDNS process each of `n` lookups from `from` reached
function dnsTargets(c: Cluster, from: string, n: number): Set<string> {
  const to = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = c.trafficRequest({ from, url: 'http://kubernetes.default:443/' });
    for (const h of c.hops())
      if (h.trace === r.trace && h.verb === 'DNS' && h.from === from) to.add(h.to);
  }
  return to;
}

describe('the coredns pods are the only CoreDNS servers', () => {
  let c: Cluster;
  let victim: string;
  let before: KubeObject[];

  beforeAll(() => {
    c = createCluster({ seed: 21, workers: 3 });
    c.runUntil(() => dnsPods(c).filter(isReady).length === 2, { timeoutMs: 60_000 });
    c.advance(2_000);
    before = dnsPods(c);
    victim = nodeOf(before[0]);
    const other = ['worker-1', 'worker-2', 'worker-3'].find(
      (n) => n !== victim && n !== nodeOf(before[1]),
    )!;
    const res = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'client' },
        spec: { nodeName: other, containers: [{ name: 'c', image: 'nginx' }] },
      },
    });
    expect(res.status).toBe(201);
    c.advance(5_000);
  });

  it('runs one CoreDNS process per coredns pod, on that pod node, and no other', () => {
    expect(dnsProcesses(c)).toEqual(
      before.map((p) => `pod/kube-system/${p.metadata.name} on ${nodeOf(p)} up`).sort(),
    );
  });

  it('draws no coredns component on any node, even with the ids seen in hops', () => {
    const seen = c.hops().flatMap((h) => [h.from, h.to]);
    const kinds = clusterTopology(c, seen).nodes.flatMap((n) => n.components.map((x) => x.kind));
    expect(kinds.filter((k) => k.includes('coredns'))).toEqual([]);
  });

  it('sends lookups through the kube-dns Service to both coredns pods', () => {
    expect([...dnsTargets(c, 'pod/default/client', 40)].sort()).toEqual(
      before.map((p) => `pod/kube-system/${p.metadata.name}`).sort(),
    );
  });

  it('answers from the new node once a node failure has moved a coredns pod', () => {
    c.fail(`node/${victim}`);
    const moved = () =>
      dnsPods(c).filter((p) => isReady(p) && !p.metadata.deletionTimestamp && nodeOf(p) !== victim);
    // NotReady after the 40 s grace period, evicted after the 300 s toleration, then rescheduled
    expect(c.runUntil(() => moved().length === 2, { timeoutMs: 420_000 })).toBe(true);
    c.advance(5_000);
    const replacement = moved().find((p) => p.metadata.name !== before[1].metadata.name)!;
    expect(nodeOf(replacement)).not.toBe(victim);
    // the stranded pod's server is down with its node; the replacement's runs on its new node
    expect(dnsProcesses(c)).toEqual(
      [
        `pod/kube-system/${before[0].metadata.name} on ${victim} down`,
        `pod/kube-system/${before[1].metadata.name} on ${nodeOf(before[1])} up`,
        `pod/kube-system/${replacement.metadata.name} on ${nodeOf(replacement)} up`,
      ].sort(),
    );
    expect([...dnsTargets(c, 'pod/default/client', 40)].sort()).toEqual(
      [before[1], replacement].map((p) => `pod/kube-system/${p.metadata.name}`).sort(),
    );
  });
});
