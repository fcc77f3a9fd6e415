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

/** Resolves in a new task, so the browser may handle input and paint in between. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
