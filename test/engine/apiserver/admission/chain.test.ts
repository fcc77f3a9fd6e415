import { describe, expect, it } from 'vitest';
import {
  admissionChain,
  allOrderedPlugins,
  defaultOnPlugins,
  runMutating,
  runValidating,
} from '../../../../src/engine/apiserver/admission/chain';
import { context, createAttrs, namespace, pod } from './builders';

describe('admission chain', () => {
  it('runs the implemented plugins in upstream order, NodeRestriction included as kubeadm enables it', () => {
    const chain = admissionChain();
    expect(chain.mutating.map((p) => p.name)).toEqual([
      'NamespaceLifecycle',
      'LimitRanger',
      'ServiceAccount',
      'NodeRestriction',
      'Priority',
      'DefaultTolerationSeconds',
    ]);
    expect(chain.validating.map((p) => p.name)).toEqual([
      'LimitRanger',
      'ServiceAccount',
      'Priority',
      'ResourceQuota',
    ]);
  });

  it('leaves NodeRestriction out of the plain kube-apiserver defaults', () => {
    expect(defaultOnPlugins.has('NodeRestriction')).toBe(false);
    expect(admissionChain(defaultOnPlugins).mutating.map((p) => p.name)).not.toContain(
      'NodeRestriction',
    );
  });

  it('keeps ResourceQuota after the webhooks, just before AlwaysDeny', () => {
    expect(allOrderedPlugins.slice(-3)).toEqual([
      'ValidatingAdmissionWebhook',
      'ResourceQuota',
      'AlwaysDeny',
    ]);
  });

  it('turns a bare pod into what a real cluster stores', () => {
    const ctx = context([
      namespace('default'),
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: 'default' },
      },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'cpu', namespace: 'default' },
        spec: {
          limits: [
            { type: 'Container', defaultRequest: { cpu: '100m' }, default: { cpu: '200m' } },
          ],
        },
      },
    ]);
    const p = pod('web');
    const attrs = createAttrs(p);
    const { mutating, validating } = admissionChain();
    expect(runMutating(mutating, attrs, ctx)).toBeUndefined();
    expect(runValidating(validating, attrs, ctx)).toBeUndefined();
    expect(p.spec).toMatchObject({
      serviceAccountName: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      containers: [
        { name: 'app', resources: { limits: { cpu: '200m' }, requests: { cpu: '100m' } } },
      ],
    });
  });

  it('stops at the first rejection', () => {
    const p = pod('web', undefined, {}, 'missing');
    const result = runMutating(admissionChain().mutating, createAttrs(p), context());
    expect(result?.message).toBe('namespaces "missing" not found');
    expect((p.spec as { serviceAccountName?: string }).serviceAccountName).toBeUndefined();
  });
});
