// Scenario tests through createCluster, on virtual time: pods bound to a node (spec.nodeName
// set, no scheduler needed) start, crash, restart and report as kubectl shows them.
import { describe, expect, it } from 'vitest';
import { cluster, createPod, events, statusOf, statusTimeline } from './helpers';

describe('starting a pod', () => {
  it('goes Pending → ContainerCreating → Running through the CRI chain on the pod trace', () => {
    const c = cluster();
    const pod = createPod(c, 'web', { containers: [{ name: 'nginx', image: 'nginx' }] });
    expect(statusTimeline(c, 'web', 8000).map((s) => s.status)).toEqual([
      'Pending',
      'ContainerCreating',
      'Running',
    ]);
    const createTrace = c
      .hops()
      .find(
        (h) => h.from === 'kubectl' && h.verb === 'POST' && h.resource.endsWith('/pods'),
      )!.trace;
    const cri = c
      .hops()
      .filter(
        (h) =>
          h.from === 'kubelet@worker-1' &&
          h.to === 'containerd@worker-1' &&
          h.resource === 'pod/default/web',
      )
      .map((h) => [h.verb, h.trace]);
    expect(cri).toEqual(
      ['RunPodSandbox', 'ImageStatus', 'PullImage', 'CreateContainer', 'StartContainer'].map(
        (v) => [v, createTrace],
      ),
    );
    const patches = c
      .hops()
      .filter(
        (h) =>
          h.from === 'kubelet@worker-1' &&
          h.verb === 'PATCH' &&
          h.resource.endsWith('/pods/web/status'),
      );
    expect(patches.length).toBeGreaterThanOrEqual(2);
    expect(patches.every((h) => h.trace === createTrace)).toBe(true);
    const status = c.get('pods', 'web')!.status as Record<string, unknown>;
    expect(status.podIP).toBe('10.244.1.2');
    expect(status.hostIP).toBe('10.0.1.11');
    expect(
      (status.conditions as { type: string; status: string }[]).map((x) => `${x.type}=${x.status}`),
    ).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(pod.metadata.uid).toBeTruthy();
  });

  it('records the kubelet events with v1.32 wording', () => {
    const c = cluster();
    createPod(c, 'web', { containers: [{ name: 'nginx', image: 'nginx' }] });
    c.advance(8000);
    // the pull takes 250 ms of registry round trips + 72099410 B at 30 MB/s, plus the hops
    const req = c.hops().find((h) => h.verb === 'PullImage' && h.from === 'kubelet@worker-1')!;
    const res = c.hops().find((h) => h.verb === 'PullImage' && h.to === 'kubelet@worker-1')!;
    const took = `${((res.deliveredAt - req.sentAt) / 1000).toFixed(3)}s`;
    expect(res.deliveredAt - req.sentAt).toBeGreaterThanOrEqual(2653);
    expect(
      events(c, 'web')
        .map((e) => `${e.reason}: ${e.message}`)
        .sort(),
    ).toEqual([
      'Created: Created container: nginx',
      `Pulled: Successfully pulled image "nginx" in ${took} (${took} including waiting). Image size: 72099410 bytes.`,
      'Pulling: Pulling image "nginx"',
      'Started: Started container nginx',
    ]);
  });

  it('skips the pull for a second pod of the same image on the node', () => {
    const c = cluster();
    createPod(c, 'a', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] });
    c.advance(8000);
    createPod(c, 'b', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] });
    c.advance(2000);
    expect(statusOf(c, 'b')).toBe('Running');
    expect(
      c.hops().filter((h) => h.verb === 'PullImage' && h.from.startsWith('kubelet')).length,
    ).toBe(1);
    expect(events(c, 'b').find((e) => e.reason === 'Pulled')!.message).toBe(
      'Container image "nginx:1.27" already present on machine',
    );
    const node = c.get('nodes', 'worker-1', '')!;
    c.advance(11_000);
    const images = (
      c.get('nodes', 'worker-1', '')!.status as { images: { names: string[]; sizeBytes: number }[] }
    ).images;
    expect(images[0]).toEqual({
      names: [
        expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
        'docker.io/library/nginx:1.27',
      ],
      sizeBytes: 72099410,
    });
    expect(node).toBeDefined();
  });
});

