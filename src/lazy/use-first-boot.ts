import { useEffect, useState } from 'react';

import type { Cluster, ClusterOptions } from '../engine';
import { bootCluster } from './boot';

/**
 * The page's first simulation boots its cluster in slices before it mounts (bootCluster), so
 * loading the page runs no long task. Give it the cluster options of the simulation about to
 * mount while that is the page's first (undefined once restarted, or when there is nothing to
 * boot, e.g. a shared session that replays). `waiting` holds until the first boot ends;
 * `booted` is that cluster while `options` are still the first ones (the same object), so later
 * simulations (restarts, another shape) boot their own.
 */
export function useFirstBoot(options: ClusterOptions | undefined): {
  waiting: boolean;
  booted?: Cluster;
} {
  const [first] = useState(options);
  const [booted, setBooted] = useState<Cluster>();
  const [waiting, setWaiting] = useState(first !== undefined);
  useEffect(() => {
    if (!first) return;
    const abort = new AbortController();
    bootCluster(first, { signal: abort.signal }).then(
      (cluster) => {
        setBooted(cluster);
        setWaiting(false);
      },
      // stopped, or the control plane did not come up: the store boots its own (and reports it)
      () => {
        if (!abort.signal.aborted) setWaiting(false);
      },
    );
    return () => abort.abort();
  }, [first]);
  return { waiting, booted: options === first ? booted : undefined };
}
