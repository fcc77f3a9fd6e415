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

describe('the embed and presenter parameters in the page address', () => {
  it.each([
    ['', { embed: false, present: false, controls: true, narration: true, questions: true }],
    [
      '?embed=1',
      { embed: true, present: false, controls: true, narration: true, questions: false },
    ],
    ['?embed=1&questions=1', { embed: true, questions: true }],
    ['?embed=1&controls=0&narration=0', { embed: true, controls: false, narration: false }],
    ['?embed=true&narration=1', { embed: true, narration: true }],
    ['?present=1', { embed: false, present: true, questions: true }],
    ['?present=1&questions=0', { present: true, questions: false }],
    // an embedded page is never in presenter mode
    ['?embed=1&present=1', { embed: true, present: false }],
  ])('%j reads as %o', (search, expected) => {
    expect(readPageParams(search)).toMatchObject(expected);
  });

  it.each([
    ['?theme=light', 'light'],
    ['?theme=dark', 'dark'],
  ])('%s sets the theme', (search, theme) => {
    expect(readPageParams(search).theme).toBe(theme);
  });

  it.each(['', '?theme=blue', '?theme=DARK', '?theme='])(
    '%j leaves the theme to the system',
    (s) => {
      expect(readPageParams(s)).not.toHaveProperty('theme');
    },
  );

  it.each([
    ['?motion=reduce', true],
    ['?motion=full', false],
    ['', false],
  ])('%j asks for reduced motion: %s', (search, reduceMotion) => {
    expect(readPageParams(search).reduceMotion).toBe(reduceMotion);
  });

  it.each([
    ['?scenario=node-failure&step=4', { scenario: 'node-failure', step: 4 }],
    ['?scenario=Node_Failure&step=0', {}],
    ['?scenario=create-pod&step=1001', { scenario: 'create-pod' }],
    ['?step=2.5', {}],
  ])('%j opens %o', (search, expected) => {
    const { scenario, step } = readPageParams(search);
    expect({ ...(scenario ? { scenario } : {}), ...(step ? { step } : {}) }).toEqual(expected);
  });
});
