import { describe, expect, it } from 'vitest';

import type { KubeObject, ResourceInfo } from '../../../../src/engine/api/types';
import type { CacheEvent } from '../../../../src/engine/apiserver/storage/watch-cache';
import { WatchCache } from '../../../../src/engine/apiserver/storage/watch-cache';

function resource(name: string): ResourceInfo {
  return {
    group: '',
    version: 'v1',
    resource: name,
    singular: name.slice(0, -1),
    kind: name === 'pods' ? 'Pod' : 'ConfigMap',
    namespaced: true,
    shortNames: [],
    verbs: [],
    subresources: [],
    etcdPrefix: `/registry/${name}`,
  };
}

function pod(name: string, rv: number, nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', resourceVersion: String(rv) },
    spec: nodeName ? { nodeName } : {},
  };
}

/** Watchers named by what they are sent: `all` has no trigger, the others a node's name. */
function watch(cache: WatchCache, triggers: (string | undefined)[]): string[] {
  const heard: string[] = [];
  triggers.forEach((trigger, i) => {
    const who = trigger === undefined ? `all#${i}` : `${trigger}#${i}`;
    cache.addWatcher({
      trigger,
      deliver: (e: CacheEvent) => heard.push(`${who} ${e.type} ${e.object.metadata.name}`),
    });
  });
  return heard;
}

describe('WatchCache with spec.nodeName triggers', () => {
  it('sends a pod event only to the watchers of its old and new node, in arrival order', () => {
    const cache = new WatchCache(resource('pods'));
    const heard = watch(cache, ['worker-1', undefined, 'worker-2', 'worker-3']);
    cache.apply({ type: 'ADDED', object: pod('a', 1), rv: 1 });
    cache.apply({
      type: 'MODIFIED',
      object: pod('a', 2, 'worker-2'),
      prevObject: pod('a', 1),
      rv: 2,
    });
    cache.apply({
      type: 'MODIFIED',
      object: pod('a', 3, 'worker-3'),
      prevObject: pod('a', 2, 'worker-2'),
      rv: 3,
    });
    cache.apply({ type: 'DELETED', object: pod('a', 4, 'worker-3'), rv: 4 });
    expect(heard).toEqual([
      'all#1 ADDED a',
      'all#1 MODIFIED a',
      'worker-2#2 MODIFIED a',
      'all#1 MODIFIED a',
      'worker-2#2 MODIFIED a',
      'worker-3#3 MODIFIED a',
      'all#1 DELETED a',
      'worker-3#3 DELETED a',
    ]);
  });

  it('treats the empty value as the unassigned pods', () => {
    const cache = new WatchCache(resource('pods'));
    const heard = watch(cache, ['', 'worker-1']);
    cache.apply({ type: 'ADDED', object: pod('a', 1), rv: 1 });
    cache.apply({ type: 'ADDED', object: pod('b', 2, 'worker-1'), rv: 2 });
    expect(heard).toEqual(['#0 ADDED a', 'worker-1#1 ADDED b']);
  });

  it('stops sending to a watcher once it is removed', () => {
    const cache = new WatchCache(resource('pods'));
    const heard: string[] = [];
    const remove = cache.addWatcher({
      trigger: 'worker-1',
      deliver: (e) => heard.push(e.object.metadata.name!),
    });
    cache.apply({ type: 'ADDED', object: pod('a', 1, 'worker-1'), rv: 1 });
    remove();
    cache.apply({ type: 'ADDED', object: pod('b', 2, 'worker-1'), rv: 2 });
    expect(heard).toEqual(['a']);
    expect(cache.watcherCount).toBe(0);
  });

  it('ignores triggers on resources other than pods', () => {
    const cache = new WatchCache(resource('configmaps'));
    const heard = watch(cache, ['worker-1']);
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default', resourceVersion: '1' },
    };
    cache.apply({ type: 'ADDED', object: cm, rv: 1 });
    expect(heard).toEqual(['worker-1#0 ADDED c']);
  });

  it('indexes node watchers by metadata.name, as the node registry trigger does', () => {
    const cache = new WatchCache({ ...resource('nodes'), kind: 'Node', namespaced: false });
    const heard = watch(cache, ['worker-1', undefined, 'worker-2']);
    const node = (name: string, rv: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, resourceVersion: String(rv) },
    });
    cache.apply({ type: 'ADDED', object: node('worker-2', 1), rv: 1 });
    cache.apply({
      type: 'MODIFIED',
      object: node('worker-1', 3),
      prevObject: node('worker-1', 2),
      rv: 3,
    });
    expect(heard).toEqual([
      'all#1 ADDED worker-2',
      'worker-2#2 ADDED worker-2',
      'worker-1#0 MODIFIED worker-1',
      'all#1 MODIFIED worker-1',
    ]);
  });
});

describe('WatchCache spec.nodeName index', () => {
  it('files a pod under its node, moves it when it is bound elsewhere and drops it when deleted', () => {
    const cache = new WatchCache(resource('pods'));
    const names = (node: string) => cache.byTriggerValue(node).map((p) => p.metadata.name);
    cache.apply({ type: 'ADDED', object: pod('a', 1), rv: 1 });
    cache.apply({ type: 'ADDED', object: pod('b', 2, 'worker-1'), rv: 2 });
    cache.apply({
      type: 'MODIFIED',
      object: pod('a', 3, 'worker-1'),
      prevObject: pod('a', 1),
      rv: 3,
    });
    expect([names(''), names('worker-1')]).toEqual([[], ['b', 'a']]);
    cache.apply({ type: 'DELETED', object: pod('b', 4, 'worker-1'), rv: 4 });
    cache.replace([pod('a', 5, 'worker-2')], 5);
    expect([names('worker-1'), names('worker-2')]).toEqual([[], ['a']]);
  });
});

describe('WatchCache event window', () => {
  it('resumes from the last windowSize events and reports older revisions as gone', () => {
    const cache = new WatchCache(resource('configmaps'), 3);
    cache.replace([], 10);
    const revisions = (events: CacheEvent[] | undefined) => events?.map((e) => e.rv);
    for (let rv = 11; rv <= 17; rv++) cache.apply({ type: 'ADDED', object: pod(`c${rv}`, rv), rv });
    expect(cache.oldestResumable).toBe(14);
    expect(revisions(cache.eventsAfter(14))).toEqual([15, 16, 17]);
    expect(revisions(cache.eventsAfter(16))).toEqual([17]);
    expect(cache.eventsAfter(13)).toBeUndefined();
    cache.apply({ type: 'ADDED', object: pod('c18', 18), rv: 18 });
    expect(revisions(cache.eventsAfter(15))).toEqual([16, 17, 18]);
    expect(cache.eventsAfter(14)).toBeUndefined();
  });
});
