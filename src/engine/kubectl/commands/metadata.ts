// kubectl label / annotate (pkg/cmd/label/label.go, pkg/cmd/annotate/annotate.go) and
// kubectl scale (pkg/cmd/scale/scale.go): merge patches on one or more named objects.
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import { hasReason, KubectlError } from '../errors';
import { kindPrefix, parseResourceArgs } from '../resource-args';
import { resourcePath } from '../rest';
import { flushErrors } from './apply';

function parseChanges(
  args: string[],
  what: string,
): { set: Record<string, string>; remove: string[]; rest: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const rest: string[] = [];
  for (const a of args) {
    if (a.includes('=')) set[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else if (a.endsWith('-') && !a.includes('/')) remove.push(a.slice(0, -1));
    else rest.push(a);
  }
  if (Object.keys(set).length === 0 && remove.length === 0) {
    throw new KubectlError(`error: at least one ${what} update is required`);
  }
  return { set, remove, rest };
}

function metadataCommand(
  name: 'label' | 'annotate',
  field: 'labels' | 'annotations',
  past: string,
): Command {
  return {
    name,
    flags: [
      { name: 'overwrite', type: 'bool' },
      { name: 'selector', short: 'l', type: 'string' },
      { name: 'all', type: 'bool' },
      { name: 'list', type: 'bool' },
      { name: 'output', short: 'o', type: 'string' },
      { name: 'resource-version', type: 'string' },
    ],
    run(inv: Invocation) {
      const { set, remove, rest } = parseChanges(
        inv.args,
        name === 'label' ? 'label' : 'annotation',
      );
      const requests = parseResourceArgs(rest, inv.commandPath);
      if (requests.length === 0 || requests.some((r) => r.names.length === 0)) {
        throw new KubectlError(
          'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
        );
      }
      const resourceVersion = inv.flags.string('resource-version');
      // label.go / annotate.go: resourceVersion locking needs exactly one object
      if (resourceVersion && requests.flatMap((r) => r.names).length !== 1) {
        throw new KubectlError('error: --resource-version may only be used with a single resource');
      }
      const errors: unknown[] = [];
      for (const r of requests) {
        for (const n of r.names) {
          try {
            const current: KubeObject = inv.client.get(r.info, inv.namespace, n);
            const existing = (current.metadata[field] ?? {}) as Record<string, string>;
            for (const [k, v] of Object.entries(set)) {
              if (!inv.flags.bool('overwrite') && k in existing && existing[k] !== v) {
                throw new KubectlError(
                  `error: '${k}' already has a value (${existing[k]}), and --overwrite is false`,
                );
              }
            }
            const patch: Record<string, string | null> = { ...set };
            for (const k of remove) patch[k] = null;
            const changed =
              Object.entries(set).some(([k, v]) => existing[k] !== v) ||
              remove.some((k) => k in existing);
            // the precondition travels in the patch: the server answers 409 if it is stale
            if (changed || resourceVersion) {
              inv.client.patch(
                r.info,
                inv.namespace,
                n,
                'application/merge-patch+json',
                {
                  metadata: {
                    ...(changed ? { [field]: patch } : {}),
                    ...(resourceVersion ? { resourceVersion } : {}),
                  },
                },
                `kubectl-${name}`,
              );
            }
            inv.out.out(
              `${kindPrefix(r.info)}/${n} ${changed || name === 'annotate' ? past : `not ${past}`}\n`,
            );
          } catch (e) {
            errors.push(e);
          }
        }
      }
      flushErrors(inv, errors);
    },
  };
}

export const labelCommand = metadataCommand('label', 'labels', 'labeled');
export const annotateCommand = metadataCommand('annotate', 'annotations', 'annotated');

/** scale.go ScalePrecondition: -1 and '' mean not checked. */
interface ScalePrecondition {
  size: number;
  resourceVersion: string;
}

// scale.go Scale: a conflicting PUT is tried again (every 1 s for 5 minutes there)
const SCALE_CONFLICT_RETRIES = 5;

/** scale.go ScaleSimple with preconditions: GET the Scale, validate, PUT it back. */
function scaleWithPrecondition(
  inv: Invocation,
  info: ResourceInfo,
  name: string,
  replicas: number,
  p: ScalePrecondition,
  attempt = 0,
): void {
  const path = resourcePath(info, inv.namespace, name, 'scale');
  const scale = inv.client.send({ method: 'GET', path }) as KubeObject & {
    spec: { replicas?: number };
  };
  const current = scale.spec.replicas ?? 0;
  // scale.go PreconditionError: "Expected %s to be %s, was %s"
  if (p.size !== -1 && current !== p.size) {
    throw new KubectlError(`error: Expected replicas to be ${p.size}, was ${current}`);
  }
  const rv = scale.metadata.resourceVersion ?? '';
  if (p.resourceVersion && rv !== p.resourceVersion) {
    throw new KubectlError(
      `error: Expected resource version to be ${p.resourceVersion}, was ${rv}`,
    );
  }
  try {
    inv.client.send({
      method: 'PUT',
      path,
      headers: { 'Content-Type': 'application/json' },
      body: { ...scale, spec: { ...scale.spec, replicas } },
    });
  } catch (e) {
    if (!hasReason(e, 'Conflict') || attempt >= SCALE_CONFLICT_RETRIES) throw e;
    scaleWithPrecondition(inv, info, name, replicas, p, attempt + 1);
  }
}

export const scaleCommand: Command = {
  name: 'scale',
  flags: [
    { name: 'replicas', type: 'int', default: -1 },
    { name: 'current-replicas', type: 'int', default: -1 },
    { name: 'resource-version', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'timeout', type: 'string', default: '0s' },
  ],
  run(inv: Invocation) {
    if (!inv.flags.changed('replicas'))
      throw new KubectlError('error: required flag(s) "replicas" not set');
    const replicas = inv.flags.int('replicas');
    if (replicas < 0)
      throw new KubectlError(
        'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
      );
    const requests = parseResourceArgs(inv.args, inv.commandPath);
    if (requests.length === 0 || requests.some((r) => r.names.length === 0)) {
      throw new KubectlError('error: resource(s) were provided, but no name was specified');
    }
    // scale.go: --current-replicas or --resource-version make the scale a read, check and PUT
    const precondition =
      inv.flags.int('current-replicas') !== -1 || inv.flags.string('resource-version')
        ? {
            size: inv.flags.int('current-replicas'),
            resourceVersion: inv.flags.string('resource-version'),
          }
        : undefined;
    const errors: unknown[] = [];
    for (const r of requests) {
      if (!r.info.subresources.includes('scale')) {
        errors.push(new KubectlError(`error: cannot scale ${kindPrefix(r.info)}`));
        continue;
      }
      for (const n of r.names) {
        try {
          if (precondition) scaleWithPrecondition(inv, r.info, n, replicas, precondition);
          else
            inv.client.patch(
              r.info,
              inv.namespace,
              n,
              'application/merge-patch+json',
              { spec: { replicas } },
              'kubectl-scale',
              'scale',
            );
          inv.out.out(`${kindPrefix(r.info)}/${n} scaled\n`);
        } catch (e) {
          errors.push(e);
        }
      }
    }
    flushErrors(inv, errors);
  },
};
