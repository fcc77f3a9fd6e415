// A Service's type change through an update allocates and releases node ports as the service
// REST does (pkg/registry/core/service/storage/alloc.go allocateUpdate, strategy.go
// dropTypeDependentFields).
import { describe, expect, it } from 'vitest';

import type { ApiResponse, Cluster, KubeObject } from '../../../src/engine';
import { cluster, message } from './helpers';

type Port = { name?: string; port: number; nodePort?: number };
type Spec = { type: string; clusterIP: string; ports: Port[]; externalTrafficPolicy?: string };

const SERVICES = '/api/v1/namespaces/default/services';

function createService(c: Cluster, name: string, spec: Partial<Spec>): ApiResponse {
  return c.request({
    method: 'POST',
    path: SERVICES,
    body: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec },
  });
}

function patchService(c: Cluster, name: string, spec: Record<string, unknown>): ApiResponse {
  return c.request({
    method: 'PATCH',
    path: `${SERVICES}/${name}`,
    headers: { 'content-type': 'application/strategic-merge-patch+json' },
    body: { spec },
  });
}

function spec(res: ApiResponse): Spec {
  return (res.body as KubeObject).spec as Spec;
}

describe('a service update that changes the type', () => {
  it('allocates a node port when a ClusterIP service becomes NodePort', () => {
    const c = cluster();
    const created = spec(createService(c, 'web', { ports: [{ port: 80 }] }));
    const res = patchService(c, 'web', { type: 'NodePort' });
    expect(res.status).toBe(200);
    const { nodePort } = spec(res).ports[0];
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    expect(spec(res).clusterIP).toBe(created.clusterIP);
    expect(spec(res).externalTrafficPolicy).toBe('Cluster');
  });

  it('drops the node port back on ClusterIP, and the port is free for another service', () => {
    const c = cluster();
    createService(c, 'web', { ports: [{ port: 80 }] });
    const nodePort = spec(patchService(c, 'web', { type: 'NodePort' })).ports[0].nodePort!;
    const back = patchService(c, 'web', { type: 'ClusterIP' });
    expect(back.status).toBe(200);
    expect(spec(back).ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(spec(back).externalTrafficPolicy).toBeUndefined();
    const other = createService(c, 'other', { type: 'NodePort', ports: [{ port: 80, nodePort }] });
    expect(other.status).toBe(201);
    expect(spec(other).ports[0].nodePort).toBe(nodePort);
  });

  it('refuses a requested node port another service holds with 422 Invalid', () => {
    const c = cluster();
    createService(c, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    createService(c, 'b', { ports: [{ port: 80 }] });
    const res = patchService(c, 'b', {
      type: 'NodePort',
      ports: [{ port: 80, nodePort: 30080 }],
    });
    expect(res.status).toBe(422);
    expect(message(res)).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(spec(c.request({ method: 'GET', path: `${SERVICES}/b` })).type).toBe('ClusterIP');
  });

  it('keeps the node ports a resubmitted manifest leaves out', () => {
    const c = cluster();
    const manifest = { type: 'NodePort', ports: [{ name: 'http', port: 80 }] };
    const created = spec(createService(c, 'web', manifest));
    const current = c.request({ method: 'GET', path: `${SERVICES}/web` }).body as KubeObject;
    const res = c.request({
      method: 'PUT',
      path: `${SERVICES}/web`,
      body: { ...current, spec: manifest },
    });
    expect(res.status).toBe(200);
    expect(spec(res).ports[0].nodePort).toBe(created.ports[0].nodePort);
    expect(spec(res).clusterIP).toBe(created.clusterIP);
  });
});

describe('a service create', () => {
  it.each([
    [30080, 'provided port is already allocated'],
    [8080, 'provided port is not in the valid range. The range of valid ports is 30000-32767'],
  ])('refuses node port %i: %s', (nodePort, detail) => {
    const c = cluster();
    createService(c, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    const res = createService(c, 'b', { type: 'NodePort', ports: [{ port: 80, nodePort }] });
    expect(res.status).toBe(422);
    expect(message(res)).toBe(
      `Service "b" is invalid: spec.ports[0].nodePort: Invalid value: ${nodePort}: ${detail}`,
    );
  });
});
