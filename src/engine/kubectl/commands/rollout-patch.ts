// kubectl rollout restart, pause and resume (pkg/cmd/rollout/rollout_{restart,pause,resume}.go,
// polymorphichelpers/objectrestarter.go, objectpauser.go, objectresumer.go): each a strategic
// merge patch of the object, sent with the field manager kubectl-rollout.
import type { KubeObject } from '../../api/types';
import { fetchNamedOrListed } from '../builder-objects';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { groupResource, kindPrefix } from '../resource-args';
import { flushErrors } from './apply';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Go's time.RFC3339 in UTC: `2025-01-01T00:00:05Z`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What a rollout verb does to one object: a patch and the word printed, or an error. */
type Patcher = (obj: KubeObject, now: number) => { patch: unknown; done: string } | Error;

const paused = (obj: KubeObject) => !!(obj.spec as { paused?: boolean }).paused;

// objectrestarter.go: a new annotation on the pod template makes the controller roll it out
const restart: Patcher = (obj, now) => {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(obj.kind))
    return new Error('restarting is not supported');
  if (obj.kind === 'Deployment' && paused(obj))
    return new Error("can't restart paused deployment (run rollout resume first)");
  return {
    patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(now) } } } } },
    done: 'restarted',
  };
};

// objectpauser.go; an unchanged object would give an empty patch, but pausing a paused
// Deployment is an error first
const pause: Patcher = (obj) => {
  if (obj.kind !== 'Deployment') return new Error('pausing is not supported');
  if (paused(obj)) return new Error('is already paused');
  return { patch: { spec: { paused: true } }, done: 'paused' };
};

// objectresumer.go; `paused` is omitempty, so the two-way patch deletes it
const resume: Patcher = (obj) => {
  if (obj.kind !== 'Deployment') return new Error('resuming is not supported');
  if (!paused(obj)) return new Error('is not paused');
  return { patch: { spec: { paused: null } }, done: 'resumed' };
};

function patchCommand(name: string, patcher: Patcher): Command {
  return {
    name,
    flags: [
      { name: 'field-manager', type: 'string', default: 'kubectl-rollout' },
      { name: 'selector', short: 'l', type: 'string' },
    ],
    run(inv: Invocation) {
      const errors: unknown[] = [];
      const objects = fetchNamedOrListed(inv, inv.args);
      // rollout_{restart,pause,resume}.go: nothing matched is said on stderr, exit 0
      if (objects.length === 0) inv.out.err(`No resources found in ${inv.namespace} namespace.\n`);
      for (const o of objects) {
        const result = patcher(o.obj, inv.ctx.now());
        if (result instanceof Error) {
          // rollout_*.go: `error: <resource>.<group> "<name>" <reason>`
          errors.push(
            new KubectlError(
              `error: ${groupResource(o.info)} ${JSON.stringify(o.name)} ${result.message}`,
            ),
          );
          continue;
        }
        try {
          inv.client.patch(
            o.info,
            o.namespace,
            o.name,
            'application/strategic-merge-patch+json',
            result.patch,
            inv.flags.string('field-manager'),
          );
          inv.out.out(`${kindPrefix(o.info)}/${o.name} ${result.done}\n`);
        } catch (e) {
          errors.push(
            new KubectlError(
              `error: failed to patch: ${e instanceof Error ? e.message : String(e)}`,
            ),
          );
        }
      }
      flushErrors(inv, errors);
    },
  };
}

export const rolloutRestart = patchCommand('restart', restart);
export const rolloutPause = patchCommand('pause', pause);
export const rolloutResume = patchCommand('resume', resume);
