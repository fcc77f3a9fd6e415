import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import type { Cluster, ClusterOptions } from '../../../src/engine';
import { bootCluster } from '../../../src/lazy/boot';
import type { SimulationStore } from '../../../src/store';
import { createSimulationStore } from '../../../src/store';

/** What two clusters must agree on to be the same simulation. */
function fingerprint(c: Cluster) {
  const hops = c.hops();
  return {
    now: c.now(),
    booted: c.isBooted(),
    hops: hops.length,
    lastHop: hops.at(-1),
    nodes: c.kubectl('get nodes').stdout,
    pods: c.kubectl('get pods -A -o wide').stdout,
  };
}

/** A wall clock that moves 1 ms each time it is read, and a count of the yields. */
function fakeBrowser() {
  let t = 0;
  const yields = { count: 0 };
  return {
    yields,
    wallClock: () => t++,
    yieldToBrowser: () => {
      yields.count++;
      return Promise.resolve();
    },
  };
}

describe('booting a cluster in slices', () => {
  it.each<[string, ClusterOptions]>([
    ['one control plane and three workers', { seed: 1, controlPlaneNodes: 1, workers: 3 }],
    ['three control planes (HA) and two workers', { seed: 7, controlPlaneNodes: 3, workers: 2 }],
  ])('ends in the very state createCluster boots to, for %s', async (_, options) => {
    const browser = fakeBrowser();
    const sliced = await bootCluster(options, { sliceMs: 20, ...browser });
    expect(browser.yields.count).toBeGreaterThan(10);
    expect(fingerprint(sliced)).toEqual(fingerprint(createCluster(options)));
  });

  it('yields to the browser once a slice has used its wall-clock time', async () => {
    const small = fakeBrowser();
    await bootCluster({ seed: 1 }, { sliceMs: 50, ...small });
    const large = fakeBrowser();
    await bootCluster({ seed: 1 }, { sliceMs: 500, ...large });
    // ten times the slice, about a tenth of the yields
    expect(large.yields.count).toBeLessThan(small.yields.count / 5);
    expect(large.yields.count).toBeGreaterThan(0);
  });

  it('builds the cluster in a task of its own: yields before, and again before the first event', async () => {
    let clockReads = 0;
    const readsAtYield: number[] = [];
    await bootCluster(
      { seed: 1 },
      {
        sliceMs: 1e9,
        wallClock: () => clockReads++,
        yieldToBrowser: () => Promise.resolve(void readsAtYield.push(clockReads)),
      },
    );
    // the first slice reads the clock; both yields come before it, the boot in one slice
    expect(readsAtYield).toEqual([0, 0]);
  });

  it('runs at least one event per slice, so a clock already past the slice still boots', async () => {
    const browser = fakeBrowser();
    const cluster = await bootCluster({ seed: 1 }, { sliceMs: 0, ...browser });
    expect(cluster.isBooted()).toBe(true);
  });

  it("returns at once, not booted, when asked to watch the boot (boot: 'watch')", async () => {
    const browser = fakeBrowser();
    const cluster = await bootCluster({ seed: 1, boot: 'watch' }, browser);
    expect(browser.yields.count).toBe(0);
    expect(cluster.isBooted()).toBe(false);
    expect(cluster.now()).toBe(createCluster({ seed: 1, boot: 'watch' }).now());
  });
});

describe('a store on a cluster booted in slices', () => {
  it('rewinds onto a fresh cluster, not onto the booted one that has run on', async () => {
    const options = { seed: 1, controlPlaneNodes: 1, workers: 3 };
    const booted = await bootCluster(options, fakeBrowser());
    const store = createSimulationStore({ cluster: options, booted, playing: false });
    const start = store.getState().startTime;
    // changed behind the store's back: no action of its own replays it
    booted.kubectl('create namespace rewound');

    let next: SimulationStore | undefined;
    store.onReplaced((s) => (next = s));
    store.getState().rewind(start);
    expect(next).toBeDefined();
    next!.getState().kubectl('get namespace rewound');
    const last = next!.getState().terminal.at(-1)!;
    expect([last.exitCode, last.stderr]).toEqual([
      1,
      'Error from server (NotFound): namespaces "rewound" not found\n',
    ]);
  });
});
