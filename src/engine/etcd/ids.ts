/** A 64-bit FNV-1a hash as 16 hex digits: stable member and cluster ids from names. */
export function hexId(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // multiply the 64-bit value by the FNV prime 0x100000001b3
    const nlo = Math.imul(lo, 0x1b3) >>> 0;
    const carry = Math.floor(((lo >>> 0) * 0x1b3) / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = nlo;
  }
  // a finalizer so that similar names give unrelated-looking ids
  const mix = (x: number, y: number) => {
    let z = Math.imul(x ^ (x >>> 16) ^ y, 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const h1 = mix(hi, lo);
  const h2 = mix(lo, h1);
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** etcd@<node> → the member's id (etcd derives it from the peer URLs and cluster token). */
export function memberIdOf(nodeName: string): string {
  return hexId(`etcd-member:${nodeName}`);
}

export function clusterIdOf(nodeNames: readonly string[]): string {
  return hexId(`etcd-cluster:${[...nodeNames].sort().join(',')}`);
}

/** The process id of the etcd member on a node. */
export function etcdProcessId(nodeName: string): string {
  return `etcd@${nodeName}`;
}

/** A hex id as the decimal uint64 etcdctl prints in JSON output. */
export function hexToDecimal(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}
