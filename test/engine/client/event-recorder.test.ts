import { describe, expect, it } from 'vitest';

import type { ApiRequest, KubeObject } from '../../../src/engine/api/types';
import { EventRecorder, MAX_LRU_CACHE_ENTRIES } from '../../../src/engine/client/event-recorder';
import { EventSink } from '../../../src/engine/client/event-sink';
import type { RestClient, RestResult } from '../../../src/engine/client/rest-client';

function recorder(clock?: { ms: number }) {
  const sent: string[] = [];
  const bodies: unknown[] = [];
  const client = {
    request: (req: ApiRequest, done: (res: RestResult) => void) => {
      sent.push(`${req.method} ${req.path}`);
      bodies.push(req.body);
      done({ ok: true, response: { status: 201, headers: {}, body: {} } });
    },
  } as unknown as RestClient;
  let n = 0;
  const r = new EventRecorder(
    new EventSink(
      client,
      () => undefined,
      () => 0,
    ),
    { component: 'test-controller', instance: 'test' },
    () => '2026-01-01T00:00:00Z',
    () => String(++n),
    () => undefined,
    clock ? { now: () => clock.ms } : undefined,
  );
  return { r, sent, bodies };
}

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
});

describe('EventRecorder', () => {
  it('patches the count of a repeated event and posts a new one for a new message', () => {
    const { r, sent } = recorder();
    r.record(pod('a'), 'Normal', 'Pulled', 'pulled nginx');
    r.record(pod('a'), 'Normal', 'Pulled', 'pulled nginx');
    r.record(pod('a'), 'Normal', 'Pulled', 'pulled redis');
    expect(sent).toEqual([
      'POST /api/v1/namespaces/default/events',
      'PATCH /api/v1/namespaces/default/events/a.1',
      'POST /api/v1/namespaces/default/events',
    ]);
  });

  it('leaves unset fields out of the involved object, as JSON would (a Node has no namespace)', () => {
    const { r, bodies } = recorder();
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } };
    r.record(node, 'Normal', 'RegisteredNode', 'Node worker-1 event: Registered Node worker-1');
    expect((bodies[0] as { involvedObject: unknown }).involvedObject).toEqual({
      kind: 'Node',
      name: 'worker-1',
      apiVersion: 'v1',
    });
    expect(Object.keys((bodies[0] as { involvedObject: object }).involvedObject)).toEqual([
      'kind',
      'name',
      'apiVersion',
    ]);
  });

  it('remembers only the 4,096 events last seen, as the correlator LRU cache does', () => {
    const { r, sent } = recorder();
    for (let i = 0; i <= MAX_LRU_CACHE_ENTRIES; i++)
      r.record(pod(`p${i}`), 'Normal', 'Created', 'x');
    sent.length = 0;
    // p0 was forgotten when the 4,097th arrived; p1 is still known
    r.record(pod('p0'), 'Normal', 'Created', 'x');
    r.record(pod('p2'), 'Normal', 'Created', 'x');
    expect(sent).toEqual([
      'POST /api/v1/namespaces/default/events',
      'PATCH /api/v1/namespaces/default/events/p2.3',
    ]);
  });
});

const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-1', namespace: 'default', uid: 'uid-rs' },
};

describe('EventRecorder with the EventCorrelator (tools/record)', () => {
  it('aggregates the tenth distinct message of one reason and counts the later ones on it', () => {
    const { r, sent, bodies } = recorder({ ms: 0 });
    for (let i = 1; i <= 12; i++)
      r.record(replicaSet, 'Normal', 'SuccessfulCreate', `Created pod: web-1-${i}`);
    expect(sent).toEqual([
      ...Array(10).fill('POST /api/v1/namespaces/default/events'),
      'PATCH /api/v1/namespaces/default/events/web-1.10',
      'PATCH /api/v1/namespaces/default/events/web-1.10',
    ]);
    const messages = bodies.map((b) => (b as { message: string }).message);
    expect(messages.slice(8)).toEqual([
      'Created pod: web-1-9',
      '(combined from similar events): Created pod: web-1-10',
      '(combined from similar events): Created pod: web-1-11',
      '(combined from similar events): Created pod: web-1-12',
    ]);
    expect(bodies.slice(10).map((b) => (b as { count: number }).count)).toEqual([2, 3]);
    expect(bodies[9]).toMatchObject({ count: 1, reportingComponent: '', reportingInstance: '' });
  });

  it('sends 25 events about one object, then one more every 5 minutes', () => {
    const clock = { ms: 0 };
    const { r, sent } = recorder(clock);
    const send = (n: number) => {
      for (let i = 0; i < n; i++) r.record(replicaSet, 'Normal', `Reason${i}`, 'm');
    };
    send(30);
    expect(sent.length).toBe(25);
    clock.ms = 299_000;
    send(2);
    expect(sent.length).toBe(25);
    clock.ms = 300_000;
    send(2);
    expect(sent.length).toBe(26);
  });

  it('keeps a separate budget per object', () => {
    const { r, sent } = recorder({ ms: 0 });
    for (let i = 0; i < 30; i++) {
      r.record(pod('a'), 'Normal', `Reason${i}`, 'm');
      r.record(pod('b'), 'Normal', `Reason${i}`, 'm');
    }
    expect(sent.length).toBe(50);
  });

  it('starts a fresh aggregation after 10 quiet minutes', () => {
    const clock = { ms: 0 };
    const { r, bodies } = recorder(clock);
    for (let i = 1; i <= 9; i++) r.record(replicaSet, 'Normal', 'SuccessfulCreate', `m${i}`);
    clock.ms = 600_001;
    r.record(replicaSet, 'Normal', 'SuccessfulCreate', 'm10');
    expect((bodies.at(-1) as { message: string }).message).toBe('m10');
  });
});
