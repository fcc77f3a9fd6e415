import type { ControllerFactory } from './controller';
import { endpointsController } from './endpoint';
import { endpointSliceController } from './endpointslice';
import { nodeLifecycleController } from './nodelifecycle';
import { taintEvictionController } from './nodelifecycle-taint-eviction';
import { DeploymentController } from './deployment';
import { ReplicaSetController } from './replicaset';

/**
 * The controllers kube-controller-manager runs, in its start order
 * (cmd/kube-controller-manager/app/controllermanager.go NewControllerDescriptors).
 * Each controller lives in its own file and adds itself here.
 */
export const defaultControllers: ControllerFactory[] = [
  endpointsController,
  endpointSliceController,
  () => new DeploymentController(),
  () => new ReplicaSetController(),
  nodeLifecycleController,
  taintEvictionController,
];
