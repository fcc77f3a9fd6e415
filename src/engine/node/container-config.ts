// The environment a container starts with (kubelet_pods.go makeEnvironmentVariables): env
// values, ConfigMap/Secret keys and envFrom, read from the apiserver as the kubelet's Get
// strategy does. A missing non-optional source is CreateContainerConfigError.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import type { RestClient } from '../client/rest-client';
import { decodeBase64 } from '../util/base64';

export type ConfigResult =
  { ok: true; env: Record<string, string> } | { ok: false; message: string };

interface SourceRef {
  kind: 'configmap' | 'secret';
  name: string;
  optional: boolean;
}

function sourcesOf(pod: Pod, c: Container): SourceRef[] {
  const refs: SourceRef[] = [];
  for (const e of c.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (cm?.name) refs.push({ kind: 'configmap', name: cm.name, optional: cm.optional ?? false });
    if (sec?.name) refs.push({ kind: 'secret', name: sec.name, optional: sec.optional ?? false });
  }
  for (const f of c.envFrom ?? []) {
    if (f.configMapRef?.name) {
      refs.push({
        kind: 'configmap',
        name: f.configMapRef.name,
        optional: f.configMapRef.optional ?? false,
      });
    }
    if (f.secretRef?.name) {
      refs.push({
        kind: 'secret',
        name: f.secretRef.name,
        optional: f.secretRef.optional ?? false,
      });
    }
  }
  // Volumes a container mounts (the volume manager waits for them, then fails the same way).
  const mounted = new Set((c.volumeMounts ?? []).map((m) => m.name));
  for (const v of pod.spec?.volumes ?? []) {
    if (!mounted.has(v.name)) continue;
    if (v.configMap?.name)
      refs.push({
        kind: 'configmap',
        name: v.configMap.name,
        optional: v.configMap.optional ?? false,
      });
    if (v.secret?.secretName)
      refs.push({
        kind: 'secret',
        name: v.secret.secretName,
        optional: v.secret.optional ?? false,
      });
  }
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.kind}/${r.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Reads every ConfigMap and Secret the container needs, then builds its environment. */
export function resolveContainerEnv(
  client: RestClient,
  pod: Pod,
  c: Container,
  trace: string | undefined,
  done: (r: ConfigResult) => void,
): void {
  const namespace = pod.metadata?.namespace ?? 'default';
  const refs = sourcesOf(pod, c);
  const objects = new Map<string, KubeObject | undefined>();
  let pending = refs.length;
  const finish = () => done(buildEnv(namespace, c, refs, objects));
  if (pending === 0) return finish();
  for (const r of refs) {
    const plural = r.kind === 'configmap' ? 'configmaps' : 'secrets';
    client.request(
      { method: 'GET', path: `/api/v1/namespaces/${namespace}/${plural}/${r.name}` },
      (res) => {
        objects.set(
          `${r.kind}/${r.name}`,
          res.ok && res.response.status === 200 ? (res.response.body as KubeObject) : undefined,
        );
        if (--pending === 0) finish();
      },
      { trace },
    );
  }
}

function dataOf(obj: KubeObject | undefined, kind: 'configmap' | 'secret'): Record<string, string> {
  const data = (obj?.data ?? {}) as Record<string, string>;
  if (kind === 'configmap') return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, decodeBase64(v)]));
}

function buildEnv(
  namespace: string,
  c: Container,
  refs: SourceRef[],
  objects: Map<string, KubeObject | undefined>,
): ConfigResult {
  for (const r of refs) {
    // pkg/kubelet/kubelet_pods.go: `configmap "x" not found` / `secret "x" not found`
    if (!objects.get(`${r.kind}/${r.name}`) && !r.optional) {
      return { ok: false, message: `${r.kind} "${r.name}" not found` };
    }
  }
  const env: Record<string, string> = {};
  for (const f of c.envFrom ?? []) {
    const kind = f.configMapRef ? 'configmap' : 'secret';
    const name = f.configMapRef?.name ?? f.secretRef?.name ?? '';
    for (const [k, v] of Object.entries(dataOf(objects.get(`${kind}/${name}`), kind)))
      env[`${f.prefix ?? ''}${k}`] = v;
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    const ref = cm ?? sec;
    if (!ref) {
      if (!e.valueFrom) env[e.name] = e.value ?? '';
      continue;
    }
    const kind = cm ? 'configmap' : 'secret';
    const data = dataOf(objects.get(`${kind}/${ref.name}`), kind);
    if (data[ref.key] === undefined) {
      if (ref.optional) continue;
      const what = cm ? 'ConfigMap' : 'Secret';
      return {
        ok: false,
        message: `couldn't find key ${ref.key} in ${what} ${namespace}/${ref.name}`,
      };
    }
    env[e.name] = data[ref.key];
  }
  return { ok: true, env };
}
