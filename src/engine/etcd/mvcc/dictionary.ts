import { encodeDelta } from './delta';

// Recent whole values kept per key directory to pack new ones against.
const KEYFRAMES = 8;
// A delta is kept only when it is at most this fraction of the value (else the value is a keyframe).
const MAX_RATIO = 0.25;

/**
 * References for packing a key's first version against its siblings: values created under one
 * key directory (`/registry/events/default/`) are mostly alike, and many are never read again.
 * Keeps the last few values that packed badly as keyframes, the last one that served first.
 *
 *   const d = new SiblingDictionary();
 *   d.pack('/registry/events/default/a.1', event1); // undefined: event1 becomes a keyframe
 *   d.pack('/registry/events/default/b.1', event2); // { ref: event1, delta } when alike
 */
export class SiblingDictionary {
  private keyframes = new Map<string, string[]>();

  /** A delta of `value` against a sibling keyframe, or undefined (the value becomes one). */
  pack(key: string, value: string): { ref: string; delta: string } | undefined {
    const dir = key.slice(0, key.lastIndexOf('/') + 1);
    let ring = this.keyframes.get(dir);
    if (!ring) this.keyframes.set(dir, (ring = []));
    for (let i = ring.length - 1; i >= 0; i--) {
      const ref = ring[i];
      // a value much longer than the reference is mostly literal chars: skip the try
      if (value.length - ref.length > value.length * MAX_RATIO) continue;
      const delta = encodeDelta(value, ref);
      if (delta.length > value.length * MAX_RATIO) continue;
      // the next value is most likely alike (events come in runs of one reason): try it first
      ring.splice(i, 1);
      ring.push(ref);
      return { ref, delta };
    }
    ring.push(value);
    if (ring.length > KEYFRAMES) ring.shift();
    return undefined;
  }

  /** A copy for a cloned store (keyframes are immutable strings, shared). */
  clone(): SiblingDictionary {
    const c = new SiblingDictionary();
    for (const [dir, ring] of this.keyframes) c.keyframes.set(dir, ring.slice());
    return c;
  }
}
