import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine/api/types';
import { admitPod } from '../../../src/engine/node/kubelet-admission';

const node = { name: 'worker-1', cpu: 2000, memory: 2 ** 32, pods: 110 };

function pod(name: string, hostPort?: number, protocol?: string): KubeObject {
  const ports = hostPort
    ? [{ containerPort: 80, hostPort, ...(protocol ? { protocol } : {}) }]
    : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx', ports }] },
  } as KubeObject;
}

describe('kubelet admission of host ports', () => {
  const cases: [string, KubeObject, KubeObject[], string | undefined][] = [
    ['a pod with no host port beside one with 8080', pod('b'), [pod('a', 8080)], undefined],
    ['a second pod on host port 8080', pod('b', 8080), [pod('a', 8080)], 'NodePorts'],
    [
      'host port 8080 over UDP beside 8080 over TCP',
      pod('b', 8080, 'UDP'),
      [pod('a', 8080)],
      undefined,
    ],
    ['host port 8081 beside 8080', pod('b', 8081), [pod('a', 8080), pod('c')], undefined],
  ];
  it.each(cases)('admits or rejects %s', (_name, candidate, admitted, reason) => {
    expect(admitPod(candidate, node, admitted)?.reason).toBe(reason);
  });

  it('names the predicate in its message', () => {
    expect(admitPod(pod('b', 8080), node, [pod('a', 8080)])?.message).toBe(
      "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
    );
  });
});
