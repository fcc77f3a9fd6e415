// Pod and PodSpec validation (kubernetes pkg/apis/core/validation/validation.go ValidatePodSpec,
// validateContainers, ValidatePodCreate, ValidatePodUpdate), for the fields the simulation uses.
import type { Container, ContainerPort, Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import { duplicate, fieldPath, forbidden, invalid, notSupported, required } from '../field';
import type { FieldError, Path } from '../field';
import { validateLabels } from './labels';
import {
  inclusiveRangeError,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateDNS1123Label,
} from './names';
import {
  canonicalJson,
  sameJson,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta';
import { validateResourceRequirements } from './resources';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP']; // sets.List(supportedPortProtocols), sorted
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never']; // sets.List, sorted
const MAX_INT32 = 2147483647;

function validatePorts(ports: ContainerPort[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = path.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(p.child('name'), port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(p.child('name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(p.child('containerPort')));
    else
      for (const m of isValidPortNum(port.containerPort))
        errs.push(invalid(p.child('containerPort'), port.containerPort, m));
    if (port.hostPort)
      for (const m of isValidPortNum(port.hostPort))
        errs.push(invalid(p.child('hostPort'), port.hostPort, m));
    if (!port.protocol) errs.push(required(p.child('protocol')));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(p.child('protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

// validateContainerCommon: name, image, ports, resources, pull policy
function validateContainer(c: Container, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(path.child('name')));
  else errs.push(...validateDNS1123Label(c.name, path.child('name')));
  if (!c.image) errs.push(required(path.child('image')));
  errs.push(...validatePorts(c.ports, path.child('ports')));
  errs.push(...validateResourceRequirements(c.resources, path.child('resources')));
  if (!c.imagePullPolicy) errs.push(required(path.child('imagePullPolicy')));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy))
    errs.push(notSupported(path.child('imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
  return errs;
}

function validateContainers(
  containers: Container[] | undefined,
  path: Path,
  needOne: boolean,
): FieldError[] {
  if (needOne && (containers ?? []).length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (containers ?? []).forEach((c, i) => {
    errs.push(...validateContainer(c, path.index(i)));
    if (c.name && names.has(c.name)) errs.push(duplicate(path.index(i).child('name'), c.name));
    else if (c.name) names.add(c.name);
  });
  return errs;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

// ValidateTolerations: operator values, Exists without value, effect values
function validateTolerations(tolerations: Toleration[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = path.index(i);
    if (!t.key && t.operator !== 'Exists')
      errs.push(
        invalid(
          p.child('operator'),
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      errs.push(
        invalid(
          p.child('effect'),
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (t.operator === 'Exists' && t.value)
      errs.push(
        invalid(p.child('operator'), t.value, "value must be empty when `operator` is 'Exists'"),
      );
    else if (t.operator && t.operator !== 'Equal' && t.operator !== 'Exists')
      errs.push(notSupported(p.child('operator'), t.operator, ['Equal', 'Exists']));
    if (t.effect && !EFFECTS.includes(t.effect))
      errs.push(notSupported(p.child('effect'), t.effect, EFFECTS));
  });
  return errs;
}

/** ValidatePodSpec for a (defaulted) spec at `path`. */
export function validatePodSpec(spec: PodSpec | undefined, path: Path): FieldError[] {
  const s = spec ?? ({ containers: [] } as PodSpec);
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined)
    errs.push(required(path.child('terminationGracePeriodSeconds')));
  errs.push(...validateContainers(s.containers, path.child('containers'), true));
  errs.push(...validateContainers(s.initContainers, path.child('initContainers'), false));
  if (!s.restartPolicy) errs.push(required(path.child('restartPolicy')));
  else if (!RESTART_POLICIES.includes(s.restartPolicy))
    errs.push(notSupported(path.child('restartPolicy'), s.restartPolicy, RESTART_POLICIES));
  if (!s.dnsPolicy) errs.push(required(path.child('dnsPolicy')));
  else if (!DNS_POLICIES.includes(s.dnsPolicy))
    errs.push(notSupported(path.child('dnsPolicy'), s.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, path.child('nodeSelector')));
  if (s.serviceAccountName)
    for (const m of isDNS1123Subdomain(s.serviceAccountName))
      errs.push(invalid(path.child('serviceAccountName'), s.serviceAccountName, m));
  if (s.nodeName)
    for (const m of isDNS1123Subdomain(s.nodeName))
      errs.push(invalid(path.child('nodeName'), s.nodeName, m));
  if (
    s.activeDeadlineSeconds !== undefined &&
    (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32)
  )
    errs.push(
      invalid(
        path.child('activeDeadlineSeconds'),
        s.activeDeadlineSeconds,
        inclusiveRangeError(1, MAX_INT32),
      ),
    );
  if (s.hostname) errs.push(...validateDNS1123Label(s.hostname, path.child('hostname')));
  if (s.subdomain) errs.push(...validateDNS1123Label(s.subdomain, path.child('subdomain')));
  errs.push(...validateTolerations(s.tolerations, path.child('tolerations')));
  if (s.priorityClassName)
    for (const m of isDNS1123Subdomain(s.priorityClassName))
      errs.push(invalid(path.child('priorityClassName'), s.priorityClassName, m));
  return errs;
}

/** ValidatePodCreate: metadata, spec, and create-only rules. */
export function validatePodCreate(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  errs.push(...validatePodSpec(pod.spec, fieldPath('spec')));
  (pod.spec?.containers ?? []).forEach((c, i) => {
    // validateContainerOnlyForPod
    if (c.image && c.image.trim() !== c.image)
      errs.push(
        invalid(
          fieldPath('spec', 'containers').index(i).child('image'),
          c.image,
          'must not have leading or trailing whitespace',
        ),
      );
  });
  if ((pod.spec?.ephemeralContainers ?? []).length > 0)
    errs.push(forbidden(fieldPath('spec', 'ephemeralContainers'), 'cannot be set on create'));
  if (pod.spec?.nodeName && (pod.spec.schedulingGates ?? []).length > 0)
    errs.push(
      forbidden(
        fieldPath('spec', 'nodeName'),
        'cannot be set until all schedulingGates have been cleared',
      ),
    );
  return errs;
}

// The forbidden-update message of a v1.27–v1.32 apiserver (wording varies across releases).
const POD_UPDATE_MSG =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const json = canonicalJson;
const goName = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);

// A short rendering of what changed; upstream appends a go-cmp diff of core.PodSpec, which
// this approximates field by field (simplified).
function specDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = ['  core.PodSpec{'];
  for (const k of keys) {
    const o = (oldSpec as unknown as Record<string, unknown>)[k];
    const n = (newSpec as unknown as Record<string, unknown>)[k];
    if (json(o) === json(n)) continue;
    if (o !== undefined) lines.push(`- \t${goName(k)}: ${json(o)},`);
    if (n !== undefined) lines.push(`+ \t${goName(k)}: ${json(n)},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

// validateOnlyAddedTolerations compares the whole toleration but its tolerationSeconds (field
// by field: most pairs differ, and a canonical-JSON comparison would serialize both)
function sameTolerationButSeconds(a: Toleration, b: Toleration): boolean {
  return (
    a.key === b.key && a.operator === b.operator && a.value === b.value && a.effect === b.effect
  );
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and grace may change. */
export function validatePodUpdate(newPod: Pod, oldPod: Pod): FieldError[] {
  const specPath = fieldPath('spec');
  const errs = validateObjectMetaUpdate(newPod.metadata, oldPod.metadata, fieldPath('metadata'));
  errs.push(...validatePodSpec(newPod.spec, specPath));
  const n = newPod.spec ?? ({ containers: [] } as PodSpec);
  const o = oldPod.spec ?? ({ containers: [] } as PodSpec);
  for (const key of ['containers', 'initContainers'] as const) {
    if ((n[key] ?? []).length !== (o[key] ?? []).length) {
      errs.push(forbidden(specPath.child(key), 'pod updates may not add or remove containers'));
      return errs;
    }
  }
  if (n.activeDeadlineSeconds !== undefined) {
    if (n.activeDeadlineSeconds < 0 || n.activeDeadlineSeconds > MAX_INT32) {
      errs.push(
        invalid(
          specPath.child('activeDeadlineSeconds'),
          n.activeDeadlineSeconds,
          inclusiveRangeError(0, MAX_INT32),
        ),
      );
      return errs;
    }
    if (
      o.activeDeadlineSeconds !== undefined &&
      o.activeDeadlineSeconds < n.activeDeadlineSeconds
    ) {
      errs.push(
        invalid(
          specPath.child('activeDeadlineSeconds'),
          n.activeDeadlineSeconds,
          'must be less than or equal to previous value',
        ),
      );
      return errs;
    }
  } else if (o.activeDeadlineSeconds !== undefined) {
    errs.push(
      invalid(
        specPath.child('activeDeadlineSeconds'),
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }
  // validateOnlyAddedTolerations
  const newTols = n.tolerations ?? [];
  for (const t of o.tolerations ?? []) {
    if (!newTols.some((nt) => sameTolerationButSeconds(nt, t))) {
      errs.push(
        forbidden(
          specPath.child('tolerations'),
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      );
      break;
    }
  }
  // munge the mutable fields from the new spec into the old one, then compare
  // a shallow copy: only top-level fields are replaced below, nothing in it is mutated
  const munged: PodSpec = { ...o };
  munged.containers = o.containers.map((c, i) => ({ ...c, image: n.containers[i].image }));
  if (o.initContainers)
    munged.initContainers = o.initContainers.map((c, i) => ({
      ...c,
      image: n.initContainers![i].image,
    }));
  munged.activeDeadlineSeconds = n.activeDeadlineSeconds;
  munged.tolerations = n.tolerations;
  if ((o.terminationGracePeriodSeconds ?? 0) < 0 && n.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = 1;
  if (!sameJson(munged, n)) {
    errs.push(forbidden(specPath, `${POD_UPDATE_MSG}\n${specDiff(munged, n)}`));
  }
  return errs;
}
