// Faults of pods and their containers: deletion through the API, crashes and OOM kills in the
// node's containerd, and applications whose health checks start failing, so the kubelet's
// probes, restart backoff and the endpoints controllers react as they really do.
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { probePort } from '../node/pod-worker';
import { Containerd } from '../node/runtime';
import type { HealthCheck } from '../node/runtime';
import type { Cluster } from './cluster';
import type { FaultChoice, FaultResult } from './faults';

/** A pod (`namespace/name`) and optionally one of its containers (default: the first). */
export interface ContainerFault {
  op: 'delete-pod' | 'crash' | 'oom' | 'fail-liveness' | 'fail-readiness' | 'heal-probes';
  pod: string;
  container?: string;
  /** the crash's exit code (default 1) */
  exitCode?: number;
}

// The probe faults in force per cluster: `namespace/pod/container` → the probe kinds failing.
const failing = new WeakMap<Cluster, Map<string, Set<'liveness' | 'readiness'>>>();

/** Applies a pod or container fault; throws when the pod or container is not there. */
export function applyContainerFault(cluster: Cluster, fault: ContainerFault): FaultResult {
  const { namespace, name, pod } = requirePod(cluster, fault.pod);
  if (fault.op === 'delete-pod') {
    // kubectl delete pod returns once the API has accepted it; the kubelet's grace follows
    return cluster.kubectl(`delete pod ${name} -n ${namespace} --wait=false`);
  }
  const container = requireContainer(pod, fault);
  switch (fault.op) {
    case 'crash':
    case 'oom': {
      const runtime = runtimeOf(cluster, pod);
      const done =
        fault.op === 'crash'
          ? runtime?.crashContainer(namespace, name, container.name, fault.exitCode ?? 1)
          : runtime?.oomKillContainer(namespace, name, container.name);
      if (!done) throw new Error(`container ${container.name} of pod ${fault.pod} is not running`);
      cluster.advance(0);
      return undefined;
    }
    case 'fail-liveness':
    case 'fail-readiness': {
      const kind = fault.op === 'fail-liveness' ? 'liveness' : 'readiness';
      const check = healthCheckOf(container, probeOf(container, kind));
      if (!check) throw new Error(`container ${container.name} has no ${kind} probe`);
      setFailing(cluster, pod, container, kind, check, true);
      return undefined;
    }
    case 'heal-probes':
      for (const kind of ['liveness', 'readiness'] as const) {
        const check = healthCheckOf(container, probeOf(container, kind));
        if (check) setFailing(cluster, pod, container, kind, check, false);
      }
      return undefined;
  }
}

/** The failure menu of a pod: `namespace/name`. */
export function containerFaultChoices(cluster: Cluster, ref: string): FaultChoice[] {
  const [namespace, name] = ref.split('/');
  const pod = name ? cluster.get('pods', name, namespace) : undefined;
  if (!pod) return [];
  const spec = (pod as unknown as Pod).spec;
  const containers = spec?.containers ?? [];
  const statuses = (pod as unknown as Pod).status?.containerStatuses ?? [];
  const terminating = pod.metadata.deletionTimestamp ? `${ref} is terminating` : undefined;
  const choices: FaultChoice[] = [choice({ op: 'delete-pod', pod: ref }, terminating)];
  for (const c of containers) {
    // name the container only when there are several to choose from
    const container = containers.length > 1 ? c.name : undefined;
    const running = statuses.find((s) => s.name === c.name)?.state?.running;
    const notRunning = running ? undefined : `container ${c.name} is not running`;
    const probes = failing.get(cluster)?.get(key(pod, c.name));
    choices.push(
      choice({ op: 'crash', pod: ref, container, exitCode: 1 }, notRunning),
      choice({ op: 'oom', pod: ref, container }, notRunning),
      choice(
        { op: 'fail-liveness', pod: ref, container },
        !healthCheckOf(c, c.livenessProbe)
          ? `container ${c.name} has no liveness probe`
          : probes?.has('liveness')
            ? 'its liveness probe is already failing'
            : undefined,
      ),
      choice(
        { op: 'fail-readiness', pod: ref, container },
        !healthCheckOf(c, c.readinessProbe)
          ? `container ${c.name} has no readiness probe`
          : probes?.has('readiness')
            ? 'its readiness probe is already failing'
            : undefined,
      ),
      choice(
        { op: 'heal-probes', pod: ref, container },
        probes?.size ? undefined : 'no probe of it is failing',
      ),
    );
  }
  return choices;
}

