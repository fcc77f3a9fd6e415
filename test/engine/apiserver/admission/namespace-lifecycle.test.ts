import { describe, expect, it } from 'vitest';
import { namespaceLifecycle } from '../../../../src/engine/apiserver/admission/namespace-lifecycle';
import { context, createAttrs, namespace, pod } from './builders';

const ctx = context([
  namespace('default'),
  namespace('kube-system'),
  namespace('team-a'),
  namespace('leaving', 'Terminating'),
]);

describe('NamespaceLifecycle', () => {
  const cases = [
    {
      name: 'admits a pod in an active namespace',
      attrs: createAttrs(pod('web', undefined, {}, 'team-a')),
      message: undefined,
      code: undefined,
    },
    {
      name: 'rejects a pod in a namespace that does not exist with NotFound',
      attrs: createAttrs(pod('web', undefined, {}, 'nowhere')),
      message: 'namespaces "nowhere" not found',
      code: 404,
    },
    {
      name: 'rejects a pod in a terminating namespace',
      attrs: createAttrs(pod('web', undefined, {}, 'leaving')),
      message:
        'pods "web" is forbidden: unable to create new content in namespace leaving because it is being terminated',
      code: 403,
    },
    {
      name: 'allows updates in a terminating namespace',
      attrs: createAttrs(pod('web', undefined, {}, 'leaving'), { operation: 'UPDATE' }),
      message: undefined,
      code: undefined,
    },
    {
      name: 'allows deleting content of a missing namespace',
      attrs: createAttrs(pod('web', undefined, {}, 'nowhere'), { operation: 'DELETE' }),
      message: undefined,
      code: undefined,
    },
    ...['default', 'kube-system', 'kube-public'].map((ns) => ({
      name: `forbids deleting the ${ns} namespace`,
      attrs: createAttrs(namespace(ns), { operation: 'DELETE', resource: 'namespaces' }),
      message: `namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      code: 403,
    })),
    {
      name: 'allows deleting an ordinary namespace',
      attrs: createAttrs(namespace('team-a'), { operation: 'DELETE', resource: 'namespaces' }),
      message: undefined,
      code: undefined,
    },
    {
      name: 'ignores cluster-scoped objects',
      attrs: createAttrs({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } }),
      message: undefined,
      code: undefined,
    },
  ];

  it.each(cases)('$name', ({ attrs, message, code }) => {
    const result = namespaceLifecycle.admit(attrs, ctx);
    expect(result?.message).toBe(message);
    expect(result?.code).toBe(code);
  });

  it('names the NamespaceTerminating cause on metadata.namespace', () => {
    const result = namespaceLifecycle.admit(createAttrs(pod('web', undefined, {}, 'leaving')), ctx);
    expect(result?.details).toEqual({
      name: 'web',
      kind: 'pods',
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: 'namespace leaving is being terminated',
          field: 'metadata.namespace',
        },
      ],
    });
  });
});
