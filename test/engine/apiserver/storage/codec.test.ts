import { describe, expect, it } from 'vitest';

import { decodeKV, encodeObject } from '../../../../src/engine/apiserver/storage/codec';
import type { KubeObject } from '../../../../src/engine/api/types';

const kv = (value: string, modRevision = 7) => ({
  key: '/registry/configmaps/default/a',
  value,
  createRevision: 5,
  modRevision,
  version: 2,
});

describe('storage codec', () => {
  it('gives a decoded object the mod revision as its resourceVersion, frozen', () => {
    const obj = decodeKV(kv('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}'));
    expect(obj.metadata).toEqual({ name: 'a', resourceVersion: '7' });
    expect(Object.isFrozen(obj.metadata)).toBe(true);
  });

  it('freezes every nested object and array of a decoded object', () => {
    const obj = decodeKV(
      kv('{"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"ports":[{"port":80}]}]}}'),
    );
    const containers = (obj.spec as { containers: { ports: object[] }[] }).containers;
    expect(
      [containers, containers[0], containers[0].ports, containers[0].ports[0]].map(Object.isFrozen),
    ).toEqual([true, true, true, true]);
  });

  it('encodes an object without its resourceVersion', () => {
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', resourceVersion: '9' },
      data: { k: 'v' },
    };
    expect(encodeObject(obj)).toBe(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}',
    );
  });

  it('encodes an object read from etcd as the very bytes it was read from', () => {
    // etcd3/store.go compares a new encoding with the stored bytes (objState.data)
    const stored =
      '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"3"}}';
    const obj = decodeKV(kv(stored));
    expect(encodeObject(obj)).toBe(stored);
    expect(encodeObject({ ...obj })).toBe(
      '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"}}',
    );
  });
});
