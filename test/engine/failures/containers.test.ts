import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';

interface ContainerStatus {
  restartCount: number;
  ready: boolean;
  lastState?: { terminated?: { exitCode: number; reason: string } };
}

function status(c: Cluster, name: string): ContainerStatus | undefined {
  return (c.get('pods', name)?.status as { containerStatuses?: ContainerStatus[] } | undefined)
    ?.containerStatuses?.[0];
}

const PROBED = `apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 80
    livenessProbe:
      httpGet: { path: /, port: http }
      periodSeconds: 10
    readinessProbe:
      tcpSocket: { port: 80 }
      periodSeconds: 5
`;

describe('container faults', () => {
  const c = createCluster({ seed: 71, workers: 1 });
  c.kubectl('run app --image=nginx');
  c.kubectl('apply -f -', PROBED);
  c.advance(30_000);

  it('restarts a crashed container and records its exit code', () => {
    applyFault(c, { op: 'crash', pod: 'default/app', exitCode: 2 });
    expect(c.runUntil(() => status(c, 'app')?.restartCount === 1, { timeoutMs: 20_000 })).toBe(
      true,
    );
    expect(status(c, 'app')?.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('shows an OOM kill as OOMKilled with exit code 137', () => {
    c.advance(15_000);
    applyFault(c, { op: 'oom', pod: 'default/app' });
    expect(c.runUntil(() => status(c, 'app')?.restartCount === 2, { timeoutMs: 30_000 })).toBe(
      true,
    );
    expect(status(c, 'app')?.lastState?.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });

  it('takes a pod whose readiness probe fails out of Ready, and back once healed', () => {
    expect(status(c, 'probed')?.ready).toBe(true);
    applyFault(c, { op: 'fail-readiness', pod: 'default/probed' });
    // failureThreshold 3 × periodSeconds 5
    expect(c.runUntil(() => status(c, 'probed')?.ready === false, { timeoutMs: 20_000 })).toBe(
      true,
    );
    expect(status(c, 'probed')?.restartCount).toBe(0);
    applyFault(c, { op: 'heal-probes', pod: 'default/probed' });
    expect(c.runUntil(() => status(c, 'probed')?.ready === true, { timeoutMs: 10_000 })).toBe(true);
  });

  it('restarts a container whose liveness probe fails, with the kubelet Killing event', () => {
    applyFault(c, { op: 'fail-liveness', pod: 'default/probed' });
    expect(
      c.runUntil(() => (status(c, 'probed')?.restartCount ?? 0) >= 1, { timeoutMs: 45_000 }),
    ).toBe(true);
    const messages = c.list('events').map((e) => (e as { message?: string }).message);
    expect(messages).toContain('Container web failed liveness probe, will be restarted');
    expect(messages).toContain('Liveness probe failed: HTTP probe failed with statuscode: 500');
  });
});
