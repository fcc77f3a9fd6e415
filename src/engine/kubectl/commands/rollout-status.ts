// kubectl rollout status (pkg/cmd/rollout/rollout_status.go): reads the object, then lists and
// watches it by name, printing the status viewer's line for every change until it is done.
import type { KubeObject } from '../../api/types';
import { fetchNamedOrListed } from '../builder-objects';
import type { Command, Invocation } from '../command';
import { parseDuration } from '../command';
import { KubectlError } from '../errors';
import { FlagError } from '../flags';
import { resourcePath } from '../rest';
import { statusViewerFor } from './rollout-status-viewer';

// Without --timeout kubectl watches forever; the simulation stops after this much virtual
// time, longer than the default progressDeadlineSeconds (600 s) so a stalled rollout ends
// with its own error rather than this limit.
const MAX_STATUS_WAIT_MS = 15 * 60_000;

/** --timeout as milliseconds, with pflag's message for a bad duration. */
export function timeoutFlag(inv: Invocation): number {
  const raw = inv.flags.string('timeout');
  const ms = parseDuration(raw);
  if (ms === undefined) {
    throw new FlagError(
      `invalid argument ${JSON.stringify(raw)} for "--timeout" flag: time: invalid duration ${JSON.stringify(raw)}`,
    );
  }
  return ms;
}

function runStatus(inv: Invocation): void {
  let timeoutMs: number;
  try {
    timeoutMs = timeoutFlag(inv);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    throw new KubectlError(`error: ${e.message}\nSee '${inv.commandPath} --help' for usage.`);
  }
  const revision = inv.flags.int('revision');
  if (revision < 0)
    throw new KubectlError(`error: revision must be a positive integer: ${revision}`);
  const objects = fetchNamedOrListed(inv, inv.args);
  if (objects.length !== 1) {
    throw new KubectlError(
      `error: rollout status is only supported on individual resources and resource collections, but ${objects.length} resources were found`,
    );
  }
  const [o] = objects;
  const viewer = statusViewerFor(o.info.kind, o.info.group);
  const watch = inv.flags.bool('watch');
  // watchtools.UntilWithSync: a list narrowed to the name, then a watch from its resourceVersion
  const path = resourcePath(o.info, o.namespace);
  const fieldSelector = `metadata.name=${o.name}`;
  const list = () =>
    inv.client.send({ method: 'GET', path, query: { fieldSelector } }) as {
      metadata?: { resourceVersion?: string };
      items?: KubeObject[];
    };
  // each ADDED or MODIFIED object prints its status; true ends the wait
  const seen = (obj: KubeObject): boolean => {
    const s = viewer(obj, revision);
    inv.out.out(s.message);
    return s.done || !watch;
  };
  // the event that ends the watch: the object deleted, a status that is done, or one the
  // viewer refuses (its error is printed when the events are read below)
  const ends = (ev: { type: string; object: unknown }): boolean => {
    if (ev.type === 'DELETED') return true;
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return false;
    try {
      return !watch || viewer(ev.object as KubeObject, revision).done;
    } catch {
      return true;
    }
  };
  const first = list();
  for (const item of first.items ?? []) if (seen(item)) return;
  let resourceVersion = first.metadata?.resourceVersion;
  const limit = timeoutMs > 0 ? timeoutMs : MAX_STATUS_WAIT_MS;
  const start = inv.ctx.now();
  while (inv.ctx.now() - start < limit) {
    const result = inv.ctx.watch(
      {
        method: 'GET',
        path,
        query: { fieldSelector, ...(resourceVersion ? { resourceVersion } : {}) },
      },
      limit - (inv.ctx.now() - start),
      ends,
    );
    for (const ev of result.events) {
      const obj = ev.object as KubeObject;
      if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
      if (ev.type === 'DELETED') throw new KubectlError('error: object has been deleted');
      if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && seen(obj)) return;
    }
    // a watch the server ended or refused: the informer lists again and watches from there
    if (result.error || result.response) {
      const again = list();
      for (const item of again.items ?? []) if (seen(item)) return;
      resourceVersion = again.metadata?.resourceVersion;
    }
  }
  // wait.ErrWaitTimeout, as UntilWithSync returns it when the context's deadline passes
  throw new KubectlError('error: timed out waiting for the condition');
}

export const rolloutStatus: Command = {
  name: 'status',
  flags: [
    { name: 'watch', short: 'w', type: 'bool', default: true },
    { name: 'revision', type: 'int', default: 0 },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  run: runStatus,
};
