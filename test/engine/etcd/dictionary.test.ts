import { describe, expect, it } from 'vitest';

import { decodeDelta } from '../../../src/engine/etcd/mvcc/delta';
import { SiblingDictionary } from '../../../src/engine/etcd/mvcc/dictionary';

const event = (pod: string, reason: string) =>
  `{"kind":"Event","involvedObject":{"kind":"Pod","name":"${pod}"},"reason":"${reason}","message":"${reason} the container of ${pod} on its node","source":{"component":"kubelet"}}`;

describe('sibling dictionary', () => {
  it('keeps the first value of a directory whole and packs an alike sibling against it', () => {
    const d = new SiblingDictionary();
    const first = event('web-1', 'Pulled');
    expect(d.pack('/registry/events/default/web-1.a', first)).toBeUndefined();
    const next = event('web-2', 'Pulled');
    const packed = d.pack('/registry/events/default/web-2.b', next)!;
    expect(packed.ref).toBe(first);
    expect(decodeDelta(packed.delta, packed.ref)).toBe(next);
    expect(packed.delta.length).toBeLessThanOrEqual(next.length / 4);
  });

  it('keeps directories apart and makes an unlike value a keyframe of its own', () => {
    const d = new SiblingDictionary();
    d.pack('/registry/events/default/a', event('web-1', 'Pulled'));
    expect(d.pack('/registry/events/other/b', event('web-2', 'Pulled'))).toBeUndefined();
    const unlike = '{"kind":"ConfigMap","data":{"' + 'x'.repeat(200) + '":"1"}}';
    expect(d.pack('/registry/events/default/c', unlike)).toBeUndefined();
    expect(d.pack('/registry/events/default/d', unlike.replace('"1"', '"2"'))?.ref).toBe(unlike);
  });
});
