import type { ControllerFactory } from './controller';
import { nodeLifecycleController } from './nodelifecycle';
import { taintEvictionController } from './nodelifecycle-taint-eviction';
import { ReplicaSetController } from './replicaset';

/**
 * The controllers kube-controller-manager runs, in its start order
 * (cmd/kube-controller-manager/app/controllermanager.go NewControllerDescriptors).
 * Each controller lives in its own file and adds itself here.
 */
export const defaultControllers: ControllerFactory[] = [
  () => new ReplicaSetController(),
  nodeLifecycleController,
  taintEvictionController,
];
