/**
 * The engine's one source of randomness: a seeded PRNG (sfc32 seeded through splitmix32),
 * so the same seed always yields the same cluster history.
 *
 *   const rng = new Rng(42);
 *   rng.int(1000, 2000); // an election timeout, the same on every run
 */
export class Rng {
  // sfc32's state words a, b, c, d in a typed array: a number field holding values past the
  // small-integer range boxes a new heap number on every store, four per draw
  private readonly state = new Uint32Array(4);

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.state[i] = splitmix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) >>> 0) + d) >>> 0;
    // Uint32Array stores wrap modulo 2^32, as `>>> 0` did
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }

  /** Picks one element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)];
  }

  /** A random string over `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length)];
    return out;
  }

  /** An RFC 4122 version-4 UUID, as the apiserver assigns to metadata.uid. */
  uuid(): string {
    // the variant is drawn first, then each group takes the leading hex digits of one draw;
    // the characters go into one flat string, not a rope of padded, sliced pieces
    const variant = 8 + this.int(0, 4);
    const out = UUID_CHARS;
    let at = this.hexDigits(out, 0, 8);
    out[at++] = DASH;
    at = this.hexDigits(out, at, 4);
    out[at++] = DASH;
    out[at++] = HEX_CODES[4];
    at = this.hexDigits(out, at, 3);
    out[at++] = DASH;
    out[at++] = HEX_CODES[variant];
    at = this.hexDigits(out, at, 3);
    out[at++] = DASH;
    at = this.hexDigits(out, at, 8);
    this.hexDigits(out, at, 4);
    return String.fromCharCode.apply(null, out);
  }

  /** Writes the first `n` hex digits of a zero-padded draw into `out` at `at`; returns the end. */
  private hexDigits(out: number[], at: number, n: number): number {
    const v = this.nextUint32();
    for (let k = 0; k < n; k++) out[at + k] = HEX_CODES[(v >>> (28 - 4 * k)) & 15];
    return at + n;
  }
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
// a UUID's 36 character codes, reused by every call (the engine runs on one thread)
const UUID_CHARS: number[] = new Array<number>(36).fill(0);

// k8s.io/apimachinery pkg/util/rand: alphanums without vowels and confusable characters.
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
