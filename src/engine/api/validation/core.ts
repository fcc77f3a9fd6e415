// Validation of the small core and coordination kinds: Namespace, ConfigMap, Secret, Node,
// Lease, Event, and metadata-only kinds (kubernetes pkg/apis/core/validation,
// pkg/apis/coordination/validation).
import type { ConfigMap, Event, Namespace, Node, Secret } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { KubeObject } from '../types';
import { fieldPath, forbidden, invalid, required, tooLong } from '../field';
import type { FieldError } from '../field';
import { isConfigMapKey, isDNS1123Subdomain, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import { validateImmutableField, validateObjectMeta } from './objectmeta';

const MAX_SECRET_SIZE = 1024 * 1024; // core.MaxSecretSize, also used for ConfigMaps

/** ValidateNamespace: names are DNS labels; cluster-scoped. */
export function validateNamespace(ns: Namespace): FieldError[] {
  return validateObjectMeta(ns.metadata, false, nameIsDNSLabel, fieldPath('metadata'));
}

function validateDataKeys(
  data: Record<string, string> | undefined,
  path: 'data' | 'binaryData' | 'stringData',
): [FieldError[], number] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const key of Object.keys(data ?? {}).sort()) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(fieldPath(path).key(key), key, m));
    size += data![key].length;
  }
  return [errs, size];
}

/** ValidateConfigMap: keys, no key in both data and binaryData, 1 MiB in total. */
export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const [dataErrs, dataSize] = validateDataKeys(cm.data, 'data');
  errs.push(...dataErrs);
  for (const key of Object.keys(cm.data ?? {}).sort())
    if (cm.binaryData && key in cm.binaryData)
      errs.push(invalid(fieldPath('data').key(key), key, 'duplicate of key present in binaryData'));
  const [binErrs, binSize] = validateDataKeys(cm.binaryData, 'binaryData');
  errs.push(...binErrs);
  if (dataSize + binSize > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

/** ValidateSecret: keys, size, and the keys the typed secrets require. */
export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const [keyErrs, size] = validateDataKeys(secret.data, 'data');
  errs.push(...keyErrs);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong(fieldPath('data'), MAX_SECRET_SIZE));
  const data = secret.data ?? {};
  if (secret.type === 'kubernetes.io/tls') {
    if (!('tls.crt' in data)) errs.push(required(fieldPath('data').key('tls.crt')));
    if (!('tls.key' in data)) errs.push(required(fieldPath('data').key('tls.key')));
  }
  if (secret.type === 'kubernetes.io/dockerconfigjson' && !('.dockerconfigjson' in data))
    errs.push(required(fieldPath('data').key('.dockerconfigjson')));
  if (
    secret.type === 'kubernetes.io/service-account-token' &&
    !secret.metadata?.annotations?.['kubernetes.io/service-account.name']
  )
    errs.push(
      required(fieldPath('metadata', 'annotations').key('kubernetes.io/service-account.name')),
    );
  return errs;
}

/** ValidateSecretUpdate / ValidateConfigMapUpdate: type and immutable data. */
export function validateDataUpdate(obj: Secret | ConfigMap, old: Secret | ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  if ('type' in old || 'type' in obj)
    errs.push(
      ...validateImmutableField((obj as Secret).type, (old as Secret).type, fieldPath('type')),
    );
  if (old.immutable) {
    if (!obj.immutable)
      errs.push(forbidden(fieldPath('immutable'), 'field is immutable when `immutable` is set'));
    if (JSON.stringify(obj.data ?? {}) !== JSON.stringify(old.data ?? {}))
      errs.push(forbidden(fieldPath('data'), 'field is immutable when `immutable` is set'));
  }
  return errs;
}

/** ValidateNode: names are DNS subdomains; cluster-scoped; taint effects. */
export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain, fieldPath('metadata'));
  (node.spec?.taints ?? []).forEach((t, i) => {
    const p = fieldPath('spec', 'taints').index(i);
    if (!t.effect) errs.push(required(p.child('effect')));
    else if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
      errs.push(
        invalid(
          p.child('effect'),
          t.effect,
          'must be one of NoSchedule, PreferNoSchedule, NoExecute',
        ),
      );
  });
  return errs;
}

/** ValidateLease: durations > 0, transitions ≥ 0 (pkg/apis/coordination/validation). */
export function validateLease(lease: Lease): FieldError[] {
  const errs = validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const s = lease.spec;
  if (s?.leaseDurationSeconds !== undefined && s.leaseDurationSeconds <= 0)
    errs.push(
      invalid(
        fieldPath('spec', 'leaseDurationSeconds'),
        s.leaseDurationSeconds,
        'must be greater than 0',
      ),
    );
  if (s?.leaseTransitions !== undefined && s.leaseTransitions < 0)
    errs.push(
      invalid(
        fieldPath('spec', 'leaseTransitions'),
        s.leaseTransitions,
        'must be greater than or equal to 0',
      ),
    );
  return errs;
}

/** ValidateEventCreate for core/v1 events: namespace must match the involved object's. */
export function validateEvent(ev: Event): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const ns = ev.metadata?.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  if (!ev.eventTime) {
    const mismatch = involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs;
    if (mismatch)
      errs.push(
        invalid(
          fieldPath('involvedObject', 'namespace'),
          involvedNs,
          'does not match event.namespace',
        ),
      );
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid(fieldPath('namespace'), ns, m));
  return errs;
}

/** Metadata-only validation for kinds without specific rules here. */
export function validateMetadataOnly(obj: KubeObject, namespaced: boolean): FieldError[] {
  return validateObjectMeta(obj.metadata, namespaced, nameIsDNSSubdomain, fieldPath('metadata'));
}
