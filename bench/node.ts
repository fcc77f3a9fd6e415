import { createCluster } from '../src/engine';
import type { Benchmark } from './engine';

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export const nodeBenchmarks: Benchmark[] = [
  {
    name: 'kubelet.pods-started.100-nodes',
    run() {
      // 1,000 nginx pods bound round-robin to 100 workers (no scheduler in the loop), run until
      // every one reports Running: sandbox, CNI, image pull, create, start and status patches.
      const c = createCluster({ seed: 1, workers: 100, addons: false });
      const pods = 1000;
      const t0 = performance.now();
      const simStart = c.now();
      for (let i = 0; i < pods; i++) {
        c.request({
          method: 'POST',
          path: '/api/v1/namespaces/default/pods',
          body: {
            metadata: { name: `web-${i}` },
            spec: {
              nodeName: `worker-${(i % 100) + 1}`,
              containers: [{ name: 'nginx', image: 'nginx:1.27' }],
            },
          },
        });
      }
      const running = () =>
        c
          .list('pods', 'default')
          .filter((p) => (p.status as { phase?: string }).phase === 'Running').length;
      const deadline = c.now() + 600_000;
      while (running() < pods && c.now() < deadline) c.advance(100);
      const wallS = (performance.now() - t0) / 1000;
      const started = running();
      return {
        value: round(started / wallS),
        unit: 'pods started / wall s',
        pods: started,
        wallSeconds: round(wallS),
        simulatedSeconds: round((c.now() - simStart) / 1000),
        cluster: '1 control plane, 100 workers, no add-ons',
      };
    },
  },
];
