import { describe, expect, it } from 'vitest';

import { readPageParams } from '../../../src/embed/params';

describe('the cluster size in the page address', () => {
  it.each([
    ['?workers=1', 1],
    ['?workers=3', 3],
    ['?workers=10', 10],
    ['?embed=1&workers=7', 7],
  ])('%s asks for that many workers', (search, workers) => {
    expect(readPageParams(search).workers).toBe(workers);
  });

  it.each([
    '',
    '?workers=0',
    '?workers=11',
    '?workers=-2',
    '?workers=2.5',
    '?workers=abc',
    '?workers=03',
  ])('%j leaves the worker count to the default', (search) => {
    expect(readPageParams(search)).not.toHaveProperty('workers');
  });

  it.each([
    ['?controlPlanes=1', 1],
    ['?controlPlanes=3', 3],
  ])('%s asks for that many control-plane nodes', (search, controlPlanes) => {
    expect(readPageParams(search).controlPlanes).toBe(controlPlanes);
  });

  it.each(['', '?controlPlanes=2', '?controlPlanes=5', '?controlPlanes=three'])(
    '%j leaves the control plane to the default',
    (search) => {
      expect(readPageParams(search)).not.toHaveProperty('controlPlanes');
    },
  );

  it('reads both together with the other parameters', () => {
    const params = readPageParams('?scenario=create-pod&workers=10&controlPlanes=3&theme=dark');
    expect(params).toMatchObject({
      scenario: 'create-pod',
      workers: 10,
      controlPlanes: 3,
      theme: 'dark',
    });
  });
});
