import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeDelta, encodeDelta } from '../../../src/engine/etcd/mvcc/delta';

const pod = (phase: string, ip: string) =>
  `{"metadata":{"name":"web-7d9f-abcde","namespace":"default","uid":"3f1c2a7e-0000-4000-8000-000000000001"},` +
  `"spec":{"containers":[{"name":"app","image":"nginx"}],"nodeName":"worker-1"},` +
  `"status":{"phase":"${phase}","podIP":"${ip}","conditions":[{"type":"Ready","status":"True"}]}}`;

describe('value delta', () => {
  it.each([
    ['an empty value', '', 'reference'],
    ['an empty reference', 'a value with no reference at all', ''],
    ['a value shorter than a match window', 'abc', 'abcdef'],
    ['an identical value', pod('Running', '10.244.1.5'), pod('Running', '10.244.1.5')],
    ['an older status of a pod', pod('Pending', ''), pod('Running', '10.244.1.5')],
    [
      'fields in another order',
      '{"b":"0123456789abcdef","a":"fedcba9876543210"}',
      '{"a":"fedcba9876543210","b":"0123456789abcdef"}',
    ],
    [
      'chars outside Latin-1 and control chars',
      'naïve ☃ \u0000\u0080\u00ff ⌘ repeated repeated repeated',
      'repeated repeated repeated ☃',
    ],
    ['a value much longer than its reference', 'x'.repeat(70_000) + 'tail', 'x'.repeat(20)],
  ])('rebuilds %s exactly', (_, value, reference) => {
    expect(decodeDelta(encodeDelta(value, reference), reference)).toBe(value);
  });

  it('rebuilds any value from any reference, however much their heads and tails overlap', () => {
    // small alphabets make long shared heads, tails and repeats likely
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '"', '☃'), maxLength: 80 });
    fc.assert(
      fc.property(text, text, text, text, (head, a, b, tail) => {
        const value = head + a + tail;
        const reference = head + b + tail;
        expect(decodeDelta(encodeDelta(value, reference), reference)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a pod version as a small fraction of its size when the next one is close', () => {
    const old = pod('Pending', '');
    const delta = encodeDelta(old, pod('Running', '10.244.1.5'));
    expect(delta.length).toBeLessThan(old.length / 5);
  });
});
