import type { ApiResponse, Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';

/**
 * A booted cluster with no workers: the control plane's NoSchedule taint keeps test pods
 * unscheduled, so these API tests see exactly what they wrote.
 */
export function cluster(seed = 1, controlPlaneNodes = 1): Cluster {
  return createCluster({ seed, controlPlaneNodes, workers: 0 });
}

export function pod(
  name: string,
  extra: Partial<{ labels: Record<string, string>; image: string }> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    // A scheduler of its own name keeps default-scheduler (and so the kubelets) off these pods.
    spec: {
      schedulerName: 'api-tests',
      containers: [{ name: 'app', image: extra.image ?? 'nginx:1.27' }],
    },
  };
}

export function createPod(c: Cluster, p: KubeObject, namespace = 'default'): ApiResponse {
  return c.request({ method: 'POST', path: `/api/v1/namespaces/${namespace}/pods`, body: p });
}

export function message(res: ApiResponse): string | undefined {
  return (res.body as { message?: string }).message;
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
