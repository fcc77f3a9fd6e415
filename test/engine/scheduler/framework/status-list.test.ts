import { describe, expect, it } from 'vitest';

import { SKIP, newStatus } from '../../../../src/engine/scheduler/framework/status';
import { StatusList } from '../../../../src/engine/scheduler/framework/status-list';

const a = SKIP.withPlugin('A');
const b = SKIP.withPlugin('B');
const c = newStatus('Unschedulable', 'no').withPlugin('C');

function cycle(list: StatusList, statuses: (typeof a)[]) {
  list.begin();
  for (const s of statuses) list.push(s);
  return list.end();
}

describe('StatusList', () => {
  it('hands out the previous cycle’s list itself while a cycle gathers the same statuses', () => {
    const list = new StatusList();
    const first = cycle(list, [a, b]);
    expect(first).toEqual([a, b]);
    expect(cycle(list, [a, b])).toBe(first);
  });

  it.each([
    ['a longer list', [a, b, c], [a, b, c]],
    ['a shorter list', [a], [a]],
    ['another status first', [c, b], [c, b]],
    ['no status', [], []],
  ])('gives %s its own list and leaves the earlier one as it was', (_name, next, want) => {
    const list = new StatusList();
    const first = cycle(list, [a, b]);
    const second = cycle(list, next);
    expect(second).toEqual(want);
    expect(second).not.toBe(first);
    expect(first).toEqual([a, b]);
  });
});
