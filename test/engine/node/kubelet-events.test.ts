import { describe, expect, it } from 'vitest';

import type { ApiRequest, KubeObject } from '../../../src/engine/api/types';
import { MAX_LRU_CACHE_ENTRIES } from '../../../src/engine/client/event-recorder';
import { EventSink } from '../../../src/engine/client/event-sink';
import type { RestClient, RestResult } from '../../../src/engine/client/rest-client';
import { KubeletEvents } from '../../../src/engine/node/kubelet-events';

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
});

describe('KubeletEvents', () => {
  it('remembers only the 4,096 events last seen, so a forgotten repeat is posted anew', () => {
    const sent: string[] = [];
    const client = {
      request: (req: ApiRequest, done: (res: RestResult) => void) => {
        sent.push(`${req.method} ${req.path}`);
        done({ ok: true, response: { status: 201, headers: {}, body: {} } });
      },
    } as unknown as RestClient;
    let n = 0;
    const events = new KubeletEvents(
      new EventSink(
        client,
        () => undefined,
        () => 0,
      ),
      'worker-1',
      () => 't',
      () => String(++n),
    );
    for (let i = 0; i <= MAX_LRU_CACHE_ENTRIES; i++)
      events.record(pod(`p${i}`), 'Normal', 'Pulled', 'x', undefined);
    sent.length = 0;
    events.record(pod('p0'), 'Normal', 'Pulled', 'x', undefined);
    events.record(pod('p2'), 'Normal', 'Pulled', 'x', undefined);
    expect(sent).toEqual([
      'POST /api/v1/namespaces/default/events',
      'PATCH /api/v1/namespaces/default/events/p2.3',
    ]);
  });
});
