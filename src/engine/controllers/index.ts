import type { ControllerFactory } from './controller';
import { daemonSetController } from './daemonset';
import { DeploymentController } from './deployment';
import { endpointsController } from './endpoint';
import { endpointSliceController } from './endpointslice';
import { GarbageCollector } from './garbage-collector';
import { jobController } from './job';
import { ttlAfterFinishedController } from './job-ttl-after-finished';
import { NamespaceController } from './namespace';
import { NodeIpamController } from './nodeipam';
import { nodeLifecycleController } from './nodelifecycle';
import { taintEvictionController } from './nodelifecycle-taint-eviction';
import { PodGCController } from './podgc';
import { ReplicaSetController } from './replicaset';
import { ServiceAccountController } from './serviceaccount';
import { statefulSetController } from './statefulset';

const nodeIpamController: ControllerFactory = () => new NodeIpamController();

/**
 * The controllers kube-controller-manager runs, in its start order
 * (cmd/kube-controller-manager/app/controllermanager.go NewControllerDescriptors).
 * Each controller lives in its own file and adds itself here.
 */
export const defaultControllers: ControllerFactory[] = [
  endpointsController,
  endpointSliceController,
  () => new PodGCController(),
  () => new NamespaceController(),
  () => new ServiceAccountController(),
  () => new GarbageCollector(),
  daemonSetController,
  jobController,
  () => new DeploymentController(),
  () => new ReplicaSetController(),
  statefulSetController,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  ttlAfterFinishedController,
];

/**
 * defaultControllers with the node IPAM over another cluster CIDR (kubeadm's
 * networking.podSubnet, passed as --cluster-cidr): a /16 holds only 256 nodes' /24s.
 */
export function controllersWithClusterCIDR(clusterCIDR: string): ControllerFactory[] {
  return defaultControllers.map((f) =>
    f === nodeIpamController ? () => new NodeIpamController(clusterCIDR) : f,
  );
}
