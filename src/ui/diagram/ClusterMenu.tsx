import './ClusterMenu.css';

import { Panel } from '@xyflow/react';

import { BreakItMenu } from '../panels/BreakItMenu';

// How long (wall ms) the line saying what was done stays over the drawing.
const STATUS_MS = 5000;

/**
 * The cluster's own menu on the diagram's toolbar: add a worker (kubeadm join) or remove one
 * (kubectl delete node), as the engine's faultsFor(cluster, 'cluster') offers them.
 */
export function ClusterMenu() {
  return (
    <Panel position="top-left" className="cluster-menu-panel">
      <BreakItMenu
        target="cluster"
        label="Cluster"
        menuLabel="Add or remove a worker"
        className="cluster-menu"
        statusMs={STATUS_MS}
      />
    </Panel>
  );
}
