/**
 * `npm run api`: runs a simulated cluster on a real-time clock and serves its apiserver's REST
 * API on 127.0.0.1, writing a kubeconfig for kubectl and client libraries.
 *
 *   npm run api -- --port 6443 --speed 10 --workers 3 --control-planes 1 --seed 42
 *   kubectl --kubeconfig .tmp/kubeconfig get nodes
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { createCluster } from '../engine';
import { handleHttp } from './http-bridge';
import { kubeconfigYaml } from './kubeconfig';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6443' },
    speed: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    workers: { type: 'string', default: '3' },
    'control-planes': { type: 'string', default: '1' },
    kubeconfig: { type: 'string', default: '.tmp/kubeconfig' },
  },
});

const speed = Number(values.speed);
const cluster = createCluster({
  seed: Number(values.seed),
  workers: Number(values.workers),
  controlPlaneNodes: Number(values['control-planes']),
});

// The virtual clock follows the wall clock, `speed` times faster.
const TICK_MS = 5;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const step = Math.round((now - last) * speed);
  if (step >= 1) {
    cluster.advance(step);
    last = now;
  }
}, TICK_MS);

const server = createServer((req, res) => handleHttp(cluster, req, res));
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : Number(values.port);
  const path = resolve(values.kubeconfig!);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(`http://127.0.0.1:${port}`));
  process.stdout.write(
    `k8s-anatomy apiserver listening on http://127.0.0.1:${port}\nkubeconfig: ${path}\n`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
