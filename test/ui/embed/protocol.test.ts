import { describe, expect, it } from 'vitest';

import { eventMessage, parseCommand } from '../../../src/embed/protocol';

const msg = (body: Record<string, unknown>) => ({ namespace: 'k8s-anatomy', version: 1, ...body });

describe('the postMessage protocol', () => {
  it.each([
    [msg({ type: 'next' }), { type: 'next' }],
    [msg({ type: 'prev' }), { type: 'prev' }],
    [msg({ type: 'play' }), { type: 'play' }],
    [msg({ type: 'pause' }), { type: 'pause' }],
    [msg({ type: 'reset' }), { type: 'reset' }],
    [msg({ type: 'goto', step: 4 }), { type: 'goto', step: 4 }],
    [
      msg({ type: 'loadScenario', id: 'node-failure' }),
      { type: 'loadScenario', id: 'node-failure' },
    ],
    [msg({ type: 'setSpeed', speed: 10 }), { type: 'setSpeed', speed: 10 }],
    [
      msg({ type: 'inject', fault: { op: 'power-off', node: 'worker-2' } }),
      { type: 'inject', fault: { op: 'power-off', node: 'worker-2' } },
    ],
    [msg({ type: 'subscribe', events: ['hop'] }), { type: 'subscribe', events: ['hop'] }],
  ])('reads %j', (data, command) => {
    expect(parseCommand(data)).toEqual(command);
  });

  it.each([
    ['no namespace', { version: 1, type: 'next' }],
    ['another namespace', { namespace: 'other', version: 1, type: 'next' }],
    ['another version', { namespace: 'k8s-anatomy', version: 2, type: 'next' }],
    ['an unknown command', msg({ type: 'explode' })],
    ['a step of 0', msg({ type: 'goto', step: 0 })],
    ['a fractional step', msg({ type: 'goto', step: 1.5 })],
    ['a step as text', msg({ type: 'goto', step: '3' })],
    ['a scenario id with a path', msg({ type: 'loadScenario', id: '../etc/passwd' })],
    ['a negative speed', msg({ type: 'setSpeed', speed: -1 })],
    ['an infinite speed', msg({ type: 'setSpeed', speed: Infinity })],
    ['an unknown fault', msg({ type: 'inject', fault: { op: 'meltdown', node: 'worker-1' } })],
    ['a fault without a target', msg({ type: 'inject', fault: { op: 'power-off' } })],
    ['an unknown event', msg({ type: 'subscribe', events: ['hop', 'everything'] })],
    ['a string', 'next'],
    ['null', null],
    ['an array', [msg({ type: 'next' })]],
  ])('ignores %s', (_name, data) => {
    expect(parseCommand(data)).toBeUndefined();
  });

  it('stamps events with the namespace and version, which a payload cannot override', () => {
    expect(eventMessage('stepChanged', { step: 2, namespace: 'x', type: 'y' })).toEqual({
      step: 2,
      namespace: 'k8s-anatomy',
      version: 1,
      type: 'stepChanged',
    });
  });
});
