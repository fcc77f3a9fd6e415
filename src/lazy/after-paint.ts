/**
 * Resolves once the browser has painted the current DOM: the next animation frame runs just
 * before a paint, and a task queued from it runs after that paint. Work started then cannot
 * delay the first paint.
 */
export function afterFirstPaint(): Promise<void> {
  // a hidden tab has no frames: do not wait for one
  if (document.visibilityState === 'hidden' || typeof requestAnimationFrame !== 'function')
    return nextTask();
  return new Promise((resolve) => requestAnimationFrame(() => void nextTask().then(resolve)));
}

interface YieldingScheduler {
  yield: () => Promise<void>;
}

/**
 * Resolves in a new task, so the browser may handle input and paint in between. Not a
 * `setTimeout(0)`: chained ones are clamped to 4 ms each (HTML's timer nesting level), idle
 * time a sliced job would add up. `scheduler.yield()` where the browser has it (its
 * continuation runs before other queued work of the same priority), else a message.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<YieldingScheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel !== 'function') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
