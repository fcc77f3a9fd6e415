// describe.go describeContainers: each container's image, ports, state, resources, probes,
// environment and mounts, for pods (with statuses) and pod templates (without).
import type {
  Container,
  ContainerState,
  ContainerStatus,
  EnvVar,
  Probe,
} from 'kubernetes-types/core/v1';
import { joinHostPort } from '../../api/printers/format';
import { parseQuantity, quantityString, tryParseQuantity } from '../../api/quantity';
import { printBool, rfc1123z, stringOrNone } from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';

/** Resolves an env var's fieldRef against the pod (describe.go EnvValueRetriever). */
export type EnvVarResolver = (e: EnvVar) => string;

function quantity(text: string): string {
  const q = tryParseQuantity(text);
  return q ? quantityString(q) : text;
}

function describeContainerPorts(container: Container): { ports: string; hostPorts: string } {
  const list = container.ports ?? [];
  return {
    ports: list.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '),
    hostPorts: list.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', '),
  };
}

function describeBasicInfo(
  w: PrefixWriter,
  container: Container,
  status: ContainerStatus | undefined,
  space: string,
): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${container.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${container.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const { ports, hostPorts } = describeContainerPorts(container);
  if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = container.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost')
      w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeCommand(w: PrefixWriter, container: Container): void {
  for (const [title, list] of [
    ['Command', container.command],
    ['Args', container.args],
  ] as const) {
    if (!list?.length) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const c of list) for (const s of c.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

function describeState(w: PrefixWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(LEVEL_2, `${name}:\tWaiting\n`);
}

/** describe.go describeResources: Limits then Requests, resource names sorted. */
export function describeResources(
  w: PrefixWriter,
  resources: { limits?: Record<string, string>; requests?: Record<string, string> } | undefined,
  level: number,
): void {
  for (const [title, list] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${quantity(list![n])}\n`);
  }
}

/** describe.go DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s …`. */
export function describeProbe(p: Probe): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s ` +
    `period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} ` +
    `#failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = port ? joinHostPort(p.httpGet.host ?? '', port) : (p.httpGet.host ?? '');
    let path = p.httpGet.path ?? '';
    // net/url adds the slash between a host and a relative path
    if (path && !path.startsWith('/') && host) path = `/${path}`;
    return `http-get ${(p.httpGet.scheme ?? '').toLowerCase()}://${host}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeProbes(w: PrefixWriter, c: Container): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeEnvFrom(w: PrefixWriter, c: Container): void {
  if (!c.envFrom?.length) return;
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (e.prefix)
      w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
  }
}

// resourcehelper.ExtractContainerResourceValue: the value divided by the divisor, rounded up
function containerResourceValue(c: Container, resource: string, divisor?: string): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const raw = c.resources?.[kind]?.[name];
  if (raw === undefined) return '0';
  try {
    const value = parseQuantity(raw);
    const div = parseQuantity(divisor ?? '1');
    if (name === 'cpu') {
      const milli = Number(value.mantissa) * 10 ** (value.scale + 3);
      const d = Number(div.mantissa) * 10 ** (div.scale + 3);
      return String(Math.ceil(milli / d));
    }
    const v = Number(value.mantissa) * 10 ** value.scale;
    const d = Number(div.mantissa) * 10 ** div.scale;
    return String(Math.ceil(v / d));
  } catch {
    return '';
  }
}

function describeEnv(w: PrefixWriter, c: Container, resolve: EnvVarResolver | undefined): void {
  w.write(LEVEL_2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((s, i) => {
        w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
      });
    } else if (from.fieldRef) {
      const value = resolve ? resolve(e) : '';
      w.write(
        LEVEL_3,
        `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`,
      );
    } else if (from.resourceFieldRef) {
      const res = from.resourceFieldRef.resource;
      let value = containerResourceValue(c, res, from.resourceFieldRef.divisor as string);
      if (value === '0' && (res === 'limits.cpu' || res === 'limits.memory'))
        value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${res})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`,
      );
    }
  }
}

function describeMounts(w: PrefixWriter, c: Container): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  w.write(LEVEL_2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = [...(c.volumeDevices ?? [])].sort((a, b) =>
    a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0,
  );
  if (devices.length > 0) {
    w.write(LEVEL_2, 'Devices:\n');
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * describe.go describeContainers: `Containers:` (or `Init Containers:`) and one block per
 * container; `space` is the pod template's extra indentation ('' for a pod).
 */
export function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: readonly Container[] | undefined,
  statuses: readonly ContainerStatus[] | undefined,
  resolve: EnvVarResolver | undefined,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers?.length ? '' : ' <none>'}\n`);
  for (const c of containers ?? []) {
    const status = byName.get(c.name);
    describeBasicInfo(w, c, status, space);
    describeCommand(w, c);
    if (status) {
      describeState(w, 'State', status.state);
      if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources as never, LEVEL_2);
    describeProbes(w, c);
    describeEnvFrom(w, c);
    describeEnv(w, c, resolve);
    describeMounts(w, c);
  }
}
