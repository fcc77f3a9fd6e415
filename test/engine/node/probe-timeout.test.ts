// Probes have a deadline: timeoutSeconds (1 s by default). An exec probe whose command runs
// longer is cut off by the runtime and counts as a failure with the kubelet's message.
import { describe, expect, it } from 'vitest';
import { cluster, createPod, events } from './helpers';

const restartCount = (c: ReturnType<typeof cluster>, name: string) =>
  (c.get('pods', name)!.status as { containerStatuses: { restartCount: number }[] })
    .containerStatuses[0].restartCount;

function probedPod(probe: Record<string, unknown>) {
  return {
    terminationGracePeriodSeconds: 2,
    containers: [
      {
        name: 'app',
        image: 'busybox',
        args: ['sh', '-c', 'sleep 3600'],
        livenessProbe: { periodSeconds: 5, failureThreshold: 1, ...probe },
      },
    ],
  };
}

describe('probe timeouts', () => {
  it.each([
    {
      what: 'a probe slower than the default 1 s timeout',
      probe: { exec: { command: ['sh', '-c', 'sleep 2'] } },
      failure: 'Liveness probe failed: command "sh -c sleep 2" timed out',
    },
    {
      what: 'a probe slower than its timeoutSeconds',
      probe: { exec: { command: ['sleep', '5'] }, timeoutSeconds: 3 },
      failure: 'Liveness probe failed: command "sleep 5" timed out',
    },
  ])('fails $what and restarts the container', ({ probe, failure }) => {
    const c = cluster();
    createPod(c, 'slow', probedPod(probe));
    c.advance(20_000);
    const msgs = events(c, 'slow').map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toContain(`Unhealthy: ${failure}`);
    expect(msgs).toContain('Killing: Container app failed liveness probe, will be restarted');
    expect(restartCount(c, 'slow')).toBeGreaterThanOrEqual(1);
  });

  it('passes a probe that finishes within its timeoutSeconds', () => {
    const c = cluster();
    createPod(c, 'patient', probedPod({ exec: { command: ['sleep', '2'] }, timeoutSeconds: 3 }));
    c.advance(20_000);
    expect(events(c, 'patient').filter((e) => e.reason === 'Unhealthy')).toEqual([]);
    expect(restartCount(c, 'patient')).toBe(0);
  });

  it('answers the probe only once the command has run for its duration', () => {
    const c = cluster();
    createPod(c, 'timed', probedPod({ exec: { command: ['sleep', '2'] }, timeoutSeconds: 3 }));
    c.advance(10_000);
    const execs = c
      .hops()
      .filter((h) => h.verb === 'ExecSync' && h.resource === 'pod/default/timed');
    const call = execs.find((h) => h.from === 'kubelet@worker-1')!;
    const reply = execs.find((h) => h.from === 'containerd@worker-1')!;
    expect(reply.sentAt - call.deliveredAt).toBe(2000);
    expect(reply.summary).toBe('ExecSync: exit 0');
  });
});
