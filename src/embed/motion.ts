/**
 * `motion=reduce`: the page behaves as if the system asked for reduced motion, so the diagram
 * highlights hops in turn instead of moving tokens (its components read the media query).
 */
export function forceReducedMotion(): void {
  const original = window.matchMedia.bind(window);
  window.matchMedia = (query: string) => {
    const real = original(query);
    if (!/prefers-reduced-motion:\s*reduce/.test(query)) return real;
    // a plain object delegating to the real list: the browser's own methods refuse to run on
    // an object merely inheriting from a MediaQueryList ("Illegal invocation")
    const forced: MediaQueryList = {
      matches: true,
      media: real.media,
      onchange: null,
      addEventListener: real.addEventListener.bind(real),
      removeEventListener: real.removeEventListener.bind(real),
      addListener: real.addListener.bind(real),
      removeListener: real.removeListener.bind(real),
      dispatchEvent: real.dispatchEvent.bind(real),
    };
    return forced;
  };
  document.documentElement.dataset.motion = 'reduce';
}