describe('restarts', () => {
  it('restarts a crashing container at once, then after 10, 20, 40, 80, 160 and 300 s', () => {
    const c = cluster();
    createPod(c, 'crash', {
      containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'exit 3'] }],
    });
    const starts: number[] = [];
    const exits: number[] = [];
    c.sim.hops.onRecord((h) => {
      if (h.to === 'kubelet@worker-1' && h.verb === 'StartContainer') starts.push(h.deliveredAt);
      if (h.to === 'kubelet@worker-1' && h.verb === 'ContainerEvent') exits.push(h.deliveredAt);
    });
    const seen = statusTimeline(c, 'crash', 30_000, 20).map((s) => s.status);
    // the first exit restarts at once; the second starts the back-off
    expect(seen.slice(0, 5)).toEqual([
      'Pending',
      'ContainerCreating',
      'Running',
      'Error',
      'Running',
    ]);
    expect(seen.slice(5)).toContain('CrashLoopBackOff');
    c.advance(16 * 60_000);
    const gaps = starts
      .slice(0, 9)
      .map((s, i) => (i === 0 ? 0 : Math.round((s - exits[i - 1]) / 1000)));
    expect(gaps).toEqual([0, 0, 10, 20, 40, 80, 160, 300, 300]);
    const st = (c.get('pods', 'crash')!.status as { containerStatuses: Record<string, unknown>[] })
      .containerStatuses[0];
    expect(
      (st.lastState as { terminated: { exitCode: number; reason: string } }).terminated,
    ).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(st.restartCount).toBeGreaterThanOrEqual(8);
    const backoff = events(c, 'crash').find((e) => e.reason === 'BackOff')!;
    const uid = c.get('pods', 'crash')!.metadata.uid;
    expect(backoff.message).toBe(
      `Back-off restarting failed container app in pod crash_default(${uid})`,
    );
  });

  it('forgets the crash back-off when the kubelet restarts: the container starts again at once', () => {
    const c = cluster();
    createPod(c, 'crash', {
      containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'exit 3'] }],
    });
    const starts: number[] = [];
    c.sim.hops.onRecord((h) => {
      if (h.to === 'kubelet@worker-1' && h.verb === 'StartContainer') starts.push(h.deliveredAt);
    });
    // at once, at once, then 10, 20, 40 s: the fifth exit waits 80 s
    c.advance(120_000);
    expect(starts).toHaveLength(5);
    c.fail('kubelet@worker-1');
    c.recover('kubelet@worker-1');
    const restartedAt = c.now();
    c.advance(10_000);
    expect(starts).toHaveLength(6);
    expect(starts[5] - restartedAt).toBeLessThan(5_000);
  });

  it('shows ErrImagePull, then ImagePullBackOff, for a tag that does not exist', () => {
    const c = cluster();
    createPod(c, 'bad', { containers: [{ name: 'nginx', image: 'nginx:doesnotexist' }] });
    const seen = statusTimeline(c, 'bad', 30_000, 20).map((s) => s.status);
    expect(seen.slice(0, 4)).toEqual([
      'Pending',
      'ContainerCreating',
      'ErrImagePull',
      'ImagePullBackOff',
    ]);
    const failed = events(c, 'bad')
      .filter((e) => e.reason === 'Failed')
      .map((e) => e.message);
    expect(failed).toContain(
      'Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed).toContain('Error: ImagePullBackOff');
  });

  it('completes busybox sleep 5 with restartPolicy Never', () => {
    const c = cluster();
    createPod(c, 'job', {
      restartPolicy: 'Never',
      containers: [{ name: 'sleep', image: 'busybox', command: ['sleep', '5'] }],
    });
    const seen = statusTimeline(c, 'job', 15_000).map((s) => s.status);
    expect(seen).toEqual(['Pending', 'ContainerCreating', 'Running', 'Completed']);
    expect((c.get('pods', 'job')!.status as { phase: string }).phase).toBe('Succeeded');
  });

  it('reports OOMKilled when the memory hog crosses its limit', () => {
    const c = cluster();
    createPod(c, 'hog', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'stress',
          image: 'polinux/stress',
          args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
          resources: { limits: { memory: '100Mi' } },
        },
      ],
    });
    c.advance(10_000);
    expect(statusOf(c, 'hog')).toBe('OOMKilled');
    const st = (
      c.get('pods', 'hog')!.status as { containerStatuses: { state: { terminated: unknown } }[] }
    ).containerStatuses[0];
    expect(st.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('restarts a container whose liveness probe fails', () => {
    const c = cluster();
    createPod(c, 'live', {
      terminationGracePeriodSeconds: 5,
      containers: [
        {
          name: 'liveness',
          image: 'busybox',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
          livenessProbe: {
            exec: { command: ['cat', '/tmp/healthy'] },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
      ],
    });
    c.advance(70_000);
    const st = (c.get('pods', 'live')!.status as { containerStatuses: { restartCount: number }[] })
      .containerStatuses[0];
    expect(st.restartCount).toBe(1);
    const msgs = events(c, 'live').map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toContain(
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
    );
    expect(msgs).toContain('Killing: Container liveness failed liveness probe, will be restarted');
  });

  it('fails container creation with CreateContainerConfigError for a missing ConfigMap', () => {
    const c = cluster();
    createPod(c, 'cfg', {
      containers: [
        { name: 'app', image: 'nginx', envFrom: [{ configMapRef: { name: 'missing' } }] },
      ],
    });
    c.advance(8000);
    expect(statusOf(c, 'cfg')).toBe('CreateContainerConfigError');
    expect(events(c, 'cfg').map((e) => e.message)).toContain(
      'Error: configmap "missing" not found',
    );
  });

  it('runs init containers one after another before the app', () => {
    const c = cluster();
    createPod(c, 'init', {
      initContainers: [
        { name: 'one', image: 'busybox', command: ['sleep', '3'] },
        { name: 'two', image: 'busybox', command: ['sleep', '3'] },
      ],
      containers: [{ name: 'app', image: 'nginx' }],
    });
    const seen = statusTimeline(c, 'init', 20_000).map((s) => s.status);
    expect(seen).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
  });
});

describe('termination', () => {
  it('takes the whole grace period when the process ignores SIGTERM, then removes the pod', () => {
    const c = cluster();
    createPod(c, 'sleeper', {
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'sleep', image: 'busybox', command: ['sleep', '3600'] }],
    });
    c.advance(5000);
    const t0 = c.now();
    expect(c.kubectl('delete pod sleeper --wait=false').stdout).toBe('pod "sleeper" deleted\n');
    c.advance(20_000);
    expect(statusOf(c, 'sleeper')).toBe('Terminating');
    expect(c.runUntil((x) => !x.get('pods', 'sleeper'), { timeoutMs: 20_000 })).toBe(true);
    expect(Math.round((c.now() - t0) / 1000)).toBe(30);
    expect(events(c, 'sleeper').map((e) => e.message)).toContain('Stopping container sleep');
  });

  it('stops nginx quickly on SIGTERM', () => {
    const c = cluster();
    createPod(c, 'web', { containers: [{ name: 'nginx', image: 'nginx' }] });
    c.advance(8000);
    const t0 = c.now();
    c.kubectl('delete pod web --wait=false');
    expect(c.runUntil((x) => !x.get('pods', 'web'), { timeoutMs: 40_000 })).toBe(true);
    expect(c.now() - t0).toBeLessThan(1000);
  });
});

describe('kubelet admission', () => {
  it('rejects a pod that does not fit the node: Failed with OutOfcpu', () => {
    const c = cluster();
    createPod(c, 'big', {
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '10' } } }],
    });
    c.advance(3000);
    expect(statusOf(c, 'big')).toBe('OutOfcpu');
    expect(c.get('pods', 'big')!.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message:
        "Pod was rejected: Node didn't have enough resource: cpu, requested: 10000, used: 0, capacity: 4000",
    });
    expect(
      c.hops().some((h) => h.verb === 'RunPodSandbox' && h.resource === 'pod/default/big'),
    ).toBe(false);
  });
});
