// pkg/controller/nodeipam/ipam/cidrset/cidr_set.go: a cluster CIDR cut into equal per-node
// subnets, handed out round-robin from the last allocation.

/** Parses `a.b.c.d/n` into a 32-bit base and prefix length. */
export function parseCIDR(cidr: string): { base: number; prefix: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid CIDR address: ${cidr}`);
  const ip = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
  const prefix = Number(m[5]);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ip & mask) >>> 0, prefix };
}

function formatIP(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/** CidrSet: `2^(subNetMaskSize - clusterMaskSize)` subnets of the cluster CIDR. */
export class CidrSet {
  private readonly base: number;
  private readonly subnetSize: number;
  readonly maxCIDRs: number;
  private readonly used = new Set<number>();
  private nextCandidate = 0;

  constructor(
    clusterCIDR: string,
    private readonly subNetMaskSize: number,
  ) {
    const { base, prefix } = parseCIDR(clusterCIDR);
    this.base = base;
    this.maxCIDRs = 2 ** (subNetMaskSize - prefix);
    this.subnetSize = 2 ** (32 - subNetMaskSize);
  }

  private cidr(i: number): string {
    return `${formatIP((this.base + i * this.subnetSize) >>> 0)}/${this.subNetMaskSize}`;
  }

  /** AllocateNext: the next free subnet after the last one given, or an error when full. */
  allocateNext(): string {
    for (let n = 0; n < this.maxCIDRs; n++) {
      const i = (this.nextCandidate + n) % this.maxCIDRs;
      if (this.used.has(i)) continue;
      this.used.add(i);
      this.nextCandidate = (i + 1) % this.maxCIDRs;
      return this.cidr(i);
    }
    throw new Error(
      'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range',
    );
  }

  private index(cidr: string): number | undefined {
    const { base, prefix } = parseCIDR(cidr);
    if (prefix !== this.subNetMaskSize) return undefined;
    const i = (base - this.base) / this.subnetSize;
    return Number.isInteger(i) && i >= 0 && i < this.maxCIDRs ? i : undefined;
  }

  /** Occupy: marks a subnet some node already has as used. */
  occupy(cidr: string): void {
    const i = this.index(cidr);
    if (i !== undefined) this.used.add(i);
  }

  release(cidr: string): void {
    const i = this.index(cidr);
    if (i !== undefined) this.used.delete(i);
  }
}
