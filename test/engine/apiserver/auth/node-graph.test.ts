import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../../src/engine';

// The Node authorizer finds a kubelet's pods through the pod cache's spec.nodeName index
// (upstream: the graph graph_populator.go keeps from informers), not by scanning every pod.
describe('Node authorizer over the apiserver pod cache', () => {
  const c = createCluster({ seed: 3, workers: 2, addons: false });
  c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/configmaps',
    body: { metadata: { name: 'app-config' }, data: { MODE: 'fast' } },
  });
  c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: {
      metadata: { name: 'app' },
      spec: {
        nodeName: 'worker-1',
        containers: [
          { name: 'app', image: 'nginx', envFrom: [{ configMapRef: { name: 'app-config' } }] },
        ],
      },
    },
  });
  c.advance(1000);
  const get = (node: string) =>
    c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps/app-config',
      user: `system:node:${node}`,
    });

  it('lets the kubelet of the node a pod runs on read the ConfigMap the pod uses', () => {
    expect(get('worker-1').status).toBe(200);
  });

  it("refuses another node's kubelet, with the Node authorizer's reason", () => {
    const res = get('worker-2');
    expect(res.status).toBe(403);
    expect((res.body as { message: string }).message).toBe(
      `configmaps "app-config" is forbidden: User "system:node:worker-2" cannot get resource "configmaps" in API group "" in the namespace "default": no relationship found between node 'worker-2' and this object`,
    );
  });

  it('follows a pod that is deleted: its node loses access', () => {
    c.request({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/pods/app',
      query: { gracePeriodSeconds: '0' },
    });
    c.advance(1000);
    expect(get('worker-1').status).toBe(403);
  });
});
