// kubectl set image (pkg/cmd/set/set_image.go): a strategic merge patch of the containers'
// images in a pod template, computed as CreateTwoWayMergePatch would compute it.
import type { KubeObject } from '../../api/types';
import { fetchNamed } from '../builder-objects';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { parentCommand } from '../parent-command';
import { SET_HELP } from '../parent-help';
import { kindPrefix } from '../resource-args';
import { flushErrors } from './apply';

interface Container {
  name: string;
  image?: string;
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}

/** The path from an object to its pod spec (polymorphichelpers/updatepodspec.go). */
export function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return ['spec', 'template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

/** set.go GetResourcesAndPairs: resources first, then `container=image` pairs. */
export function splitImageArgs(args: readonly string[]): {
  resources: string[];
  images: [string, string][];
} {
  const resources: string[] = [];
  const images: [string, string][] = [];
  for (const a of args) {
    if (a.includes('=')) {
      images.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
    } else {
      // set.go: "all resources must be specified before image changes: %s"
      if (images.length > 0)
        throw new KubectlError(`error: all resources must be specified before image changes: ${a}`);
      resources.push(a);
    }
  }
  return { resources, images };
}

/**
 * The strategic merge patch of `spec` after the image changes, and the containers it names that
 * do not exist. `{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":…,"name":"nginx"}]}`
 */
export function imagePatch(
  spec: PodSpec,
  images: [string, string][],
): { patch: Record<string, unknown>; missing: string[] } {
  const lists = { containers: spec.containers ?? [], initContainers: spec.initContainers ?? [] };
  const next = {
    containers: lists.containers.map((c) => ({ ...c })),
    initContainers: lists.initContainers.map((c) => ({ ...c })),
  };
  const missing: string[] = [];
  for (const [name, image] of images) {
    let found = false;
    for (const list of [next.initContainers, next.containers]) {
      for (const c of list) {
        // set_image.go: `*` updates every container, init containers included
        if (name === '*' || c.name === name) {
          c.image = image;
          found = true;
        }
      }
    }
    if (!found && name !== '*') missing.push(name);
  }
  const patch: Record<string, unknown> = {};
  const changed: Record<string, unknown> = {};
  for (const field of ['containers', 'initContainers'] as const) {
    const diffs = next[field]
      .filter((c, i) => c.image !== lists[field][i].image)
      .map((c) => ({ image: c.image, name: c.name }));
    if (diffs.length === 0) continue;
    // Go marshals map keys sorted: the $setElementOrder directives come first
    patch[`$setElementOrder/${field}`] = lists[field].map((c) => ({ name: c.name }));
    changed[field] = diffs;
  }
  return { patch: { ...patch, ...changed }, missing };
}

function nest(path: string[], value: Record<string, unknown>): Record<string, unknown> {
  return path.reduceRight((inner, key) => ({ [key]: inner }), value);
}

function specAt(obj: KubeObject, path: string[]): PodSpec | undefined {
  let cur: unknown = obj;
  for (const k of path) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return cur as PodSpec | undefined;
}

function runSetImage(inv: Invocation): void {
  const { resources, images } = splitImageArgs(inv.args);
  if (resources.length === 0) {
    throw new KubectlError(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  }
  if (images.length === 0) throw new KubectlError('error: at least one image update is required');
  const errors: unknown[] = [];
  for (const o of fetchNamed(inv, resources)) {
    const path = podSpecPath(o.obj.kind);
    const spec = path && specAt(o.obj, path);
    if (!path || !spec) {
      // polymorphichelpers/updatepodspec.go: "%T is not supported" names the Go type
      errors.push(new KubectlError(`error: ${o.obj.kind} is not supported`));
      continue;
    }
    const { patch, missing } = imagePatch(spec, images);
    for (const m of missing)
      errors.push(new KubectlError(`error: unable to find container named "${m}"`));
    // set_image.go: an empty patch means nothing changed, and nothing is printed
    if (Object.keys(patch).length === 0) continue;
    try {
      inv.client.patch(
        o.info,
        o.namespace,
        o.name,
        'application/strategic-merge-patch+json',
        nest(path, patch),
        inv.flags.string('field-manager'),
      );
      inv.out.out(`${kindPrefix(o.info)}/${o.name} image updated\n`);
    } catch (e) {
      errors.push(
        new KubectlError(
          `error: failed to patch image update to pod template: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    }
  }
  flushErrors(inv, errors);
}

const setImage: Command = {
  name: 'image',
  flags: [{ name: 'field-manager', type: 'string', default: 'kubectl-set' }],
  run: runSetImage,
};

/** kubectl set: only `set image` is simulated. */
export const setCommand: Command = parentCommand('set', SET_HELP, [setImage]);
