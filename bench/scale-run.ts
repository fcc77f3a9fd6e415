/**
 * One scale run in its own process (so the parent can bound it in wall time and read its peak
 * heap alone): `tsx bench/scale-run.ts <nodes> <pods> <budgetMs>`, or as bench/scale.ts runs it,
 * built by Vite (`bench/.out/scale-run/scale-run.mjs`, without tsx's per-closure keepNames cost).
 * Prints one JSON line per phase: { phase, wallMs, cpuMs, heapMB, load1, simMs, pods, running }.
 */
import { loadavg } from 'node:os';

import { createCluster } from '../src/engine';

const [nodes, pods, budgetMs] = process.argv.slice(2).map(Number);
// pods per Deployment: 150,000 pods are 150 Deployments, as a large tenant would have them
const PER_DEPLOYMENT = 1000;

let peakHeap = 0;
function heapMB(): number {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return Math.round(peakHeap / 1024 ** 2);
}

const t0 = performance.now();
// CPU time next to wall time: on a shared machine the wall clock also counts others' work
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

function report(phase: string, extra: Record<string, number>): void {
  const line = {
    phase,
    wallMs: Math.round(performance.now() - t0),
    cpuMs: cpuMs(),
    heapMB: heapMB(),
    // the machine's 1-minute load average: wall times on a shared machine depend on it
    load1: Math.round(loadavg()[0] * 100) / 100,
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

// addons off: no CoreDNS or kube-proxy pods; a small hop ring buffer (the log is bounded); a pod
// subnet of 32,768 /24s, as kubeadm's default 10.244.0.0/16 gives only 256 nodes a podCIDR
const c = createCluster({
  seed: 1,
  workers: nodes,
  addons: false,
  hopBufferSize: 10_000,
  podSubnet: '10.128.0.0/9',
});
report('booted', { simMs: c.now(), pods: 0, running: 0 });
const bootedAt = performance.now();
const simStart = c.now();

for (let i = 0; i * PER_DEPLOYMENT < pods; i++) {
  const app = `scale-${i}`;
  c.request({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    body: {
      metadata: { name: app },
      spec: {
        replicas: Math.min(PER_DEPLOYMENT, pods - i * PER_DEPLOYMENT),
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      },
    },
  });
}

const overBudget = () => performance.now() - t0 > budgetMs;

/** Runs the cluster `ms` simulated ms ahead, event by event, stopping early once the wall
 *  budget is spent: a burst (150 ReplicaSets creating pods at once) can fill one simulated
 *  half-second with minutes of work, and the run must still say how far it got. */
function advanceWithinBudget(ms: number): void {
  const target = c.now() + ms;
  for (let n = 1; ; n++) {
    const next = c.sim.queue.peekTime();
    if (next === undefined || next > target) return c.advance(target - c.now());
    c.sim.step();
    if (n % 1000 === 0 && overBudget()) return c.advance(0);
  }
}

let lastReport = 0;
for (let step = 1; ; step++) {
  advanceWithinBudget(500);
  heapMB();
  const over = overBudget();
  // counting decodes every stored pod: do it every 5 simulated seconds, not every step
  if (step % 10 !== 0 && !over) continue;
  const list = c.list('pods', 'default');
  let running = 0;
  let bound = 0;
  for (const p of list) {
    if ((p.spec as { nodeName?: string }).nodeName) bound++;
    if ((p.status as { phase?: string } | undefined)?.phase === 'Running') running++;
  }
  const now = performance.now();
  const done = running >= pods;
  if (done || over || now - lastReport > 2000) {
    lastReport = now;
    report(done ? 'running' : 'progress', {
      simMs: c.now() - simStart,
      pods: list.length,
      bound,
      running,
      sinceBootMs: Math.round(now - bootedAt),
    });
  }
  if (done || over) break;
}
