import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import {
  priorityMutating,
  priorityValidating,
  systemPriorityClasses,
} from '../../../../src/engine/apiserver/admission/priority';
import { context, createAttrs, pod } from './builders';

const pc = (name: string, value: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  ...extra,
});

describe('Priority', () => {
  const cases: {
    name: string;
    spec: Record<string, unknown>;
    classes: KubeObject[];
    expected: Record<string, unknown>;
  }[] = [
    {
      name: 'gives a pod without a class priority 0 and PreemptLowerPriority',
      spec: {},
      classes: [],
      expected: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' },
    },
    {
      name: 'resolves a named class',
      spec: { priorityClassName: 'high' },
      classes: [pc('high', 1000, { preemptionPolicy: 'Never' })],
      expected: { priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' },
    },
    {
      name: 'resolves system-node-critical even when it is not stored',
      spec: { priorityClassName: 'system-node-critical' },
      classes: [],
      expected: {
        priorityClassName: 'system-node-critical',
        priority: 2000001000,
        preemptionPolicy: 'PreemptLowerPriority',
      },
    },
    {
      name: 'resolves system-cluster-critical to 2000000000',
      spec: { priorityClassName: 'system-cluster-critical' },
      classes: systemPriorityClasses(),
      expected: {
        priorityClassName: 'system-cluster-critical',
        priority: 2000000000,
        preemptionPolicy: 'PreemptLowerPriority',
      },
    },
    {
      name: 'applies the global default class, the lowest of several defaults',
      spec: {},
      classes: [pc('b', 20, { globalDefault: true }), pc('a', 10, { globalDefault: true })],
      expected: { priorityClassName: 'a', priority: 10 },
    },
  ];

  it.each(cases)('$name', ({ spec, classes, expected }) => {
    const p = pod('web', undefined, spec);
    expect(priorityMutating.admit(createAttrs(p), context(classes))).toBeUndefined();
    expect(p.spec).toEqual({ containers: [{ name: 'app', image: 'nginx' }], ...expected });
  });

  const rejections = [
    {
      name: 'rejects an unknown class',
      spec: { priorityClassName: 'gold' },
      message: 'pods "web" is forbidden: no PriorityClass with name gold was found',
    },
    {
      name: 'rejects a priority that disagrees with the class',
      spec: { priorityClassName: 'system-node-critical', priority: 5 },
      message:
        'pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000001000 from the given PriorityClass name',
    },
  ];
  it.each(rejections)('$name', ({ spec, message }) => {
    expect(
      priorityMutating.admit(createAttrs(pod('web', undefined, spec)), context())?.message,
    ).toBe(message);
  });

  it('keeps the priority from creation on update', () => {
    const old = pod('web', undefined, { priority: 7, preemptionPolicy: 'Never' });
    const updated = pod('web');
    priorityMutating.admit(
      createAttrs(updated, { operation: 'UPDATE', oldObject: old }),
      context(),
    );
    expect(updated.spec).toMatchObject({ priority: 7, preemptionPolicy: 'Never' });
  });

  it('allows only one global default PriorityClass', () => {
    const attrs = createAttrs(pc('second', 5, { globalDefault: true }), {
      group: 'scheduling.k8s.io',
      resource: 'priorityclasses',
    });
    expect(
      priorityValidating.validate(attrs, context([pc('first', 1, { globalDefault: true })]))
        ?.message,
    ).toBe(
      'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is marked as default. Only one default can exist',
    );
  });
});
