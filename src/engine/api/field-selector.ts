// Field selectors (apimachinery pkg/fields/selector.go) and the field labels each resource
// offers to them (the registries' *ToSelectableFields and conversion funcs).
import { SelectorError } from './label-selector';
import type { KubeObject } from './types';

/** One field selector term: `field=value`, `field==value` or `field!=value`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // UnescapedRune prints the rune with %v, i.e. as its code point
      throw new SelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else out += c;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Parses a field selector (fields.ParseSelector), e.g. `status.phase=Running,spec.nodeName!=`.
 * Terms come back sorted as upstream sorts them. Throws SelectorError on bad syntax.
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const parts = splitTerms(selector).sort();
  const out: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split)
      throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, rhs] = split;
    out.push({ field, operator, value: unescapeValue(rhs) });
  }
  return out;
}

/** Whether an object's selectable fields satisfy every field requirement. */
export function matchesFields(
  requirements: readonly FieldRequirement[],
  fields: Record<string, string>,
): boolean {
  return requirements.every((r) => {
    const v = fields[r.field] ?? '';
    return r.operator === '!=' ? v !== r.value : v === r.value;
  });
}

// Field labels each resource's conversion func accepts beyond the defaults
// (pkg/apis/core/v1/conversion.go, pkg/apis/apps/v1, pkg/apis/batch/v1, certificates/v1).
// `undefined` entries use runtime.DefaultMetaV1FieldSelectorConversion.
const fieldLabelsByResource: Record<string, readonly string[]> = {
  pods: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  // The Node conversion func accepts no metadata.namespace.
  nodes: ['metadata.name', 'spec.unschedulable'],
  events: [
    'metadata.name',
    'metadata.namespace',
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  namespaces: ['metadata.name', 'status.phase'],
  secrets: ['metadata.name', 'metadata.namespace', 'type'],
  replicationcontrollers: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  // UNVERIFIED: apps/v1 ReplicaSet and batch/v1 Job lists and their error text were not read
  replicasets: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  jobs: ['metadata.name', 'metadata.namespace', 'status.successful'],
  certificatesigningrequests: ['metadata.name', 'spec.signerName'],
};

/** The field labels a resource (plural name) accepts in a field selector. */
export function supportedFieldLabels(resource: string): readonly string[] {
  return fieldLabelsByResource[resource] ?? ['metadata.name', 'metadata.namespace'];
}

/**
 * The field label conversion the apiserver runs on each term before listing
 * (Scheme.ConvertFieldLabel). Returns the internal label or throws SelectorError with the
 * upstream message; the apiserver answers it as 400 BadRequest.
 */
export function convertFieldLabel(resource: string, label: string): string {
  if (resource === 'pods' && label === 'spec.host') return 'spec.nodeName'; // old v1 clients
  const known = fieldLabelsByResource[resource];
  if (known) {
    if (known.includes(label)) return label;
    throw new SelectorError(`field label not supported: ${label}`);
  }
  if (label === 'metadata.name' || label === 'metadata.namespace') return label;
  throw new SelectorError(
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
  );
}

/** Parses a field selector and converts each term's label for the resource. */
export function parseFieldSelectorFor(resource: string, selector: string): FieldRequirement[] {
  return parseFieldSelector(selector).map((r) => ({
    ...r,
    field: convertFieldLabel(resource, r.field),
  }));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const path = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );

const clusterScoped = new Set(['nodes', 'namespaces', 'certificatesigningrequests']);

/**
 * The values an object offers to field selectors (the registry's *ToSelectableFields):
 * `metadata.name`, `metadata.namespace` (namespaced resources) and the resource's own fields.
 */
export function selectableFields(resource: string, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (!clusterScoped.has(resource)) fields['metadata.namespace'] = str(obj.metadata?.namespace);
  switch (resource) {
    case 'pods': {
      const podIPs = path(obj, 'status', 'podIPs');
      const firstIP = Array.isArray(podIPs) && podIPs.length > 0 ? str(path(podIPs[0], 'ip')) : '';
      Object.assign(fields, {
        'spec.nodeName': str(path(obj, 'spec', 'nodeName')),
        'spec.restartPolicy': str(path(obj, 'spec', 'restartPolicy')),
        'spec.schedulerName': str(path(obj, 'spec', 'schedulerName')),
        'spec.serviceAccountName': str(path(obj, 'spec', 'serviceAccountName')),
        'spec.hostNetwork': String(path(obj, 'spec', 'hostNetwork') === true),
        'status.phase': str(path(obj, 'status', 'phase')),
        'status.podIP': firstIP,
        'status.nominatedNodeName': str(path(obj, 'status', 'nominatedNodeName')),
      });
      break;
    }
    case 'nodes':
      fields['spec.unschedulable'] = String(path(obj, 'spec', 'unschedulable') === true);
      break;
    case 'events': {
      const ref = (k: string) => str(path(obj, 'involvedObject', k));
      const component = str(path(obj, 'source', 'component'));
      Object.assign(fields, {
        'involvedObject.kind': ref('kind'),
        'involvedObject.namespace': ref('namespace'),
        'involvedObject.name': ref('name'),
        'involvedObject.uid': ref('uid'),
        'involvedObject.apiVersion': ref('apiVersion'),
        'involvedObject.resourceVersion': ref('resourceVersion'),
        'involvedObject.fieldPath': ref('fieldPath'),
        reason: str(obj.reason),
        reportingComponent: str(obj.reportingComponent),
        source: component !== '' ? component : str(obj.reportingComponent),
        type: str(obj.type),
      });
      break;
    }
    case 'namespaces':
      fields['status.phase'] = str(path(obj, 'status', 'phase'));
      break;
    case 'secrets':
      fields.type = str(obj.type);
      break;
    case 'replicasets':
    case 'replicationcontrollers':
      fields['status.replicas'] = String(Number(path(obj, 'status', 'replicas') ?? 0));
      break;
    case 'jobs':
      fields['status.successful'] = String(Number(path(obj, 'status', 'succeeded') ?? 0));
      break;
    case 'certificatesigningrequests':
      fields['spec.signerName'] = str(path(obj, 'spec', 'signerName'));
      break;
  }
  return fields;
}
