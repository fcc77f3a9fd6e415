// describe.go PodDescriber: `kubectl describe pod` — identity, placement, status, containers,
// conditions, volumes, QoS, scheduling constraints and the pod's events.
import type { EnvVar, Pod } from 'kubernetes-types/core/v1';
import { translateTimestampSince } from '../../api/printers/duration';
import type { KubeObject } from '../../api/types';
import { podQOSClass } from '../../apiserver/qos';
import { errorMessage, hasReason } from '../errors';
import type { DescribeContext } from './context';
import { describeContainers, describeResources } from './containers';
import type { EventLike } from './events';
import { describeEvents, searchEvents } from './events';
import {
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
} from './format';
import { describeTopologySpreadConstraints } from './pod-template';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer';
import { describeVolumes } from './volumes';

// fieldpath.ExtractFieldPathAsString: only metadata paths resolve (spec.nodeName, status.podIP
// and the like print empty, as in kubectl); whole label/annotation maps are not rendered here
function resolveFieldPath(pod: Pod, fieldPath: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (m) return pod.metadata?.[m[1] as 'labels' | 'annotations']?.[m[2]] ?? '';
  if (fieldPath === 'metadata.name') return pod.metadata?.name ?? '';
  if (fieldPath === 'metadata.namespace') return pod.metadata?.namespace ?? '';
  if (fieldPath === 'metadata.uid') return pod.metadata?.uid ?? '';
  return '';
}

/** kubectl util/qos GetPodQOS: the status's class if set, else computed from the spec. */
function podQOS(pod: Pod): string {
  return pod.status?.qosClass || podQOSClass(pod as unknown as KubeObject);
}

/** describe.go describePod: the text for one pod and its events (undefined: --show-events=false). */
export function describePod(pod: Pod, events: EventLike[] | undefined, now: number): string {
  return tabbedString((w) => {
    const spec = pod.spec;
    const status = pod.status ?? {};
    const meta = pod.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (spec?.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec?.priorityClassName)
      w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec?.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec?.serviceAccountName)
      w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec?.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, now)})\n`,
      );
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec?.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost')
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    if (!status.podIPs?.length) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = printController(meta as KubeObject['metadata']);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName)
      w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const podResources = (spec as { resources?: Parameters<typeof describeResources>[1] })
      ?.resources;
    if (podResources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(w, podResources, LEVEL_1);
    }
    const resolve = (e: EnvVar): string =>
      resolveFieldPath(pod, e.valueFrom?.fieldRef?.fieldPath ?? '');
    if (spec?.initContainers?.length)
      describeContainers(
        w,
        'Init Containers',
        spec.initContainers,
        status.initContainerStatuses,
        resolve,
        '',
      );
    describeContainers(w, 'Containers', spec?.containers, status.containerStatuses, resolve, '');
    if (spec?.ephemeralContainers?.length)
      describeContainers(
        w,
        'Ephemeral Containers',
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        resolve,
        '',
      );
    if (spec?.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = status.conditions?.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(w, spec?.volumes, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec?.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec?.tolerations);
    describeTopologySpreadConstraints(w, spec?.topologySpreadConstraints, '');
    if (events) describeEvents(w, events, now);
  });
}

// core/v1 MirrorPodAnnotationKey: a static pod's mirror carries the source pod's uid
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * describe.go PodDescriber.Describe: reads the pod and its events; a missing pod that still has
 * events prints them under `Pod 'x': error '…', but found events.`
 */
export function describePodByName(ctx: DescribeContext, namespace: string, name: string): string {
  let pod: Pod;
  try {
    pod = ctx.client.send({
      method: 'GET',
      path: `/api/v1/namespaces/${namespace}/pods/${name}`,
    }) as Pod;
  } catch (err) {
    if (ctx.showEvents && hasReason(err, 'NotFound')) {
      const events = searchEvents(ctx, { name, namespace });
      if (events.length > 0) {
        const message = errorMessage(err)
          .replace(/^Error from server \(NotFound\): /, '')
          .trim();
        return tabbedString((w) => {
          w.write(LEVEL_0, `Pod '${name}': error '${message}', but found events.\n`);
          describeEvents(w, events, ctx.now);
        });
      }
    }
    throw err;
  }
  let events: EventLike[] | undefined;
  if (ctx.showEvents) {
    const mirror = pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION];
    events = searchEvents(ctx, {
      name: pod.metadata?.name ?? name,
      namespace: pod.metadata?.namespace ?? namespace,
      uid: mirror ?? pod.metadata?.uid,
    });
  }
  return describePod(pod, events, ctx.now);
}
