import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine';
import { cluster, createPod, pod } from './helpers';

type Event = {
  type: string;
  object: KubeObject & { code?: number; message?: string; reason?: string };
};

function watchPods(
  c: ReturnType<typeof cluster>,
  query: Record<string, string>,
): { status: number; events: Event[] } {
  const res = c.request({
    method: 'GET',
    path: '/api/v1/namespaces/default/pods',
    query: { watch: '1', timeoutSeconds: '2', ...query },
  });
  return { status: res.status, events: res.body as Event[] };
}

describe('watch', () => {
  it('replays events after a resourceVersion, in order, with the real event types', () => {
    const c = cluster();
    const rv = (createPod(c, pod('a')).body as KubeObject).metadata.resourceVersion!;
    createPod(c, pod('b'));
    c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { labels: { x: 'y' } } },
    });
    c.request({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/b' });
    const { status, events } = watchPods(c, { resourceVersion: rv });
    expect(status).toBe(200);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'b'],
      ['MODIFIED', 'a'],
      ['DELETED', 'b'],
    ]);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
  });

  it('starts with the current state as ADDED events when no resourceVersion is given', () => {
    const c = cluster();
    createPod(c, pod('a', { labels: { app: 'web' } }));
    createPod(c, pod('b', { labels: { app: 'db' } }));
    const { events } = watchPods(c, { labelSelector: 'app=web' });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'a']]);
  });

  it('reports a relabelled object leaving the selection as DELETED', () => {
    const c = cluster();
    const rv = (createPod(c, pod('a', { labels: { app: 'web' } })).body as KubeObject).metadata
      .resourceVersion!;
    c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { labels: { app: 'db' } } },
    });
    const { events } = watchPods(c, { resourceVersion: rv, labelSelector: 'app=web' });
    expect(events.map((e) => e.type)).toEqual(['DELETED']);
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired error event', () => {
    const c = cluster();
    const rv = Number((createPod(c, pod('a')).body as KubeObject).metadata.resourceVersion);
    // More changes than the watch cache keeps, then two compaction intervals.
    for (let i = 0; i < 1100; i++) {
      c.request({
        method: 'PATCH',
        path: '/api/v1/namespaces/default/pods/a',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { metadata: { labels: { n: String(i) } } },
      });
    }
    c.advance(11 * 60_000);
    const { events } = watchPods(c, { resourceVersion: String(rv) });
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(events[0].object.message).toMatch(
      new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`),
    );
    const compacted = c.etcdctl(`get /registry/pods/default/a --rev=${rv}`);
    expect(compacted.stderr).toContain('required revision has been compacted');
  });

  it('fans a pod create out to every current watcher as its own hop', () => {
    const c = cluster();
    const hopsBefore = c.hops().length;
    createPod(c, pod('nginx'));
    const trace = c.hops()[c.hops().length - 1].trace;
    const story = c
      .hops()
      .slice(hopsBefore)
      .filter((h) => h.trace === trace);
    // Each kubelet does not watch pods yet; the apiserver's own cache receives the etcd event.
    expect(
      story.some(
        (h) =>
          h.from === 'etcd@control-plane-1' &&
          h.to === 'kube-apiserver@control-plane-1' &&
          h.verb === 'WatchResponse',
      ),
    ).toBe(true);
  });
});
