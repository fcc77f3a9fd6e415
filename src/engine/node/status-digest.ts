// The status manager remembers what it last wrote for each pod to skip a PATCH when nothing
// changed (status_manager.go needsUpdate / isPodStatusByKubeletEqual). Keeping the written JSON
// costs ~1.3 KB a pod; a 53-bit digest of it with its length answers the same question.

/**
 * A 53-bit digest of a string: two 32-bit multiply-xorshift lanes over its UTF-16 code units,
 * folded into one safe integer. Equal strings give equal digests; a differing pair collides
 * with a chance of about 2^-53.
 */
export function digest53(s: string): number {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x9e3779b1);
    h2 = Math.imul(h2 ^ c, 0x5f356495);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return 0x200000 * ((h2 >>> 0) & 0x1fffff) + (h1 >>> 0);
}
