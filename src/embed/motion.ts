/**
 * `motion=reduce`: the page behaves as if the system asked for reduced motion, so the diagram
 * highlights hops in turn instead of moving tokens (its components read the media query).
 */
export function forceReducedMotion(): void {
  const original = window.matchMedia.bind(window);
  window.matchMedia = (query: string) => {
    const result = original(query);
    if (!/prefers-reduced-motion:\s*reduce/.test(query)) return result;
    return Object.assign(Object.create(result) as MediaQueryList, { matches: true, media: query });
  };
  document.documentElement.dataset.motion = 'reduce';
}
