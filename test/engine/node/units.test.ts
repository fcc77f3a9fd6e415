// Table-driven tests of the node's pure pieces: client-go backoff, Go durations, image
// references and registry answers, the container programs, kubelet admission.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/engine';
import { Backoff, goDuration } from '../../../src/engine/node/backoff';
import { HostLocalIpam } from '../../../src/engine/node/cni';
import { parseImageReference, resolveImage } from '../../../src/engine/node/images';
import type { CatalogImage } from '../../../src/engine/node/images';
import { admitPod } from '../../../src/engine/node/kubelet-admission';
import { execTimedOut, ProbeWorker } from '../../../src/engine/node/probes';
import {
  execDurationMs,
  execIn,
  programFor,
  shellProgram,
} from '../../../src/engine/node/runtime-program';

describe('Backoff (client-go flowcontrol)', () => {
  it('doubles from 10 s to a 300 s cap and resets after 2×max without a new failure', () => {
    let now = 0;
    const b = new Backoff(10_000, 300_000, () => now);
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.next('k', now);
      seen.push(b.get('k'));
      now += 1000;
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    now += 600_001;
    b.next('k', now);
    expect(b.get('k')).toBe(10_000);
  });

  it('is in back-off only while now − eventTime is under the current delay', () => {
    let now = 0;
    const b = new Backoff(10_000, 300_000, () => now);
    expect(b.isInBackOffSince('k', 0)).toBe(false);
    b.next('k', 0);
    now = 9_999;
    expect(b.isInBackOffSince('k', 0)).toBe(true);
    now = 10_000;
    expect(b.isInBackOffSince('k', 0)).toBe(false);
  });
});

describe('goDuration', () => {
  it.each([
    [0, '0s'],
    [830, '830ms'],
    [2403, '2.403s'],
    [10_000, '10s'],
    [300_000, '5m0s'],
    [62_500, '1m2.5s'],
    [3_600_000, '1h0m0s'],
  ])('formats %i ms as %s', (ms, text) => expect(goDuration(ms)).toBe(text));
});

describe('image references', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['polinux/stress', 'docker.io/polinux/stress:latest'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
  ])('normalizes %s to %s', (image, normalized) =>
    expect(parseImageReference(image)?.normalized).toBe(normalized),
  );

  it.each([
    ['nginx:1.25.3', 'ok'],
    ['nginx:alpine', 'ok'],
    ['nginx:doesnotexist', 'NotFound'],
    ['nginxx', 'Unknown'],
    ['myorg/app:1.0', 'ok'],
    ['regsitry.example.com/app', 'Unknown'],
  ])('resolves %s as %s', (image, outcome) => {
    const r = resolveImage(parseImageReference(image)!);
    expect(r.ok ? 'ok' : r.code).toBe(outcome);
  });
});

describe('container programs', () => {
  const busybox: CatalogImage = { repository: 'docker.io/library/busybox', kind: 'shell', size: 1 };
  it.each([
    [['sleep', '5'], { afterMs: 5050, code: 0 }],
    [['sh', '-c', 'exit 3'], { afterMs: 50, code: 3 }],
    [['true'], { afterMs: 50, code: 0 }],
    [['false'], { afterMs: 50, code: 1 }],
    [['sh', '-c', 'sleep 2; frobnicate'], { afterMs: 2050, code: 127 }],
  ])('%j exits as %j', (command, exit) => {
    expect(programFor({ image: busybox, command, args: [], env: {} }).exit).toEqual(exit);
  });

  it('never exits on sleep infinity or an endless loop', () => {
    expect(shellProgram(['sleep', 'infinity']).exit).toBeUndefined();
    expect(shellProgram(['sh', '-c', 'while true; do sleep 1; done']).exit).toBeUndefined();
  });

  it('answers exec probes from the files the script touched and removed', () => {
    const p = shellProgram([
      'sh',
      '-c',
      'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600',
    ]);
    expect(execIn(p, ['cat', '/tmp/healthy'], 10_000)).toEqual({ code: 0, output: '' });
    expect(execIn(p, ['cat', '/tmp/healthy'], 31_000)).toEqual({
      code: 1,
      output: "cat: can't open '/tmp/healthy': No such file or directory\n",
    });
  });
});

