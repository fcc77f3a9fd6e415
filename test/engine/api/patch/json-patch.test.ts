import { jsonPatch, type JsonPatchOperation } from '../../../../src/engine/api/patch/json-patch';

describe('jsonPatch', () => {
  // RFC 6902 Appendix A examples that succeed
  it.each<[string, unknown, JsonPatchOperation[], unknown]>([
    [
      'A.1 adds an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'A.2 adds an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 removes an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 removes an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replaces a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 moves a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 moves an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 passes a test',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 adds a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.14 unescapes ~0 and ~1',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 adds an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    [
      'copies a value',
      { a: { b: 1 } },
      [{ op: 'copy', from: '/a', path: '/c' }],
      { a: { b: 1 }, c: { b: 1 } },
    ],
    [
      'adds an annotation with an escaped key',
      { metadata: { annotations: {} } },
      [{ op: 'add', path: '/metadata/annotations/example.com~1note', value: 'x' }],
      { metadata: { annotations: { 'example.com/note': 'x' } } },
    ],
  ])('%s', (_name, doc, ops, want) => {
    expect(jsonPatch(doc, ops)).toEqual(want);
  });

  // RFC 6902 failure examples with the evanphx/json-patch messages
  it.each<[string, unknown, JsonPatchOperation[], string]>([
    [
      'A.9 fails a test',
      { baz: 'qux' },
      [{ op: 'test', path: '/baz', value: 'bar' }],
      'testing value /baz failed: test failed',
    ],
    [
      'A.12 adds to a nonexistent target',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    ],
    [
      'A.15 compares a string with a number',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: '10' }],
      'testing value /~01 failed: test failed',
    ],
    [
      'removes a missing key',
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
    ],
    [
      'removes under a missing parent',
      { a: 1 },
      [{ op: 'remove', path: '/b/c' }],
      'remove operation does not apply: doc is missing path: "/b/c": missing value',
    ],
    [
      'replaces past the end of an array',
      { a: [1] },
      [{ op: 'replace', path: '/a/5', value: 2 }],
      'replace operation does not apply: doc is missing key: /a/5: missing value',
    ],
    [
      'adds past the end of an array',
      { a: [1] },
      [{ op: 'add', path: '/a/3', value: 2 }],
      "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced",
    ],
    [
      'moves from a missing parent',
      { a: 1 },
      [{ op: 'move', from: '/x/y', path: '/b' }],
      'move operation does not apply: doc is missing from path: /x/y: missing value',
    ],
    ['runs an unknown op', { a: 1 }, [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
  ])('%s', (_name, doc, ops, message) => {
    expect(() => jsonPatch(doc, ops)).toThrow(message);
  });

  it('applies nothing when a later operation fails and never mutates the target', () => {
    const doc = { spec: { replicas: 1 } };
    expect(() =>
      jsonPatch(doc, [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'test', path: '/spec/replicas', value: 1 },
      ]),
    ).toThrow('testing value /spec/replicas failed: test failed');
    expect(doc).toEqual({ spec: { replicas: 1 } });
  });

  it('treats a missing key as null in a test, as evanphx/json-patch v4 does', () => {
    expect(jsonPatch({ a: null }, [{ op: 'test', path: '/b', value: null }])).toEqual({ a: null });
  });
});
