// Regression test for a schedule the invariant fuzzer found: two status writes of one pod in
// flight at once, to different apiservers behind the load balancer, landed older-last and left
// a CoreDNS pod Running 0/1 for good.
import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';

describe('the kubelet status manager writes one pod status at a time', () => {
  // fast-check seed 20261121, path "5": 3 control planes, 2 workers, cluster seed 534338
  const c = createCluster({ seed: 534338, controlPlaneNodes: 3, workers: 2 });
  c.kubectl('get endpointslices');
  c.advance(60_000);

  it('ends with every CoreDNS pod ready after the endpointslices schedule', () => {
    const coredns = c
      .list('pods', 'kube-system')
      .filter((p) => p.metadata.name!.startsWith('coredns-'))
      .map((p) =>
        (p.status as { conditions: { type: string; status: string }[] }).conditions
          .filter((k) => k.type === 'Ready' || k.type === 'ContainersReady')
          .map((k) => `${k.type}=${k.status}`),
      );
    expect(coredns).toEqual([
      ['Ready=True', 'ContainersReady=True'],
      ['Ready=True', 'ContainersReady=True'],
    ]);
  });

  it('never sends a pod status PATCH while the previous one for that pod is unanswered', () => {
    const inFlight = new Map<string, number>();
    let overlaps = 0;
    let writes = 0;
    for (const h of c.hops()) {
      if (!h.resource?.startsWith('/api/v1/namespaces/') || !h.resource.endsWith('/status'))
        continue;
      // a write refused at connect is answered at once (no response hop comes back)
      if (h.from.startsWith('kubelet@') && h.verb === 'PATCH' && h.outcome === 'delivered') {
        const key = `${h.from} ${h.resource}`;
        writes++;
        if ((inFlight.get(key) ?? 0) > 0) overlaps++;
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      } else if (h.to.startsWith('kubelet@') && /^\d{3}$/.test(h.verb)) {
        const key = `${h.to} ${h.resource}`;
        inFlight.set(key, (inFlight.get(key) ?? 0) - 1);
      }
    }
    expect(writes).toBeGreaterThan(20);
    expect(overlaps).toBe(0);
  });
});
