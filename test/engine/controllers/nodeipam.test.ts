import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { CidrSet } from '../../../src/engine/controllers/nodeipam-cidr-set';

describe('node IPAM', () => {
  it('gives every node a /24 of 10.244.0.0/16 in order', () => {
    const c = createCluster({ seed: 51, workers: 3 });
    c.advance(3000);
    const cidrs = c
      .list('nodes')
      .map((n) => [
        n.metadata.name,
        (n.spec as { podCIDR?: string }).podCIDR,
        (n.spec as { podCIDRs?: string[] }).podCIDRs,
      ]);
    expect(cidrs).toEqual([
      ['control-plane-1', '10.244.0.0/24', ['10.244.0.0/24']],
      ['worker-1', '10.244.1.0/24', ['10.244.1.0/24']],
      ['worker-2', '10.244.2.0/24', ['10.244.2.0/24']],
      ['worker-3', '10.244.3.0/24', ['10.244.3.0/24']],
    ]);
  });

  it('CidrSet hands out subnets round-robin, skips occupied ones and fails when full', () => {
    const set = new CidrSet('10.244.0.0/22', 24);
    set.occupy('10.244.1.0/24');
    expect([set.allocateNext(), set.allocateNext(), set.allocateNext()]).toEqual([
      '10.244.0.0/24',
      '10.244.2.0/24',
      '10.244.3.0/24',
    ]);
    expect(() => set.allocateNext()).toThrow(
      'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range',
    );
    set.release('10.244.2.0/24');
    expect(set.allocateNext()).toBe('10.244.2.0/24');
  });
});
