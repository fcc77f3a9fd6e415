import { describe, expect, it } from 'vitest';

import type { ApiRequest, KubeObject } from '../../../src/engine/api/types';
import { EventRecorder, MAX_LRU_CACHE_ENTRIES } from '../../../src/engine/client/event-recorder';
import type { RestClient } from '../../../src/engine/client/rest-client';

function recorder() {
  const sent: string[] = [];
  const bodies: unknown[] = [];
  const client = {
    request: (req: ApiRequest) => {
      sent.push(`${req.method} ${req.path}`);
      bodies.push(req.body);
    },
  } as unknown as RestClient;
  let n = 0;
  const r = new EventRecorder(
    client,
    { component: 'test-controller', instance: 'test' },
    () => '2026-01-01T00:00:00Z',
    () => String(++n),
    () => undefined,
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
