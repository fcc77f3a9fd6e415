import { describe, expect, it } from 'vitest';
import { defaultTolerationSeconds } from '../../../../src/engine/apiserver/admission/default-toleration-seconds';
import { context, createAttrs, pod } from './builders';

const notReady = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const unreachable = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

describe('DefaultTolerationSeconds', () => {
  const cases = [
    {
      name: 'adds both 300s tolerations to a pod with none',
      tolerations: undefined,
      expected: [notReady, unreachable],
    },
    {
      name: 'keeps an existing not-ready NoExecute toleration and adds only unreachable',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ],
      expected: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
        unreachable,
      ],
    },
    {
      name: 'treats an empty-key toleration as tolerating both',
      tolerations: [{ operator: 'Exists' }],
      expected: [{ operator: 'Exists' }],
    },
    {
      name: 'treats an empty effect as tolerating NoExecute',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }],
      expected: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, notReady],
    },
    {
      name: 'does not count a NoSchedule toleration',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
      ],
      expected: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
        notReady,
        unreachable,
      ],
    },
  ];

  it.each(cases)('$name', ({ tolerations, expected }) => {
    const p = pod('web', undefined, tolerations ? { tolerations } : {});
    expect(defaultTolerationSeconds.admit(createAttrs(p), context())).toBeUndefined();
    expect((p.spec as { tolerations?: unknown }).tolerations).toEqual(expected);
  });

  it('leaves subresource requests alone', () => {
    const p = pod('web');
    defaultTolerationSeconds.admit(
      createAttrs(p, { operation: 'UPDATE', subresource: 'status' }),
      context(),
    );
    expect((p.spec as { tolerations?: unknown }).tolerations).toBeUndefined();
  });
});
