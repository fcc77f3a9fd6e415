// Defaults for everything that embeds a PodSpec (pods and pod templates), from kubernetes
// pkg/apis/core/v1/defaults.go and the generated zz_generated.defaults.go walk.
import type { Container, PodSpec, Probe, Volume } from 'kubernetes-types/core/v1';
import { quantityString, roundUpToMilli, tryParseQuantity } from '../quantity';
import { imageTag } from './image';

// SetDefaults_Probe
function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  if (p.httpGet) {
    // SetDefaults_HTTPGetAction
    p.httpGet.path ||= '/';
    p.httpGet.scheme ||= 'HTTP';
  }
}

// SetDefaults_ResourceList: every value rounded up to milli scale
function roundResourceList(list: Record<string, unknown> | undefined): void {
  if (!list) return;
  for (const [k, v] of Object.entries(list)) {
    const q = typeof v === 'string' ? tryParseQuantity(v) : undefined;
    if (q && q.scale < -3) list[k] = quantityString(roundUpToMilli(q));
  }
}

/** SetDefaults_Container (+ its ports, probes, env and resource lists). */
export function defaultContainer(c: Container): void {
  // PullAlways for an explicit or implied :latest tag, else PullIfNotPresent
  c.imagePullPolicy ||= imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log'; // TerminationMessagePathDefault
  c.terminationMessagePolicy ||= 'File'; // TerminationMessageReadFile
  for (const port of c.ports ?? []) port.protocol ||= 'TCP';
  for (const env of c.env ?? []) {
    // SetDefaults_ObjectFieldSelector
    if (env.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ||= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  // a non-pointer struct: it always serialises, as `resources: {}` when empty
  c.resources ??= {};
  roundResourceList(c.resources.limits as Record<string, unknown> | undefined);
  roundResourceList(c.resources.requests as Record<string, unknown> | undefined);
}

const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'secret',
  'configMap',
  'persistentVolumeClaim',
  'projected',
  'downwardAPI',
  'nfs',
  'csi',
  'ephemeral',
  'image',
  'iscsi',
  'glusterfs',
  'rbd',
  'cephfs',
  'cinder',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'azureDisk',
  'vsphereVolume',
  'quobyte',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
] as const;

// SetDefaults_Volume and the per-source defaults (mode 0644 = 420)
function defaultVolume(v: Volume): void {
  if (!VOLUME_SOURCES.some((s) => (v as unknown as Record<string, unknown>)[s] !== undefined))
    v.emptyDir = {};
  if (v.secret) v.secret.defaultMode ??= 420;
  if (v.configMap) v.configMap.defaultMode ??= 420;
  if (v.downwardAPI) v.downwardAPI.defaultMode ??= 420;
  if (v.projected) {
    v.projected.defaultMode ??= 420;
    for (const src of v.projected.sources ?? []) {
      if (src.serviceAccountToken) src.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  if (v.hostPath) v.hostPath.type ??= '';
}

/** SetDefaults_PodSpec and the nested container/volume defaults; mutates `spec`. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30; // DefaultTerminationGracePeriodSeconds
  spec.schedulerName ||= 'default-scheduler'; // DefaultSchedulerName
  for (const v of spec.volumes ?? []) defaultVolume(v);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c as Container);
}
