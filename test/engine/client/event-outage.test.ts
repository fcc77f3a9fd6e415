// The events a kubelet records while its apiserver is down are not lost: the broadcaster's
// sink retries them (client-go recordToSink: 12 tries, 10 s apart) until the apiserver serves.
import { describe, expect, it } from 'vitest';

import { applyFault, createCluster } from '../../../src/engine';

const API = 'kube-apiserver@control-plane-1';

describe('events recorded during an apiserver outage', () => {
  it('reach the API once it serves again, in the order the kubelet recorded them', () => {
    const c = createCluster({ seed: 4, workers: 1, addons: false });
    c.kubectl('run web --image=nginx');
    c.advance(15_000);
    applyFault(c, { op: 'kill', component: API });
    c.advance(1_000);
    const crashedAt = c.now();
    applyFault(c, { op: 'crash', pod: 'default/web', exitCode: 1 });
    c.advance(20_000); // the kubelet restarts the container while nobody can hear of it
    applyFault(c, { op: 'restart', component: API });
    c.advance(60_000);

    const started = c
      .list('events', 'default')
      .filter((e) => (e.involvedObject as { name: string }).name === 'web')
      .filter((e) => e.reason === 'Started' || e.reason === 'Created');
    // the first start before the outage (count 1), the restart during it (count 2), each
    // event written, and its count patch, through retries once the apiserver was back
    expect(started.map((e) => [e.reason, e.count])).toEqual([
      ['Created', 2],
      ['Started', 2],
    ]);
    const posted = c
      .hops()
      .filter((h) => h.sentAt > crashedAt && h.from.startsWith('kubelet@worker-1'))
      .filter((h) => h.resource.includes('/events'));
    // refused while the apiserver was down, then delivered
    expect(posted.some((h) => h.outcome === 'refused')).toBe(true);
    expect(posted.at(-1)!.outcome).toBe('delivered');
  });
});
