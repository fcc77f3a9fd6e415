// Probes have a deadline: timeoutSeconds (1 s by default). An exec probe whose command runs
// longer is cut off by the runtime and counts as a failure with the kubelet's message.
import { describe, expect, it } from 'vitest';
import { cluster, createPod, events } from './helpers';

const restartCount = (c: ReturnType<typeof cluster>, name: string) =>
  (c.get('pods', name)!.status as { containerStatuses: { restartCount: number }[] })
    .containerStatuses[0].restartCount;

/** worker-1's containerd, where the helpers' pods run. */
const runtimeOf = (c: ReturnType<typeof cluster>) =>
  c.kubelets.find((k) => k.options.name === 'worker-1')!.options.runtime!;

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

describe('HTTP and TCP probe timeouts', () => {
  it.each([
    {
      what: 'an HTTP endpoint that never sends its headers',
      image: 'nginx',
      probe: { httpGet: { path: '/', port: 80 } },
      check: { http: 80, path: '/' },
      failure: (ip: string) =>
        `Liveness probe failed: Get "http://${ip}:80/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    },
    {
      what: 'a TCP port whose connections are never established',
      image: 'redis',
      probe: { tcpSocket: { port: 6379 } },
      check: { tcp: 6379 },
      failure: (ip: string) => `Liveness probe failed: dial tcp ${ip}:6379: i/o timeout`,
    },
  ])(
    'fails $what once timeoutSeconds has run out, every period, then restarts the container',
    ({ image, probe, check, failure }) => {
      const c = cluster();
      createPod(c, 'hung', {
        terminationGracePeriodSeconds: 2,
        containers: [
          {
            name: 'app',
            image,
            livenessProbe: { ...probe, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
          },
        ],
      });
      c.advance(10_000);
      const ip = (c.get('pods', 'hung')!.status as { podIP: string }).podIP;
      const started = c
        .hops()
        .find((h) => h.from === 'containerd@worker-1' && h.verb === 'StartContainer')!.deliveredAt;
      runtimeOf(c).setHealthCheckHanging('default', 'hung', 'app', check, true);
      c.advance(20_000);
      const unhealthy = c
        .list('events', 'default')
        .find((e) => e.reason === 'Unhealthy' && e.message === failure(ip));
      expect(unhealthy).toBeDefined();
      const name = unhealthy!.metadata.name!;
      const writes = c
        .hops()
        .filter((h) => h.from === 'kubelet@worker-1' && h.summary.includes(name))
        .map((h) => h.sentAt);
      // each failure is written timeoutSeconds after a tick of the 5 s probe ticker
      expect(writes.slice(0, 3).map((t) => (t - started) % 5000)).toEqual([3000, 3000, 3000]);
      expect(writes[1] - writes[0]).toBe(5000);
      const msgs = events(c, 'hung').map((e) => `${e.reason}: ${e.message}`);
      expect(msgs).toContain(`Unhealthy: ${failure(ip)}`);
      expect(msgs).toContain('Killing: Container app failed liveness probe, will be restarted');
      expect(restartCount(c, 'hung')).toBe(1);
    },
  );

  it('passes again once the endpoint answers within timeoutSeconds', () => {
    const c = cluster();
    createPod(c, 'flaky', {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, timeoutSeconds: 2 },
        },
      ],
    });
    c.advance(10_000);
    const runtime = runtimeOf(c);
    const ready = () =>
      (
        c.get('pods', 'flaky')!.status as { conditions: { type: string; status: string }[] }
      ).conditions.find((x) => x.type === 'Ready')!.status;
    expect(ready()).toBe('True');
    runtime.setHealthCheckHanging('default', 'flaky', 'app', { http: 80, path: '/' }, true);
    c.advance(20_000);
    expect(ready()).toBe('False');
    runtime.setHealthCheckHanging('default', 'flaky', 'app', { http: 80, path: '/' }, false);
    c.advance(10_000);
    expect(ready()).toBe('True');
    expect(restartCount(c, 'flaky')).toBe(0);
  });
});

describe('exec health checks an application stops passing', () => {
  it.each([
    {
      what: 'hangs',
      set: (c: ReturnType<typeof cluster>, cmd: string[]) =>
        runtimeOf(c).setHealthCheckHanging('default', 'execd', 'app', { exec: cmd }, true),
      failure: 'Liveness probe failed: command "cat /tmp/healthy" timed out',
    },
    {
      what: 'fails',
      set: (c: ReturnType<typeof cluster>, cmd: string[]) =>
        runtimeOf(c).setHealthCheckFailing('default', 'execd', 'app', { exec: cmd }, true),
      failure: 'Liveness probe failed: ',
    },
  ])('restarts a container whose exec check $what', ({ set, failure }) => {
    const c = cluster();
    const cmd = ['cat', '/tmp/healthy'];
    createPod(c, 'execd', {
      terminationGracePeriodSeconds: 2,
      containers: [
        {
          name: 'app',
          image: 'busybox',
          args: ['sh', '-c', 'touch /tmp/healthy; sleep 3600'],
          livenessProbe: {
            exec: { command: cmd },
            initialDelaySeconds: 2,
            periodSeconds: 5,
            failureThreshold: 1,
          },
        },
      ],
    });
    c.advance(10_000);
    expect(restartCount(c, 'execd')).toBe(0);
    set(c, cmd);
    c.advance(10_000);
    const msgs = events(c, 'execd').map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toContain(`Unhealthy: ${failure}`);
    expect(restartCount(c, 'execd')).toBe(1);
  });
});
