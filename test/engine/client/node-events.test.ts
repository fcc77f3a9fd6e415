// Regression tests: events about Nodes (cluster-scoped) go to the default namespace with no
// involvedObject.namespace, as client-go's recorder sends them, and the apiserver takes them.
import { describe, expect, it } from 'vitest';

import type { ApiRequest, KubeObject } from '../../../src/engine/api/types';
import { applyFault, createCluster } from '../../../src/engine';
import { EventRecorder } from '../../../src/engine/client/event-recorder';
import { EventSink } from '../../../src/engine/client/event-sink';
import type { RestClient, RestResult } from '../../../src/engine/client/rest-client';

const KCM = 'kube-controller-manager@control-plane-1';

describe('events about Nodes', () => {
  it('are created (201) by a kube-controller-manager restarted after boot, in default', () => {
    const c = createCluster({ seed: 7, controlPlaneNodes: 1, workers: 2 });
    c.advance(5_000);
    applyFault(c, { op: 'kill', component: KCM });
    c.advance(1_000);
    const restartedAt = c.now();
    applyFault(c, { op: 'restart', component: KCM });
    c.advance(60_000);
    const answers = c
      .hops()
      .filter((h) => h.sentAt >= restartedAt && h.to === KCM && h.resource?.includes('/events'));
    expect(answers.map((h) => `${h.verb} ${h.resource}`)).toEqual([
      '201 /api/v1/namespaces/default/events',
      '201 /api/v1/namespaces/default/events',
      '201 /api/v1/namespaces/default/events',
    ]);
    const registered = c
      .list('events', 'default')
      .filter((e) => e.reason === 'RegisteredNode' && e.metadata.creationTimestamp)
      .map((e) => e.involvedObject as Record<string, string>);
    // one from the first leader, one from the restarted one, per node
    expect(registered.map((o) => o.name).sort()).toEqual([
      'control-plane-1',
      'control-plane-1',
      'worker-1',
      'worker-1',
      'worker-2',
      'worker-2',
    ]);
    for (const o of registered)
      expect(Object.keys(o)).toEqual(['kind', 'name', 'uid', 'apiVersion']);
  });

  // pkg/apis/core/validation/events.go legacyValidateEvent: an involved object without a
  // namespace may only have its event in "" or "default"
  it.each([
    ['default', '', 201],
    ['kube-system', '', 422],
    ['kube-system', 'kube-system', 201],
    ['default', 'kube-system', 422],
  ])('answers an event in %s about an object in namespace "%s" with %i', (ns, involvedNs, code) => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    const res = c.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/events`,
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'x.1' },
        involvedObject: {
          kind: 'Node',
          name: 'worker-1',
          ...(involvedNs ? { namespace: involvedNs } : {}),
        },
        reason: 'Test',
        message: 'm',
        type: 'Normal',
      },
    });
    expect(res.status).toBe(code);
    if (code === 422)
      expect((res.body as { message: string }).message).toBe(
        `Event "x.1" is invalid: involvedObject.namespace: Invalid value: "${involvedNs}": does not match event.namespace`,
      );
  });
});

describe('EventRecorder', () => {
  it('creates the event again with its count when the repeat patch is answered NotFound', () => {
    const sent: ApiRequest[] = [];
    const client = {
      request: (req: ApiRequest, done: (r: RestResult) => void) => {
        sent.push(req);
        const status = req.method === 'PATCH' ? 404 : 201;
        done({ ok: true, response: { status, headers: {}, body: {} } });
      },
    } as unknown as RestClient;
    let n = 0;
    const r = new EventRecorder(
      new EventSink(
        client,
        () => undefined,
        () => 0,
      ),
      { component: 'node-controller', instance: 'kcm' },
      () => `2026-01-01T09:00:0${n}Z`,
      () => String(++n),
      () => undefined,
    );
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w', uid: 'u' } };
    r.record(node, 'Normal', 'RegisteredNode', 'Node w event: Registered Node w in Controller');
    r.record(node, 'Normal', 'RegisteredNode', 'Node w event: Registered Node w in Controller');
    expect(sent.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /api/v1/namespaces/default/events',
      'PATCH /api/v1/namespaces/default/events/w.1',
      'POST /api/v1/namespaces/default/events',
    ]);
    expect(sent[2].body).toMatchObject({
      metadata: { name: 'w.1', namespace: 'default' },
      count: 2,
      firstTimestamp: '2026-01-01T09:00:00Z',
      lastTimestamp: '2026-01-01T09:00:01Z',
    });
  });
});
