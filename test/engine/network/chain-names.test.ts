import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  portProtoHash,
  servicePortEndpointChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
} from '../../../src/engine/network/chain-names';
import { base32Std, sha256 } from '../../../src/engine/network/sha256';

describe('sha256', () => {
  it.each(['', 'abc', 'ns1/svc1:p80tcp', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(200), 'ünï'])(
    'agrees with a reference implementation on %j',
    (input) => {
      expect(Buffer.from(sha256(input)).toString('hex')).toBe(
        createHash('sha256').update(input, 'utf8').digest('hex'),
      );
    },
  );
});

describe('base32Std', () => {
  it.each([
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ])('encodes %j as RFC 4648 test vector %j', (input, out) => {
    expect(base32Std(new TextEncoder().encode(input))).toBe(out);
  });
});

describe('kube-proxy chain names', () => {
  it.each([
    // pkg/proxy/iptables/proxier_test.go fixtures
    ['ns1/svc1:p80', 'tcp', 'XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'tcp', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'tcp', 'X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', 'tcp', '4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'tcp', 'NUKIZ6OKUXPJNT4C'],
    // the names every kubeadm cluster's iptables-save shows
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
  ])('hashes %s over %s to %s', (name, protocol, hash) => {
    expect(portProtoHash(name, protocol)).toBe(hash);
    expect(servicePortPolicyClusterChain(name, protocol)).toBe(`KUBE-SVC-${hash}`);
    expect(servicePortPolicyLocalChainName(name, protocol)).toBe(`KUBE-SVL-${hash}`);
  });

  it.each([
    ['10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['10.180.0.2:80', 'KUBE-SEP-LXVODXWDISEETFEF'],
  ])('names the endpoint chain of ns1/svc1:p80 -> %s %s', (endpoint, chain) => {
    expect(servicePortEndpointChainName('ns1/svc1:p80', 'tcp', endpoint)).toBe(chain);
  });
});