describe('host-local IPAM', () => {
  it('hands out .2, .3 … and reuses a released address only after the rest', () => {
    const ipam = new HostLocalIpam('10.244.3.0/24');
    expect([ipam.allocate(), ipam.allocate(), ipam.allocate()]).toEqual([
      '10.244.3.2',
      '10.244.3.3',
      '10.244.3.4',
    ]);
    ipam.release('10.244.3.2');
    expect(ipam.allocate()).toBe('10.244.3.5');
  });
});

describe('kubelet admission', () => {
  const pod = (name: string, cpu: string, node = 'worker-1'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName: node,
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }],
    },
  });
  const node = { name: 'worker-1', cpu: 4000, memory: 8 * 1024 ** 3, pods: 110 };

  it('rejects a pod whose CPU request no longer fits, with upstream reason and message', () => {
    expect(admitPod(pod('b', '3'), node, [pod('a', '2')])).toEqual({
      reason: 'OutOfcpu',
      message: "Node didn't have enough resource: cpu, requested: 3000, used: 2000, capacity: 4000",
    });
  });

  it('admits a pod that fits and rejects one bound elsewhere', () => {
    expect(admitPod(pod('b', '2'), node, [pod('a', '2')])).toBeUndefined();
    expect(admitPod(pod('c', '1', 'worker-2'), node, [])?.reason).toBe('NodeName');
  });
});

describe('exec commands and their deadline', () => {
  it.each([
    { cmd: ['cat', '/tmp/healthy'], ms: 0 },
    { cmd: ['sleep', '2'], ms: 2000 },
    { cmd: ['sh', '-c', 'sleep 1; sleep 0.5; cat /tmp/x'], ms: 1500 },
    { cmd: ['sh', '-c', 'while true; do sleep 1; done'], ms: Infinity },
  ])('$cmd runs for $ms ms', ({ cmd, ms }) => {
    expect(execDurationMs(cmd)).toBe(ms);
  });

  it.each([
    { cmd: ['sh', '-c', 'sleep 2'], message: 'command "sh -c sleep 2" timed out' },
    { cmd: ['sh', '-c', 'echo "hi"'], message: 'command "sh -c echo \\"hi\\"" timed out' },
  ])('reports a timed-out $cmd with Go quoting', ({ cmd, message }) => {
    expect(execTimedOut(cmd)).toBe(message);
  });
});

describe('the probe ticker', () => {
  it.each([
    // probe durations → when each probe starts, with periodSeconds 5 and initialDelaySeconds 2
    { durations: [0, 0, 0], starts: [2000, 7000, 12000] },
    { durations: [3000, 3000, 3000], starts: [2000, 7000, 12000] },
    // a probe that outlasts its period finds the tick buffered and probes again at once
    { durations: [6000, 1000, 1000], starts: [2000, 8000, 12000] },
    { durations: [12_000, 0, 0], starts: [2000, 14_000, 17_000] },
  ])('starts probes on the period grid for durations $durations', ({ durations, starts }) => {
    let now = 0;
    const timers: { at: number; run: () => void }[] = [];
    const seen: number[] = [];
    const w = new ProbeWorker(
      'Liveness',
      { periodSeconds: 5, initialDelaySeconds: 2, failureThreshold: 100 },
      {
        now: () => now,
        after: (ms, run) => {
          const t = { at: now + ms, run };
          timers.push(t);
          return { cancel: () => timers.splice(timers.indexOf(t), 1) };
        },
        run: (_p, done) => {
          seen.push(now);
          const d = durations[seen.length - 1] ?? 0;
          timers.push({ at: now + d, run: () => done({ ok: true, output: '' }) });
        },
        onResult: () => undefined,
        onFailure: () => undefined,
        gated: () => false,
      },
    );
    while (seen.length < starts.length) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers.shift()!;
      now = t.at;
      t.run();
    }
    w.stop();
    expect(seen).toEqual(starts);
  });
});
