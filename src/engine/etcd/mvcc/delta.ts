/**
 * A copy/insert delta of one string against a reference (in the spirit of VCDIFF, RFC 3284):
 * the store keeps a superseded version of a key as a delta against the version after it, as
 * consecutive versions of an object share almost all their bytes (a pod's status update moves
 * fields around but keeps them). About 5% of the value's size, rebuilt only on an old read.
 *
 *   const d = encodeDelta(old, next);
 *   decodeDelta(d, next) === old; // always
 *
 * The delta is one string of ops; every number is a varint of 7-bit chars (bit 7 = more):
 * `len*2` then `len` literal chars, or `len*2+1` then the start of `len` chars in the reference.
 */

// Matches are found on windows of this many chars; shorter common runs stay literal.
const WINDOW = 12;
const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
// 31^(WINDOW-1), to roll a window's hash one char along
const ROLL = pow31(WINDOW - 1);

// One shared scratch table: reference window start per hash slot, valid when its stamp matches.
const starts = new Int32Array(TABLE_SIZE);
const stamps = new Int32Array(TABLE_SIZE);
let generation = 0;

/** The delta that rebuilds `value` from `reference`. */
export function encodeDelta(value: string, reference: string): string {
  // Consecutive versions differ in a few fields: copy their common head and tail whole and
  // search only the middle (a shared run shorter than a window stays in the search).
  const shorter = Math.min(value.length, reference.length);
  let head = 0;
  while (head < shorter && value.charCodeAt(head) === reference.charCodeAt(head)) head++;
  if (head < WINDOW) head = 0;
  let tail = 0;
  const tailRoom = shorter - head;
  while (
    tail < tailRoom &&
    value.charCodeAt(value.length - 1 - tail) === reference.charCodeAt(reference.length - 1 - tail)
  )
    tail++;
  if (tail < WINDOW) tail = 0;
  const end = value.length - tail;
  const refEnd = reference.length - tail;

  // a fresh stamp empties the table without clearing it (wraps after 2^31 encodes: harmless)
  generation = (generation + 1) | 0;
  for (let p = head; p + WINDOW <= refEnd; p += WINDOW) {
    const slot = windowHash(reference, p) & (TABLE_SIZE - 1);
    starts[slot] = p;
    stamps[slot] = generation;
  }
  // parts joined once: `+=` would leave a rope of cons strings several times the delta's size
  const out: string[] = [];
  if (head > 0) out.push(copy(head, 0));
  let literalFrom = head;
  let i = head;
  let h = i + WINDOW <= end ? windowHash(value, i) : 0;
  while (i + WINDOW <= end) {
    const slot = h & (TABLE_SIZE - 1);
    const p = starts[slot];
    if (stamps[slot] === generation && sameWindow(value, i, reference, p)) {
      // grow the match backwards into the pending literal, then forwards
      let from = i;
      let refFrom = p;
      while (
        from > literalFrom &&
        refFrom > 0 &&
        value.charCodeAt(from - 1) === reference.charCodeAt(refFrom - 1)
      ) {
        from--;
        refFrom--;
      }
      let to = i + WINDOW;
      let refTo = p + WINDOW;
      while (
        to < end &&
        refTo < reference.length &&
        value.charCodeAt(to) === reference.charCodeAt(refTo)
      ) {
        to++;
        refTo++;
      }
      if (from > literalFrom) out.push(literal(value, literalFrom, from));
      out.push(copy(to - from, refFrom));
      i = literalFrom = to;
      if (i + WINDOW <= end) h = windowHash(value, i);
      continue;
    }
    if (i + WINDOW < end) {
      h =
        (Math.imul(h - Math.imul(value.charCodeAt(i), ROLL), 31) + value.charCodeAt(i + WINDOW)) |
        0;
    }
    i++;
  }
  if (end > literalFrom) out.push(literal(value, literalFrom, end));
  if (tail > 0) out.push(copy(tail, refEnd));
  return out.join('');
}

/** Rebuilds the value a delta of encodeDelta was made from, given the same reference. */
export function decodeDelta(delta: string, reference: string): string {
  const out: string[] = [];
  let i = 0;
  const read = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const c = delta.charCodeAt(i++);
      n += (c & 0x7f) * scale;
      if (c < 0x80) return n;
      scale *= 0x80;
    }
  };
  while (i < delta.length) {
    const op = read();
    const len = Math.floor(op / 2);
    if (op % 2 === 1) {
      const start = read();
      out.push(reference.slice(start, start + len));
    } else {
      out.push(delta.slice(i, i + len));
      i += len;
    }
  }
  return out.join('');
}

/** The op copying `len` chars of the reference from `start`. */
function copy(len: number, start: number): string {
  return varint(len * 2 + 1) + varint(start);
}

function literal(value: string, from: number, to: number): string {
  return varint((to - from) * 2) + value.slice(from, to);
}

function varint(n: number): string {
  let s = '';
  while (n >= 0x80) {
    s += String.fromCharCode(0x80 | (n % 0x80));
    n = Math.floor(n / 0x80);
  }
  return s + String.fromCharCode(n);
}

function windowHash(s: string, at: number): number {
  let h = 0;
  for (let k = 0; k < WINDOW; k++) h = (Math.imul(h, 31) + s.charCodeAt(at + k)) | 0;
  return h;
}

function sameWindow(a: string, i: number, b: string, p: number): boolean {
  for (let k = 0; k < WINDOW; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(p + k)) return false;
  return true;
}

function pow31(n: number): number {
  let p = 1;
  for (let k = 0; k < n; k++) p = Math.imul(p, 31);
  return p;
}
