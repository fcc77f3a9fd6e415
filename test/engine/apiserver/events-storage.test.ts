import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { cluster } from './helpers';

type WatchEvent = {
  type: string;
  object: KubeObject & { code?: number; message?: string; reason?: string };
};

function event(name: string, reason: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
    reason,
    message: `${reason} happened`,
    type: 'Normal',
    source: { component: 'tests' },
  } as KubeObject;
}

function createEvent(c: Cluster, name: string, reason = 'Started'): string {
  const res = c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/events',
    body: event(name, reason),
  });
  expect(res.status).toBe(201);
  return (res.body as KubeObject).metadata.resourceVersion!;
}

function watchEvents(c: Cluster, query: Record<string, string>): WatchEvent[] {
  const res = c.request({
    method: 'GET',
    path: '/api/v1/namespaces/default/events',
    query: { watch: '1', timeoutSeconds: '2', ...query },
  });
  expect(res.status).toBe(200);
  return res.body as WatchEvent[];
}

/** The apiserver's etcd ranges of an events collection since hop `from`. */
const etcdListRanges = (c: Cluster, from: number) =>
  c
    .hops()
    .slice(from)
    .filter(
      (h) =>
        h.verb === 'Range' &&
        h.from === 'kube-apiserver@control-plane-1' &&
        /^\/registry\/events\/.*\*$/.test(h.resource),
    );

describe('events without a watch cache', () => {
  it('keeps no watch cache for core or events.k8s.io events, as DefaultWatchCacheSizes sets 0', () => {
    const c = cluster();
    const server = c.apiServers[0];
    expect(server.cacheFor('events')).toBeUndefined();
    expect(server.cacheFor('pods')).toBeDefined();
    expect([...server.caches.keys()]).not.toContain('/registry/events');
  });

  it('serves a resourceVersion=0 list of events from etcd', () => {
    const c = cluster();
    createEvent(c, 'a');
    const before = c.hops().length;
    const res = c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/events',
      query: { resourceVersion: '0' },
    });
    const items = (res.body as { items: KubeObject[] }).items;
    expect(items.map((e) => e.metadata.name)).toEqual(['a']);
    expect(etcdListRanges(c, before).map((h) => h.resource)).toEqual([
      '/registry/events/default/*',
    ]);
  });

  it('starts a watch with one etcd range of the namespace, each event ADDED, then live changes', () => {
    const c = cluster();
    createEvent(c, 'a');
    const before = c.hops().length;
    c.sim.after(500, () => {
      createEvent(c, 'b', 'Pulled');
      c.request({
        method: 'PATCH',
        path: '/api/v1/namespaces/default/events/a',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { count: 2 },
      });
      c.request({ method: 'DELETE', path: '/api/v1/namespaces/default/events/b' });
    });
    const events = watchEvents(c, {});
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
      ['MODIFIED', 'a'],
      ['DELETED', 'b'],
    ]);
    expect(etcdListRanges(c, before).map((h) => h.resource)).toEqual([
      '/registry/events/default/*',
    ]);
    const watches = c
      .hops()
      .slice(before)
      .filter((h) => h.verb === 'Watch' && h.from === 'kube-apiserver@control-plane-1');
    expect(watches.map((h) => h.resource)).toEqual(['/registry/events/default/*']);
    // a deleted event is reported as it last was, at the revision of its deletion
    const deleted = events[3].object;
    expect(deleted.metadata.resourceVersion).not.toBe(events[1].object.metadata.resourceVersion);
    expect((deleted as { reason?: string }).reason).toBe('Pulled');
  });

  it('replays the events written after a resourceVersion, filtered by field selector', () => {
    const c = cluster();
    const rv = createEvent(c, 'a');
    createEvent(c, 'b', 'Pulled');
    createEvent(c, 'c');
    const events = watchEvents(c, { resourceVersion: rv, fieldSelector: 'reason=Started' });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'c']]);
  });

  it('ends a watch from a compacted resourceVersion with the etcd3 store 410 Expired', () => {
    const c = cluster();
    const rv = createEvent(c, 'a');
    createEvent(c, 'b');
    // the apiserver compacts every 5 minutes up to the revision it saw one interval earlier
    c.advance(11 * 60_000);
    const events = watchEvents(c, { resourceVersion: rv });
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'The resourceVersion for the provided watch is too old.',
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });

  it('still lists events for kubectl get events', () => {
    const c = cluster();
    createEvent(c, 'a');
    const out = c.kubectl('get events -o name');
    expect(out).toEqual({ stdout: 'event/a\n', stderr: '', exitCode: 0 });
  });
});
