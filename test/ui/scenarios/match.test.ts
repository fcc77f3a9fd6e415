import { describe, expect, it } from 'vitest';

import type { Hop } from '../../../src/engine';
import {
  createPod,
  fillVars,
  findStepEnd,
  globMatch,
  highlightedIds,
  matchesHop,
} from '../../../src/scenarios';

let seq = 0;
function hop(from: string, to: string, verb: string, resource: string, extra: Partial<Hop> = {}) {
  seq += 1;
  return {
    seq,
    from,
    to,
    verb,
    resource,
    summary: '',
    sentAt: seq * 2,
    deliveredAt: seq * 2 + 1,
    outcome: 'delivered',
    background: false,
    ...extra,
  } as Hop;
}

const step = (id: string) => createPod.steps.find((s) => s.id === id)!;
const cp = 'control-plane-1';

describe('globMatch and fillVars', () => {
  it.each([
    ['kube-apiserver@*', 'kube-apiserver@control-plane-2', true],
    ['kube-apiserver@*', 'kube-scheduler@control-plane-2', false],
    ['/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods/nginx', false],
    ['pods/*/nginx', 'pods/default/nginx', true],
    ['a.b', 'axb', false],
  ])('%s against %s is %s', (glob, value, expected) => {
    expect(globMatch(glob, value)).toBe(expected);
  });

  it('fills known placeholders and leaves the glob unusable while one is unknown', () => {
    expect(fillVars('kubelet@{node}', { node: 'worker-2' })).toBe('kubelet@worker-2');
    expect(fillVars('kubelet@{node}', {})).toBeUndefined();
  });
});

describe('the create-pod steps match the hops that end them', () => {
  const vars = { node: 'worker-2', scheduler: `kube-scheduler@${cp}` };
  it.each([
    [
      'submit',
      hop(
        'kubectl',
        `kube-apiserver@${cp}`,
        'POST',
        '/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply',
      ),
      true,
    ],
    [
      'submit',
      hop(
        'load-balancer',
        'kube-apiserver@control-plane-3',
        'POST',
        '/api/v1/namespaces/default/pods',
      ),
      true,
    ],
    [
      'submit',
      hop('kubectl', `kube-apiserver@${cp}`, 'GET', '/api/v1/namespaces/default/pods/nginx'),
      false,
    ],
    [
      'admit',
      hop(`kube-apiserver@${cp}`, `etcd@${cp}`, 'Txn', '/registry/pods/default/nginx'),
      true,
    ],
    [
      'admit',
      hop(`kube-apiserver@${cp}`, `etcd@${cp}`, 'Range', '/registry/pods/default/nginx'),
      false,
    ],
    [
      'watch',
      hop(`kube-apiserver@${cp}`, `kube-scheduler@${cp}`, 'ADDED', 'pods/default/nginx'),
      true,
    ],
    [
      'watch',
      hop(
        'kube-apiserver@control-plane-2',
        'kube-scheduler@control-plane-2',
        'ADDED',
        'pods/default/nginx',
      ),
      false,
    ],
    ['watch', hop(`etcd@${cp}`, `kube-scheduler@${cp}`, 'ADDED', 'pods/default/nginx'), false],
    [
      'schedule',
      hop(
        `kube-scheduler@${cp}`,
        `kube-apiserver@${cp}`,
        'POST',
        '/api/v1/namespaces/default/pods/nginx/binding',
      ),
      true,
    ],
    ['kubelet', hop('load-balancer', 'kubelet@worker-2', 'ADDED', 'pods/default/nginx'), true],
    [
      'sandbox',
      hop('containerd@worker-2', 'kubelet@worker-2', 'RunPodSandbox', 'pod/default/nginx'),
      true,
    ],
    [
      'sandbox',
      hop('containerd@worker-1', 'kubelet@worker-1', 'RunPodSandbox', 'pod/default/nginx'),
      false,
    ],
    [
      'sandbox',
      hop('kubelet@worker-2', 'containerd@worker-2', 'RunPodSandbox', 'pod/default/nginx'),
      false,
    ],
    [
      'status',
      hop(
        `kube-apiserver@${cp}`,
        'kubelet@worker-2',
        '200',
        '/api/v1/namespaces/default/pods/nginx/status',
        { status: 200 },
      ),
      true,
    ],
    [
      'get',
      hop(`kube-apiserver@${cp}`, 'kubectl', '200', '/api/v1/namespaces/default/pods', {
        status: 200,
      }),
      true,
    ],
  ])('%s: %o is %s', (id, h, expected) => {
    expect(matchesHop(step(id).until!, h, vars)).toBe(expected);
  });

  it('matches nothing on the chosen node before the node is known', () => {
    const h = hop('containerd@worker-2', 'kubelet@worker-2', 'PullImage', 'pod/default/nginx');
    expect(matchesHop(step('pull').until!, h, {})).toBe(false);
  });
});

describe('findStepEnd', () => {
  const hops = [
    hop('kubectl', `kube-apiserver@${cp}`, 'POST', '/api/v1/namespaces/default/pods'),
    hop(`kube-apiserver@${cp}`, `etcd@${cp}`, 'Txn', '/registry/pods/default/nginx'),
    hop(`etcd@${cp}`, `kube-apiserver@${cp}`, 'Txn', '/registry/pods/default/nginx'),
    hop(
      `kube-scheduler@${cp}`,
      `kube-apiserver@${cp}`,
      'POST',
      '/api/v1/namespaces/default/pods/nginx/binding',
    ),
    hop(`kube-apiserver@${cp}`, `etcd@${cp}`, 'Txn', '/registry/pods/default/nginx'),
    hop(`etcd@${cp}`, `kube-apiserver@${cp}`, 'Txn', '/registry/pods/default/nginx'),
  ];
  it('takes the first match after the previous step’s end, in delivery order', () => {
    expect(findStepEnd(step('persist'), hops, hops[1].seq)?.hop).toBe(hops[2]);
    expect(findStepEnd(step('bind'), hops, hops[3].seq)?.hop).toBe(hops[5]);
  });

  it('stops at the send time for steps that end as a hop leaves, else at its delivery', () => {
    expect(findStepEnd(step('admit'), hops, hops[0].seq)?.stopAt).toBe(hops[1].sentAt);
    expect(findStepEnd(step('persist'), hops, hops[1].seq)?.stopAt).toBe(hops[2].deliveredAt);
  });

  it('finds nothing when the engine has not recorded the hop yet', () => {
    expect(findStepEnd(step('kubelet'), hops, hops[5].seq, { node: 'worker-1' })).toBeUndefined();
  });
});

describe('highlightedIds', () => {
  it('lights up the chosen node’s kubelet, containerd and CNI plugin only', () => {
    const ids = [
      'kubelet@worker-1',
      'kubelet@worker-2',
      'containerd@worker-2',
      'cni@worker-2',
      'etcd@control-plane-1',
    ];
    expect(highlightedIds(step('sandbox'), ids, { node: 'worker-2' })).toEqual([
      'kubelet@worker-2',
      'containerd@worker-2',
      'cni@worker-2',
    ]);
  });
});
