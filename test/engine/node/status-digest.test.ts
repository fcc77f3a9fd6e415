import { describe, expect, it } from 'vitest';

import { digest53 } from '../../../src/engine/node/status-digest';

const statuses = [
  '',
  '{"phase":"Pending"}',
  '{"phase":"Running"}',
  '{"phase":"Runnin"}',
  '{"phase":"Running","podIP":"10.244.1.2"}',
  '{"phase":"Running","podIP":"10.244.1.3"}',
  '{"phase":"Running","podIP":"10.244.2.1"}',
  '{"conditions":[{"type":"Ready","status":"True"}]}',
  '{"conditions":[{"type":"Ready","status":"False"}]}',
  '{"message":"naïve ünïcode"}',
];

describe('digest53', () => {
  it('gives the same digest for equal strings built apart', () => {
    const built = ['{"phase":', '"Running"', '}'].join('');
    expect(digest53(built)).toBe(digest53('{"phase":"Running"}'));
  });

  it('tells apart statuses that differ in one character, one field or one condition', () => {
    const digests = statuses.map(digest53);
    expect(new Set(digests).size).toBe(statuses.length);
  });

  it('is a non-negative safe integer of at most 53 bits', () => {
    for (const s of statuses) {
      const d = digest53(s);
      expect(Number.isSafeInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
    }
  });

  it('tells apart every one of 20,000 pod IPs in an otherwise equal status', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++)
      seen.add(digest53(`{"phase":"Running","podIP":"10.${i >> 8}.${i & 255}.2"}`));
    expect(seen.size).toBe(20_000);
  });
});
