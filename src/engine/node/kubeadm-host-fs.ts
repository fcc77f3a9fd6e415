import { sortKeys, toYaml } from '../kubectl/encode';
import { HostFs } from './host-fs';
import type { ControlPlaneNode } from './static-pods';
import { kubeadmManifests } from './static-pods';
import { STATIC_POD_PATH } from './static-pod-source';

/**
 * A node's files as `kubeadm init`/`join` leaves them for the kubelet: on a control plane the
 * four static pod manifests in /etc/kubernetes/manifests (kubeadm writes them as YAML).
 *
 *   kubeadmHostFs(plan, cps).list('/etc/kubernetes/manifests'); // ['etcd.yaml', …]
 */
export function kubeadmHostFs(
  node: { name: string; ip: string; controlPlane: boolean },
  controlPlanes: readonly ControlPlaneNode['peers'][number][],
): HostFs {
  const fs = new HostFs();
  if (!node.controlPlane) return fs;
  const manifests = kubeadmManifests({ ...node, peers: [...controlPlanes] });
  // written as YAML when first read; the kubelet gets what parsing that YAML would give
  for (const [file, pod] of Object.entries(manifests)) {
    fs.write(`${STATIC_POD_PATH}/${file}`, () => toYaml(pod), { value: [sortKeys(pod)] });
  }
  return fs;
}