/** Whether a fault made this pod's container's probe fail (and it was not healed since). */
export function probeFailing(
  cluster: Cluster,
  pod: string,
  container: string,
  kind: 'liveness' | 'readiness',
): boolean {
  return failing.get(cluster)?.get(`${pod}/${container}`)?.has(kind) ?? false;
}

function choice(fault: ContainerFault, disabled?: string): FaultChoice {
  return { label: labelOf(fault), fault, ...(disabled ? { disabled } : {}) };
}

function labelOf(fault: ContainerFault): string {
  const what = fault.container ? `container ${fault.container}` : 'the container';
  switch (fault.op) {
    case 'delete-pod':
      return 'Delete the pod';
    case 'crash':
      return `Crash ${what} (exit code ${fault.exitCode ?? 1})`;
    case 'oom':
      return `Exceed the memory limit of ${what} (OOMKilled)`;
    case 'fail-liveness':
      return `Make the liveness probe of ${what} fail`;
    case 'fail-readiness':
      return `Make the readiness probe of ${what} fail`;
    case 'heal-probes':
      return `Make the probes of ${what} pass again`;
  }
}

function setFailing(
  cluster: Cluster,
  pod: KubeObject,
  container: Container,
  kind: 'liveness' | 'readiness',
  check: HealthCheck,
  on: boolean,
): void {
  const byPod = failing.get(cluster) ?? new Map<string, Set<'liveness' | 'readiness'>>();
  failing.set(cluster, byPod);
  const kinds = byPod.get(key(pod, container.name)) ?? new Set();
  if (on) kinds.add(kind);
  else kinds.delete(kind);
  byPod.set(key(pod, container.name), kinds);
  // the application's endpoint misbehaves wherever it runs: on its node's containerd
  runtimeOf(cluster, pod)?.setHealthCheckFailing(
    pod.metadata.namespace ?? 'default',
    pod.metadata.name ?? '',
    container.name,
    check,
    on,
  );
}

function key(pod: KubeObject, container: string): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}/${container}`;
}

function probeOf(c: Container, kind: 'liveness' | 'readiness'): Probe | undefined {
  return kind === 'liveness' ? c.livenessProbe : c.readinessProbe;
}

/** What a probe checks, as the application sees it; gRPC probes are not simulated. */
function healthCheckOf(c: Container, probe: Probe | undefined): HealthCheck | undefined {
  if (probe?.httpGet) {
    return { http: probePort(c, probe.httpGet.port), path: probe.httpGet.path ?? '/' };
  }
  if (probe?.tcpSocket) return { tcp: probePort(c, probe.tcpSocket.port) };
  if (probe?.exec) return { exec: probe.exec.command ?? [] };
  return undefined;
}

function requirePod(
  cluster: Cluster,
  ref: string,
): { namespace: string; name: string; pod: KubeObject } {
  const [namespace, name, extra] = ref.split('/');
  if (!namespace || !name || extra !== undefined) {
    throw new Error(`a pod is named namespace/name, got ${ref}`);
  }
  const pod = cluster.get('pods', name, namespace);
  if (!pod) throw new Error(`no pod named ${ref}`);
  return { namespace, name, pod };
}

function requireContainer(pod: KubeObject, fault: ContainerFault): Container {
  const containers = (pod as unknown as Pod).spec?.containers ?? [];
  const c = fault.container ? containers.find((x) => x.name === fault.container) : containers[0];
  if (!c) throw new Error(`pod ${fault.pod} has no container ${fault.container ?? ''}`.trim());
  return c;
}

function runtimeOf(cluster: Cluster, pod: KubeObject): Containerd | undefined {
  const node = (pod as unknown as Pod).spec?.nodeName;
  const p = cluster.components().find((x) => x.id === `containerd@${node}`);
  return p instanceof Containerd ? p : undefined;
}
