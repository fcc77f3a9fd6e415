import { describe, expect, it } from 'vitest';
import { NodeIptables } from '../../../src/engine/network/iptables';
import { ctime, parseRule, saveRule, saveString } from '../../../src/engine/network/iptables-save';
import { ensureJumpChains } from '../../../src/engine/network/jump-chains';
import { syncProxyRules } from '../../../src/engine/network/proxier-rules';
import { fakeProxierConfig, makeService, makeSlice, proxied } from './fixtures';

const save = (line: string) => saveRule(parseRule(line.match(/"[^"]*"|\S+/g)!));

describe('iptables-save rule layout', () => {
  it.each([
    [
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
    ],
    [
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    ],
    [
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80',
    ],
    [
      '-A KUBE-SVC-X -m comment --comment "a -> b" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-Y',
      '-A KUBE-SVC-X -m comment --comment "a -> b" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-Y',
    ],
    [
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    ],
    [
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    ],
    [
      '-A KUBE-SERVICES -m comment --comment "x has no endpoints" -m tcp -p tcp -d 10.96.0.5 --dport 80 -j REJECT',
      '-A KUBE-SERVICES -d 10.96.0.5/32 -p tcp -m comment --comment "x has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ],
    [
      '-A KUBE-SVC-X -m comment --comment "a -> b" -m recent --name KUBE-SEP-Y --rcheck --seconds 10800 --reap -j KUBE-SEP-Y',
      '-A KUBE-SVC-X -m comment --comment "a -> b" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-Y --mask 255.255.255.255 --rsource -j KUBE-SEP-Y',
    ],
  ])('prints %s as %s', (input, output) => {
    expect(save(input)).toBe(output);
  });

  it.each([
    ['kube-dns', 'kube-dns'],
    ['ns/svc:port', '"ns/svc:port"'],
    ['say "hi"', '"say \\"hi\\""'],
  ])('quotes the string %j as %s', (value, printed) => {
    expect(saveString(value)).toBe(printed);
  });

  it('stamps tables the way ctime() prints a date', () => {
    expect(ctime(Date.UTC(2026, 0, 1, 9, 0, 0))).toBe('Thu Jan  1 09:00:00 2026');
    expect(ctime(Date.UTC(2026, 10, 21, 15, 4, 5))).toBe('Sat Nov 21 15:04:05 2026');
  });
});

describe('NodeIptables', () => {
  const oneService = (endpoints: string[]) =>
    syncProxyRules(
      proxied(
        [
          makeService('ns1', 'svc1', {
            clusterIP: '172.30.0.41',
            ports: [{ name: 'p80', port: 80 }],
          }),
        ],
        endpoints.length
          ? [
              makeSlice(
                'ns1',
                'svc1',
                1,
                endpoints.map((ip) => ({ addresses: [ip] })),
                [{ name: 'p80', port: 80, protocol: 'TCP' }],
              ),
            ]
          : [],
      ),
      fakeProxierConfig,
    );

  it('prints the nat table of a one-endpoint service as iptables-save does', () => {
    const ipt = new NodeIptables();
    ensureJumpChains(ipt);
    ipt.restore(oneService(['10.180.0.1']));
    const text = ipt.save(Date.UTC(2026, 0, 1, 9, 0, 0));
    const nat = text.slice(text.indexOf('*nat'));
    expect(nat).toBe(
      [
        '*nat',
        ':PREROUTING ACCEPT [0:0]',
        ':INPUT ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':POSTROUTING ACCEPT [0:0]',
        ':KUBE-MARK-MASQ - [0:0]',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-POSTROUTING - [0:0]',
        ':KUBE-PROXY-CANARY - [0:0]',
        ':KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
        '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
        '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80',
        '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
        'COMMIT',
        '# Completed on Thu Jan  1 09:00:00 2026',
        '',
      ].join('\n'),
    );
    expect(
      text.startsWith(
        '# Generated by iptables-save v1.8.10 (nf_tables) on Thu Jan  1 09:00:00 2026\n*mangle\n',
      ),
    ).toBe(true);
  });

  it('deletes the chains of endpoints that went away on the next sync', () => {
    const ipt = new NodeIptables();
    ipt.restore(oneService(['10.180.0.1', '10.180.0.2']));
    expect(ipt.chainNames('nat')).toContain('KUBE-SEP-LXVODXWDISEETFEF');
    ipt.restore(syncProxyRules([], fakeProxierConfig, new Set(ipt.chainNames('nat'))));
    expect(ipt.chainNames('nat').filter((c) => /^KUBE-(SVC|SEP)-/.test(c))).toEqual([]);
  });
});
