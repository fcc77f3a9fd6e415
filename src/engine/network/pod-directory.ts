import type { KubeObject } from '../api/types';

/** A running pod's place on the data path. */
export interface PodAddress {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  labels: Record<string, string>;
  /** every container of the pod is running (a crashed or restarting one serves nothing) */
  running: boolean;
}

/**
 * The data plane's view of pods: which address lives in which pod on which node (the routes
 * and network namespaces the CNI plugin sets up), read from the pods' stored status.
 */
export class PodDirectory {
  private readonly byIP = new Map<string, PodAddress>();
  private readonly byName = new Map<string, PodAddress>();

  constructor(pods: readonly KubeObject[]) {
    for (const pod of pods) {
      const spec = (pod.spec ?? {}) as { nodeName?: string; hostNetwork?: boolean };
      const status = (pod.status ?? {}) as {
        podIP?: string;
        phase?: string;
        containerStatuses?: { state?: { running?: unknown } }[];
      };
      if (!spec.nodeName || !status.podIP) continue;
      if (status.phase === 'Succeeded' || status.phase === 'Failed') continue;
      const entry: PodAddress = {
        namespace: pod.metadata.namespace ?? 'default',
        name: pod.metadata.name!,
        node: spec.nodeName,
        ip: status.podIP,
        labels: pod.metadata.labels ?? {},
        running: (status.containerStatuses ?? []).every((c) => c.state?.running !== undefined),
      };
      this.byName.set(`${entry.namespace}/${entry.name}`, entry);
      // Host-network pods share the node's address: they are not a separate destination.
      if (!spec.hostNetwork) this.byIP.set(entry.ip, entry);
    }
  }

  byAddress(ip: string): PodAddress | undefined {
    return this.byIP.get(ip);
  }

  pod(namespace: string, name: string): PodAddress | undefined {
    return this.byName.get(`${namespace}/${name}`);
  }

  /** Pods of a namespace whose labels include `selector`. */
  select(namespace: string, selector: Record<string, string>): PodAddress[] {
    return [...this.byName.values()].filter(
      (p) =>
        p.namespace === namespace && Object.entries(selector).every(([k, v]) => p.labels[k] === v),
    );
  }
}
