import { afterEach, describe, expect, it, vi } from 'vitest';

import { nextTask } from '../../../src/lazy/after-paint';

afterEach(() => vi.unstubAllGlobals());

describe('yielding to the browser', () => {
  it('resolves in a later task, after the work already queued in this one', async () => {
    const order: string[] = [];
    const yielded = nextTask().then(() => order.push('next task'));
    void Promise.resolve().then(() => order.push('microtask'));
    await yielded;
    expect(order).toEqual(['microtask', 'next task']);
  });

  it("uses the browser's scheduler.yield() where there is one", async () => {
    const yieldToMain = vi.fn(() => Promise.resolve());
    vi.stubGlobal('scheduler', { yield: yieldToMain });
    await nextTask();
    expect(yieldToMain).toHaveBeenCalledTimes(1);
  });

  it('does not wait on timers, which chained setTimeout(0) calls would clamp to 4 ms', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const chain = (async () => {
        for (let i = 0; i < 10; i++) await nextTask();
        done = true;
      })();
      // no timer is advanced: the chain still finishes
      await chain;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
