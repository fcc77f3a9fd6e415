// Service validation (kubernetes pkg/apis/core/validation/validation.go ValidateService,
// validateServicePort, ValidateServiceUpdate), main rules.
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import { duplicate, fieldPath, forbidden, invalid, notSupported, required } from '../field';
import type { FieldError, Path } from '../field';
import { validateLabels } from './labels';
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  validateDNS1123Label,
} from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']; // sorted set
const AFFINITIES = ['ClientIP', 'None'];

// ValidatePortNumOrName: a port number or an IANA service name
function validatePortNumOrName(v: number | string | undefined, path: Path): FieldError[] {
  if (typeof v === 'number') return isValidPortNum(v).map((m) => invalid(path, v, m));
  if (typeof v === 'string') {
    if (v === '') return [required(path)];
    return isValidPortName(v).map((m) => invalid(path, v, m));
  }
  return [];
}

function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(required(path.child('name')));
  else if (sp.name) {
    errs.push(...validateDNS1123Label(sp.name, path.child('name')));
    if (names.has(sp.name)) errs.push(duplicate(path.child('name'), sp.name));
    else names.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port ?? 0))
    errs.push(invalid(path.child('port'), sp.port ?? 0, m));
  if (!sp.protocol) errs.push(required(path.child('protocol')));
  else if (!PROTOCOLS.includes(sp.protocol))
    errs.push(notSupported(path.child('protocol'), sp.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort, path.child('targetPort')));
  return errs;
}

/** ValidateService (create). */
export function validateService(svc: Service): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label, fieldPath('metadata'));
  const s = svc.spec ?? {};
  const headless = s.clusterIP === 'None';
  const ports = s.ports ?? [];
  if (ports.length === 0 && !headless && s.type !== 'ExternalName')
    errs.push(required(spec.child('ports')));
  if (s.type === 'ExternalName') {
    if (s.clusterIP)
      errs.push(forbidden(spec.child('clusterIP'), 'may not be set for ExternalName services'));
    if (!s.externalName) errs.push(required(spec.child('externalName')));
    else
      for (const m of isDNS1123Subdomain(s.externalName))
        errs.push(invalid(spec.child('externalName'), s.externalName, m));
  }
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, spec.child('ports').index(i))),
  );
  errs.push(...validateLabels(s.selector, spec.child('selector')));
  if (!s.sessionAffinity) errs.push(required(spec.child('sessionAffinity')));
  else if (!AFFINITIES.includes(s.sessionAffinity))
    errs.push(notSupported(spec.child('sessionAffinity'), s.sessionAffinity, AFFINITIES));
  if (!s.type) errs.push(required(spec.child('type')));
  else if (!TYPES.includes(s.type)) errs.push(notSupported(spec.child('type'), s.type, TYPES));
  if (s.type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbidden(
            spec.child('ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  if (s.type === 'NodePort' || s.type === 'LoadBalancer')
    ports.forEach((p, i) => {
      // the default --service-node-port-range is 30000-32767 (checked by the allocator upstream)
      if (p.nodePort && (p.nodePort < 1 || p.nodePort > 65535))
        errs.push(
          invalid(
            spec.child('ports').index(i).child('nodePort'),
            p.nodePort,
            'must be between 1 and 65535, inclusive',
          ),
        );
    });
  return errs;
}

/** ValidateServiceUpdate: the primary cluster IP may not change once set. */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata, fieldPath('metadata'));
  errs.push(...validateService(svc).filter((e) => !e.field.startsWith('metadata.')));
  const oldIPs = old.spec?.clusterIPs ?? (old.spec?.clusterIP ? [old.spec.clusterIP] : []);
  const newIPs = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  if (
    old.spec?.type !== 'ExternalName' &&
    svc.spec?.type !== 'ExternalName' &&
    oldIPs.length > 0 &&
    newIPs[0] !== oldIPs[0]
  )
    errs.push(invalid(fieldPath('spec', 'clusterIPs').index(0), newIPs, 'may not change once set'));
  return errs;
}
