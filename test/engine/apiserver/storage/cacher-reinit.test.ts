import { describe, expect, it } from 'vitest';

import type { KubeObject, ResourceInfo } from '../../../../src/engine/api/types';
import { WatchCache } from '../../../../src/engine/apiserver/storage/watch-cache';

const PODS: ResourceInfo = {
  group: '',
  version: 'v1',
  resource: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  shortNames: [],
  verbs: [],
  subresources: [],
  etcdPrefix: '/registry/pods',
};

function pod(name: string, rv: number, nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', resourceVersion: String(rv) },
    spec: nodeName ? { nodeName } : {},
  };
}

describe('the watch cache when its etcd watch breaks', () => {
  it('terminates every watcher, indexed or not, and sends them nothing after', () => {
    const cache = new WatchCache(PODS);
    cache.replace([pod('a', 5)], 5);
    const log: string[] = [];
    for (const trigger of [undefined, 'worker-1']) {
      cache.addWatcher({
        trigger,
        deliver: (e) => log.push(`${trigger ?? 'all'} ${e.type} ${e.object.metadata.name}`),
        terminate: () => log.push(`${trigger ?? 'all'} terminated`),
      });
    }
    cache.invalidate();
    expect(cache.ready).toBe(false);
    cache.terminateAllWatchers();
    cache.apply({ type: 'ADDED', object: pod('b', 6, 'worker-1'), rv: 6 });
    expect([log, cache.watcherCount]).toEqual([['all terminated', 'worker-1 terminated'], 0]);
  });

  it('starts its event window afresh at the relist, so older resourceVersions are too old', () => {
    const cache = new WatchCache(PODS);
    cache.replace([pod('a', 5)], 5);
    cache.apply({ type: 'ADDED', object: pod('b', 6), rv: 6 });
    expect(cache.eventsAfter(5)?.map((e) => e.object.metadata.name)).toEqual(['b']);
    cache.invalidate();
    cache.replace([pod('a', 5), pod('b', 6), pod('c', 9)], 9);
    expect([cache.ready, cache.oldestResumable, cache.eventsAfter(6)]).toEqual([
      true,
      9,
      undefined,
    ]);
    expect(cache.eventsAfter(9)).toEqual([]);
  });
});
