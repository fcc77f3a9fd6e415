/**
 * Resolves once the browser has painted the current DOM: the next animation frame runs just
 * before a paint, and a task queued from it runs after that paint. Work started then cannot
 * delay the first paint.
 */
export function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    // a hidden tab has no frames: do not wait for one
    if (document.visibilityState === 'hidden' || typeof requestAnimationFrame !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}
