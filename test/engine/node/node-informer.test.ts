// The kubelet watches its own Node through a list+watch with fieldSelector=metadata.name=<node>
// (the apiserver's request info takes the name from that selector, so the Node authorizer
// allows it) and learns its podCIDR from the watch instead of polling the Node.
import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';

const asKubelet = (node: string, query: Record<string, string>) => ({
  method: 'GET' as const,
  path: '/api/v1/nodes',
  query,
  user: `system:node:${node}`,
});

describe("the kubelet's own-Node informer", () => {
  it('lists and watches its Node by metadata.name and is answered 200', () => {
    const c = createCluster({ seed: 7, workers: 1, addons: false });
    const kubelet = c
      .hops()
      .filter((h) => h.from === 'kubelet@worker-1' && h.resource.startsWith('/api/v1/nodes?'));
    expect(kubelet.map((h) => h.summary)).toContain(
      'GET /api/v1/nodes?fieldSelector=metadata.name=worker-1&resourceVersion=0',
    );
    const events = c
      .hops()
      .filter((h) => h.to === 'kubelet@worker-1' && h.resource === 'nodes/worker-1')
      .map((h) => h.verb);
    expect(events[0]).toBe('ADDED');
    expect(events).toContain('MODIFIED');
  });

  it.each([
    { selector: 'metadata.name=worker-1', status: 200, names: ['worker-1'] },
    { selector: 'metadata.name==worker-1', status: 200, names: ['worker-1'] },
    { selector: 'metadata.name=worker-2', status: 403, names: [] },
    { selector: '', status: 403, names: [] },
  ])('answers a kubelet listing nodes with fieldSelector "$selector" with $status', (t) => {
    const c = createCluster({ seed: 7, workers: 2, addons: false });
    const res = c.request(asKubelet('worker-1', t.selector ? { fieldSelector: t.selector } : {}));
    expect(res.status).toBe(t.status);
    if (t.status === 200)
      expect(
        (res.body as { items: { metadata: { name: string } }[] }).items.map((n) => n.metadata.name),
      ).toEqual(t.names);
  });

  it("says why a kubelet may not list every node, in the Node authorizer's words", () => {
    const c = createCluster({ seed: 7, workers: 1, addons: false });
    const res = c.request(asKubelet('worker-1', {}));
    expect((res.body as { message: string }).message).toBe(
      'nodes is forbidden: User "system:node:worker-1" cannot list resource "nodes" in API group "" at the cluster scope: node \'worker-1\' cannot read all nodes, only its own Node object',
    );
  });

  it('applies the podCIDR from the watch: no GET of the Node until the 10 s status loop', () => {
    const c = createCluster({ seed: 7, workers: 1, addons: false });
    c.advance(15_000);
    const registered = c
      .hops()
      .find(
        (h) => h.to === 'kubelet@worker-1' && h.verb === '201' && h.resource === '/api/v1/nodes',
      )!;
    const gets = c
      .hops()
      .filter(
        (h) =>
          h.from === 'kubelet@worker-1' &&
          h.verb === 'GET' &&
          h.resource.startsWith('/api/v1/nodes/worker-1'),
      )
      .map((h) => h.sentAt - registered.deliveredAt);
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((t) => t >= 10_000)).toBe(true);
    expect(c.get('nodes', 'worker-1', '')!.spec).toMatchObject({ podCIDR: '10.244.1.0/24' });
  });
});
