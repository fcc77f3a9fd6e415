import { describe, expect, it } from 'vitest';
import { servicePortEndpointChainName } from '../../../src/engine/network/chain-names';
import { NodeIptables } from '../../../src/engine/network/iptables';
import { ensureJumpChains } from '../../../src/engine/network/jump-chains';
import { evaluatePacket } from '../../../src/engine/network/packet-path';
import { syncProxyRules } from '../../../src/engine/network/proxier-rules';
import { Rng } from '../../../src/engine/sim';
import { fakeProxierConfig, makeService, makeSlice, proxied } from './fixtures';

function node(endpoints: number, spec: Record<string, unknown> = {}): NodeIptables {
  const ipt = new NodeIptables();
  ensureJumpChains(ipt);
  const ips = Array.from({ length: endpoints }, (_, i) => ({ addresses: [`10.180.0.${i + 1}`] }));
  ipt.restore(
    syncProxyRules(
      proxied(
        [
          makeService('ns1', 'svc1', {
            clusterIP: '172.30.0.41',
            ports: [{ name: 'p80', port: 80, nodePort: 3001 }],
            type: 'NodePort',
            ...spec,
          }),
        ],
        endpoints
          ? [makeSlice('ns1', 'svc1', 1, ips, [{ name: 'p80', port: 8080, protocol: 'TCP' }])]
          : [],
      ),
      fakeProxierConfig,
    ),
  );
  return ipt;
}

const local = new Set(['192.168.0.2']);
const toClusterIP = { src: '10.0.1.5', dst: '172.30.0.41', dport: 80, protocol: 'tcp' as const };

describe('evaluatePacket', () => {
  it.each([1, 2, 3, 4])('picks each of %i endpoints about equally often', (n) => {
    const ipt = node(n);
    const rng = new Rng(5);
    const counts = new Map<string, number>();
    const total = 3000;
    for (let i = 0; i < total; i++) {
      const v = evaluatePacket(ipt, toClusterIP, 'prerouting', local, () => rng.next());
      if (v.kind !== 'dnat') throw new Error(v.kind);
      counts.set(v.to, (counts.get(v.to) ?? 0) + 1);
    }
    expect(counts.size).toBe(n);
    const sd = Math.sqrt(total * (1 / n) * (1 - 1 / n));
    for (const c of counts.values()) expect(Math.abs(c - total / n)).toBeLessThanOrEqual(5 * sd);
  });

  it('DNATs to the endpoint port and reports the chains it went through', () => {
    const v = evaluatePacket(node(1), toClusterIP, 'prerouting', local, () => 0.9);
    expect(v).toEqual({
      kind: 'dnat',
      to: '10.180.0.1',
      port: 8080,
      // the source is inside the cluster CIDR: no KUBE-MARK-MASQ on the way
      chains: [
        'KUBE-SERVICES',
        'KUBE-SVC-XPGD46QRK7WJZT7O',
        servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:8080'),
      ],
    });
  });

  it('catches node ports addressed to this node only', () => {
    const ipt = node(1);
    const toNode = {
      src: '203.0.113.9',
      dst: '192.168.0.2',
      dport: 3001,
      protocol: 'tcp' as const,
    };
    expect(evaluatePacket(ipt, toNode, 'prerouting', local, () => 0).kind).toBe('dnat');
    const elsewhere = { ...toNode, dst: '192.168.0.3' };
    expect(evaluatePacket(ipt, elsewhere, 'prerouting', local, () => 0).kind).toBe('accept');
  });

  it('rejects connections to a service with no endpoints in the filter table', () => {
    const v = evaluatePacket(node(0), toClusterIP, 'prerouting', local, () => 0);
    expect(v).toMatchObject({ kind: 'reject', comment: 'ns1/svc1:p80 has no endpoints' });
  });

  it('leaves packets for addresses no rule knows alone', () => {
    const v = evaluatePacket(
      node(2),
      { ...toClusterIP, dst: '10.180.0.2', dport: 8080 },
      'prerouting',
      local,
      () => 0,
    );
    expect(v.kind).toBe('accept');
  });
});
