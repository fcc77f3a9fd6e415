// Updates start from the watch cache's copy (cacher.go GuaranteedUpdate) and read etcd only
// when that copy proves stale or the update fails on it.
import { describe, expect, it } from 'vitest';

import type { Hop, KubeObject } from '../../../src/engine';
import { cluster, createPod, message, pod } from './helpers';

const POD_KEY = '/registry/pods/default/a';

function etcdCalls(hops: Hop[]): string[] {
  return hops
    .filter((h) => h.from.startsWith('kube-apiserver') && h.resource.startsWith(POD_KEY))
    .map((h) => h.verb);
}

describe('an update through the watch cache', () => {
  it('writes with one compare-and-swap and no read when the cached copy is current', () => {
    const c = cluster();
    createPod(c, pod('a'));
    c.advance(1000);
    const hops: Hop[] = [];
    const off = c.onHop((h) => hops.push(h));
    const res = c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { metadata: { labels: { tier: 'web' } } },
    });
    off();
    expect(res.status).toBe(200);
    expect((res.body as KubeObject).metadata.labels).toEqual({ tier: 'web' });
    expect(etcdCalls(hops)).toEqual(['Txn']);
  });

  it('reads etcd before refusing a stale resourceVersion with 409 Conflict', () => {
    const c = cluster();
    const created = createPod(c, pod('a')).body as KubeObject;
    c.advance(1000);
    const hops: Hop[] = [];
    const off = c.onHop((h) => hops.push(h));
    const res = c.request({
      method: 'PUT',
      path: '/api/v1/namespaces/default/pods/a',
      body: {
        ...created,
        metadata: { ...created.metadata, resourceVersion: '1', labels: { tier: 'web' } },
      },
    });
    off();
    expect(res.status).toBe(409);
    expect(message(res)).toBe(
      'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(etcdCalls(hops)).toEqual(['Range']);
  });

  it('leaves the object untouched when nothing changes, after checking etcd', () => {
    const c = cluster();
    createPod(c, pod('a'));
    c.advance(1000);
    const before = c.get('pods', 'a')!.metadata.resourceVersion;
    const res = c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { metadata: {} },
    });
    expect(res.status).toBe(200);
    expect((res.body as KubeObject).metadata.resourceVersion).toBe(before);
    expect(c.get('pods', 'a')!.metadata.resourceVersion).toBe(before);
  });
});
