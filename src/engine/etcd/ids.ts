import { sha1 } from './sha1';

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

const hex8 = (bytes: Uint8Array) =>
  [...bytes.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * membership/member.go computeMemberID: the first 8 bytes of SHA-1 over the sorted peer URLs
 * and the cluster token (`http://localhost:2380` + `etcd-cluster` → 8e9e05c52164694d).
 */
export function computeMemberId(peerURLs: readonly string[], clusterToken: string): string {
  return hex8(sha1(new TextEncoder().encode([...peerURLs].sort().join('') + clusterToken)));
}

/** membership/cluster.go genID: SHA-1 over the sorted member ids as big-endian uint64s. */
export function computeClusterId(memberIds: readonly string[]): string {
  const ids = [...memberIds].sort();
  const bytes = new Uint8Array(8 * ids.length);
  ids.forEach((id, i) => {
    for (let j = 0; j < 8; j++) bytes[8 * i + j] = parseInt(id.slice(2 * j, 2 * j + 2), 16);
  });
  return hex8(sha1(bytes));
}
