import { describe, expect, it } from 'vitest';

import { podsLabelled } from '../../../src/scenarios/cluster-reads';
import { endpointJumps, requestToPod, webEndpoints } from '../../../src/scenarios/request-to-pod';
import { runScenario } from './run-scenario';

describe('the request-to-pod walkthrough on the live simulation', () => {
  it('follows one request through DNS, iptables and another node, then a not-ready pod leaves the Service and a NodePort reaches the other', () => {
    const { store, steps } = runScenario(requestToPod, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(requestToPod.steps.map((s) => s.id));
    const hop = Object.fromEntries(steps.map((s) => [s.id, s.hop]));
    const c = store.cluster;
    const w = store.getState().walkthrough!;
    const { clientNode, clusterIP, svcChain, backend, backendNode, other } = w.vars;
    const terminal = store.getState().terminal;
    const out = (shown: string) => terminal.filter((e) => e.shown === shown).map((e) => e.stdout);

    // the Service, its EndpointSlice and one IP per 2-container pod
    expect(clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(out('kubectl get service web')[0]).toMatch(
      new RegExp(
        `^web\\s+ClusterIP\\s+${clusterIP!.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s`,
        'm',
      ),
    );
    const webPods = podsLabelled(c, 'default', 'app=web');
    const wide = out('kubectl get pods -o wide')[0].split('\n');
    for (const p of webPods)
      expect(wide.find((r) => r.startsWith(p.name))).toMatch(
        /\s2\/2\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s/,
      );
    // the init container ran to completion before the two app containers
    for (const p of webPods) {
      const status = c.get('pods', p.name)!.status as {
        initContainerStatuses: { name: string; state: { terminated?: { reason: string } } }[];
      };
      expect(status.initContainerStatuses.map((s) => [s.name, s.state.terminated?.reason])).toEqual(
        [['setup', 'Completed']],
      );
    }
    expect(out('kubectl get endpointslices -l kubernetes.io/service-name=web')[0]).toMatch(
      /^web-[a-z0-9]{5}\s+IPv4\s+80\s+10\.244\.\d+\.\d+,10\.244\.\d+\.\d+\s/m,
    );

    // kube-proxy's real rules on the client's node: KUBE-SERVICES → KUBE-SVC → KUBE-SEP
    const grep = `ssh ${clientNode} sudo iptables-save -t nat | grep default/web`;
    const [before, after] = out(grep).map((s) => s.trim().split('\n'));
    expect(svcChain).toMatch(/^KUBE-SVC-[A-Z0-9]{16}$/);
    expect(before).toContain(
      `-A KUBE-SERVICES -d ${clusterIP}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j ${svcChain}`,
    );
    const jumps = before.filter((l) => l.startsWith(`-A ${svcChain} -m comment`));
    expect(jumps).toHaveLength(2);
    expect(jumps[0]).toMatch(
      /-m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/,
    );
    expect(jumps[1]).not.toContain('--probability');

    // one request: DNS, the SYN into the client's node, across to the backend's node, the answer
    expect(hop.dns).toMatch(
      /^pod\/kube-system\/coredns-\S+ → pod\/default\/client DNS A web\.default\.svc\.cluster\.local$/,
    );
    expect(hop.dnat).toBe(`pod/default/client → node/${clientNode} SYN ${clusterIP}:80`);
    expect(hop['cross-node']).toBe(`node/${clientNode} → pod/default/${backend} GET http://web/`);
    expect(backendNode).not.toBe(clientNode);
    expect(out('kubectl exec client -- curl -sv http://web')[0]).toBe(`${backend}\n`);

    // not ready: out of the EndpointSlice and the rules, still Running, the other pod answers
    expect(webEndpoints(c).find((e) => e.pod === backend)?.ready).toBe(false);
    expect(webPods.find((p) => p.name === backend)?.phase).toBe('Running');
    // READY 1/2: nginx is not ready, log-shipper is, and neither restarted
    const backendStatus = c.get('pods', backend!)!.status as {
      containerStatuses: { name: string; ready: boolean; restartCount: number }[];
    };
    expect(
      backendStatus.containerStatuses
        .map((s) => ({ name: s.name, ready: s.ready, restartCount: s.restartCount }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'log-shipper', ready: true, restartCount: 0 },
      { name: 'nginx', ready: false, restartCount: 0 },
    ]);
    expect(endpointJumps(c, clientNode!)).toHaveLength(1);
    expect(after.filter((l) => l.startsWith(`-A ${svcChain} -m comment`))).toEqual([
      expect.not.stringContaining('--probability'),
    ]);
    expect(hop['curl-again']).toBe(`pod/default/${other} → node/${clientNode} HTTP http://web/`);
    expect(out('kubectl exec client -- curl -s http://web')[0]).toBe(`${other}\n`);

    // the NodePort: every node's rules, control-plane-1's address, the other pod answering
    expect(out('kubectl apply -f web-public.yaml')[0]).toBe('service/web-public created\n');
    const nodePorts = out(
      'ssh control-plane-1 sudo iptables-save -t nat | grep default/web-public',
    )[0]
      .trim()
      .split('\n');
    expect(nodePorts).toContainEqual(
      expect.stringMatching(
        /^-A KUBE-NODEPORTS -p tcp -m comment --comment "default\/web-public" -m tcp --dport 30080 -j KUBE-EXT-[A-Z0-9]{16}$/,
      ),
    );
    expect(out('kubectl exec client -- curl -s http://10.0.0.11:30080')[0]).toBe(`${other}\n`);
    expect(hop['nodeport-curl']).toBe(
      `pod/default/${other} → node/control-plane-1 HTTP http://10.0.0.11:30080/`,
    );

    const q = w.quizzes!;
    expect(q['one-ip'].answer).toBe(0);
    expect(q.rules.choices[q.rules.answer!]).toBe('0.5');
    expect(q.dnat.choices[q.dnat.answer!]).toBe(backend);
    expect(q['not-ready']).toMatchObject({ prediction: 1, answer: 1 });
    expect(q['nodeport-curl']).toMatchObject({ prediction: 1, answer: 1 });
  }, 300_000);
});
