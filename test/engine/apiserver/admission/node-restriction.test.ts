import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import { nodeRestriction } from '../../../../src/engine/apiserver/admission/node-restriction';
import type { AdmissionAttributes } from '../../../../src/engine/apiserver/admission/types';
import { nodeUser } from '../../../../src/engine/apiserver/auth/identities';
import { context, createAttrs, pod } from './builders';

const node = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, uid: `uid-${name}` },
});
const onWorker1 = pod('web', undefined, { nodeName: 'worker-1' });
const onWorker2 = pod('api', undefined, { nodeName: 'worker-2' });
const ctx = context([node('worker-1'), node('worker-2'), onWorker1, onWorker2]);
const asKubelet = { user: nodeUser('worker-1') };

function mirrorPod(nodeName: string, uid = `uid-${nodeName}`): KubeObject {
  const p = pod(`etcd-${nodeName}`, undefined, { nodeName }, 'kube-system');
  p.metadata.annotations = { 'kubernetes.io/config.mirror': 'hash' };
  p.metadata.ownerReferences = [
    { apiVersion: 'v1', kind: 'Node', name: nodeName, uid, controller: true },
  ];
  return p;
}

describe('NodeRestriction', () => {
  const cases: { name: string; attrs: AdmissionAttributes; message?: string }[] = [
    {
      name: 'lets a kubelet update its own Node status',
      attrs: createAttrs(node('worker-1'), {
        ...asKubelet,
        operation: 'UPDATE',
        subresource: 'status',
        oldObject: node('worker-1'),
      }),
    },
    {
      name: 'forbids a kubelet to update another Node',
      attrs: createAttrs(node('worker-2'), {
        ...asKubelet,
        operation: 'UPDATE',
        subresource: 'status',
        oldObject: node('worker-2'),
      }),
      message:
        'nodes "worker-2" is forbidden: node "worker-1" is not allowed to modify node "worker-2"',
    },
    {
      name: 'lets a kubelet update the status of a pod bound to it',
      attrs: createAttrs(onWorker1, {
        ...asKubelet,
        operation: 'UPDATE',
        subresource: 'status',
        oldObject: onWorker1,
      }),
    },
    {
      name: 'forbids a kubelet to update the status of a pod bound elsewhere',
      attrs: createAttrs(onWorker2, {
        ...asKubelet,
        operation: 'UPDATE',
        subresource: 'status',
        oldObject: onWorker2,
      }),
      message:
        'pods "api" is forbidden: node "worker-1" can only update pod status for pods with spec.nodeName set to itself',
    },
    {
      name: 'forbids relabelling a pod through its status',
      attrs: createAttrs(
        { ...onWorker1, metadata: { ...onWorker1.metadata, labels: { tier: 'gold' } } },
        { ...asKubelet, operation: 'UPDATE', subresource: 'status', oldObject: onWorker1 },
      ),
      message: 'pods "web" is forbidden: node "worker-1" cannot update labels through pod status',
    },
    {
      name: 'forbids a kubelet to delete a pod bound elsewhere',
      attrs: createAttrs(onWorker2, { ...asKubelet, operation: 'DELETE' }),
      message:
        'pods "api" is forbidden: node "worker-1" can only delete pods with spec.nodeName set to itself',
    },
    {
      name: 'lets a kubelet create its own mirror pod',
      attrs: createAttrs(mirrorPod('worker-1'), asKubelet),
    },
    {
      name: 'forbids a kubelet to create an ordinary pod',
      attrs: createAttrs(pod('x', undefined, { nodeName: 'worker-1' }), asKubelet),
      message:
        'pods "x" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "worker-1" can only create mirror pods',
    },
    {
      name: 'forbids a kubelet to create a mirror pod for another node',
      attrs: createAttrs(mirrorPod('worker-2'), asKubelet),
      message:
        'pods "etcd-worker-2" is forbidden: node "worker-1" can only create pods with spec.nodeName set to itself',
    },
    {
      name: 'lets a kubelet renew its own Lease',
      attrs: createAttrs(
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'worker-1', namespace: 'kube-node-lease' },
        },
        { ...asKubelet, operation: 'UPDATE', group: 'coordination.k8s.io' },
      ),
    },
    {
      name: 'forbids a kubelet to create another node’s Lease',
      attrs: createAttrs(
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'worker-2', namespace: 'kube-node-lease' },
        },
        { ...asKubelet, group: 'coordination.k8s.io', name: '' },
      ),
      message:
        'leases.coordination.k8s.io "worker-2" is forbidden: can only access node lease with the same name as the requesting node',
    },
    {
      name: 'does not restrict users other than nodes',
      attrs: createAttrs(onWorker2, { operation: 'DELETE' }),
    },
  ];

  it.each(cases)('$name', ({ attrs, message }) => {
    expect(nodeRestriction.admit(attrs, ctx)?.message).toBe(message);
  });
});
