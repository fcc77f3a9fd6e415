/**
 * Event names as client-go's tools/record makeEvent gives them: `<object name>.<time>` with the
 * time in Unix nanoseconds, in hex. Names of one object's events therefore sort as the events
 * happened, and so do lists and `kubectl describe` (which keeps list order within a second).
 *
 * The simulated clock gives milliseconds (fractions of one when the page moves it smoothly);
 * the nanoseconds below that are drawn from the seeded rng (two draws per name, as an event
 * always took) and grow within a millisecond, so one recorder's names stay unique and ordered.
 */
export function eventNameSuffixer(wallMs: () => number, nextUint32: () => number): () => string {
  let lastMs = -1;
  let lastSub = 0;
  return () => {
    const wall = wallMs();
    const ms = Math.floor(wall);
    const a = nextUint32();
    const b = nextUint32();
    let sub = Math.floor((wall - ms) * 1_000_000) + (a % 1000);
    if (ms === lastMs && sub <= lastSub) sub = lastSub + 1 + (b % 1000);
    lastMs = ms;
    lastSub = sub;
    return (BigInt(ms) * 1_000_000n + BigInt(sub)).toString(16);
  };
}
