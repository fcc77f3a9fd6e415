import { jsonMergePatch } from '../../../../src/engine/api/patch/merge-patch';

describe('jsonMergePatch', () => {
  // RFC 7386 Appendix A test cases
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j into %j', (target, patch, want) => {
    expect(jsonMergePatch(target, patch)).toEqual(want);
  });

  it('never mutates its inputs', () => {
    const target = { metadata: { labels: { a: '1' } }, spec: { replicas: 1 } };
    const patch = { metadata: { labels: { b: '2', a: null } } };
    const result = jsonMergePatch(target, patch) as {
      metadata: { labels: Record<string, string> };
    };
    expect(result.metadata.labels).toEqual({ b: '2' });
    expect(target).toEqual({ metadata: { labels: { a: '1' } }, spec: { replicas: 1 } });
    expect(patch).toEqual({ metadata: { labels: { b: '2', a: null } } });
    result.metadata.labels.c = '3';
    expect(patch.metadata.labels).not.toHaveProperty('c');
  });
});
