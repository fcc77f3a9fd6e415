// kubectl apply (client-side) and kubectl create -f (pkg/cmd/apply/apply.go, patcher.go,
// pkg/cmd/create/create.go).
import type { KubeObject } from '../../api/types';
import { LAST_APPLIED, threeWayPatch, withLastApplied } from '../apply-patch';
import type { Command, Invocation } from '../command';
import { addSourceToErr, errorMessage, hasReason, KubectlError } from '../errors';
import type { ManifestObject } from '../manifest';
import { objectNamespace, readFilenames } from '../manifest';
import { parseOutputFormat, printObjects } from '../printing';
import { kindPrefix } from '../resource-args';

const FILE_FLAGS = [
  { name: 'filename', short: 'f', type: 'stringSlice' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'recursive', short: 'R', type: 'bool' as const },
  { name: 'validate', type: 'string' as const, default: 'strict', noOptDefault: 'strict' },
  { name: 'dry-run', type: 'string' as const, default: 'none', noOptDefault: 'unchanged' },
];

function requireFiles(inv: Invocation): void {
  if (inv.flags.strings('filename').length === 0) {
    throw new KubectlError('error: must specify one of -f and -k');
  }
}

/** The objects of -f (kubectl's "must specify one of -f and -k" without one). */
export function filenameObjects(inv: Invocation): ManifestObject[] {
  requireFiles(inv);
  return readFilenames(inv.flags.strings('filename'), inv.stdin);
}

/**
 * Runs `visit` on each object, as cli-runtime's visitor does: an object's error (marked with
 * `verb` and its source, when given) is kept and the next object tried; all are printed at
 * the end, as checkErr prints an aggregate.
 */
export function visitObjects(
  inv: Invocation,
  objects: ManifestObject[],
  visit: (m: ManifestObject) => void,
  verb?: string,
): void {
  const errors: unknown[] = [];
  for (const m of objects) {
    try {
      visit(m);
    } catch (e) {
      errors.push(verb ? addSourceToErr(verb, m.source, e) : e);
    }
  }
  flushErrors(inv, errors);
}

function report(
  inv: Invocation,
  obj: KubeObject,
  m: { info: Parameters<typeof kindPrefix>[0] },
  verb: string,
): void {
  const o = inv.flags.string('output');
  if (o === '') inv.out.out(`${kindPrefix(m.info)}/${obj.metadata.name} ${verb}\n`);
  else inv.out.out(printObjects(parseOutputFormat(o, false), [{ obj, info: m.info }], false));
}

function applyRun(inv: Invocation): void {
  requireFiles(inv);
  if (inv.flags.string('output')) parseOutputFormat(inv.flags.string('output'), false);
  visitObjects(inv, filenameObjects(inv), (m) => {
    const ns = objectNamespace(m, inv.namespace, inv.explicitNamespace);
    const name = m.obj.metadata?.name ?? '';
    const desired: KubeObject = {
      ...m.obj,
      metadata: {
        ...m.obj.metadata,
        ...(ns ? { namespace: ns } : {}),
        annotations: { ...(m.obj.metadata?.annotations ?? {}) },
      },
    };
    const modified = withLastApplied(desired);
    let current: KubeObject | undefined;
    try {
      current = inv.client.get(m.info, ns, name);
    } catch (e) {
      if (!hasReason(e, 'NotFound')) throw e;
    }
    if (!current) {
      let created: KubeObject;
      try {
        created = inv.client.create(m.info, ns, modified, 'kubectl-client-side-apply');
      } catch (e) {
        throw addSourceToErr('creating', m.source, e);
      }
      report(inv, created, m, 'created');
      return;
    }
    const lastText = current.metadata.annotations?.[LAST_APPLIED];
    if (lastText === undefined) {
      // apply.go warningNoLastAppliedConfigAnnotation
      inv.out.err(
        `Warning: resource ${m.info.resource}/${name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
      );
    }
    let original: KubeObject | undefined;
    try {
      original = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
    } catch {
      original = undefined;
    }
    const patch = threeWayPatch(original, modified, current);
    if (Object.keys(patch).length === 0) {
      report(inv, current, m, 'unchanged');
      return;
    }
    try {
      const patched = inv.client.patch(
        m.info,
        ns,
        name,
        'application/strategic-merge-patch+json',
        patch,
        'kubectl-client-side-apply',
      );
      report(inv, patched, m, 'configured');
    } catch (e) {
      throw addSourceToErr(
        `applying patch:\n${JSON.stringify(patch)}\nto:\n${resourceDescription(m.info, name, ns)}\nfor:`,
        m.source,
        e,
      );
    }
  });
}

// cli-runtime resource.Info String(): the object reference in patch error messages.
function resourceDescription(
  info: { group: string; version: string; resource: string; kind: string },
  name: string,
  ns: string | undefined,
): string {
  return `Resource: "${info.group}/${info.version}, Resource=${info.resource}", GroupVersionKind: "${info.group}/${info.version}, Kind=${info.kind}"\nName: "${name}", Namespace: "${ns ?? ''}"`;
}

/** Prints collected errors as checkErr does for an aggregate (one line each). */
export function flushErrors(inv: Invocation, errors: unknown[]): void {
  for (const e of errors) inv.out.err(errorMessage(e));
  if (errors.length > 0) inv.out.exitCode = 1;
}

/** kubectl create -f: POST each object (AlreadyExists is an error). */
export function createFromFiles(inv: Invocation): void {
  visitObjects(
    inv,
    filenameObjects(inv),
    (m) => {
      const ns = objectNamespace(m, inv.namespace, inv.explicitNamespace);
      const body = inv.flags.bool('save-config') ? withLastApplied(m.obj) : m.obj;
      const created = inv.client.create(m.info, ns, body, 'kubectl-create');
      report(inv, created, m, 'created');
    },
    'creating',
  );
}

export const applyCommand: Command = {
  name: 'apply',
  flags: [
    ...FILE_FLAGS,
    { name: 'server-side', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'prune', type: 'bool' },
  ],
  run: applyRun,
};

export const CREATE_FILE_FLAGS = [...FILE_FLAGS, { name: 'save-config', type: 'bool' as const }];
