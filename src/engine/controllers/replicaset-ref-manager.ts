// controller.BaseControllerRefManager.ClaimObject (pkg/controller/controller_ref_manager.go):
// a controller adopts orphans its selector matches and releases what it owns but no longer
// matches, by patching ownerReferences (strategic merge, keyed by uid).
import type { LabelSelectorValue } from '../api/selectors';
import { matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { RestClient } from '../client/rest-client';
import type { OwnerReference } from './util/controller-utils';
import {
  call,
  getControllerOf,
  newControllerRef,
  objectPath,
  parallel,
} from './util/controller-utils';

/**
 * Claims `candidates` for `owner`: returns (through `done`) the objects it owns after adopting
 * matching orphans and releasing owned objects that stopped matching.
 */
export function claimObjects(
  client: RestClient,
  owner: KubeObject,
  selector: LabelSelectorValue,
  candidates: readonly KubeObject[],
  trace: string | undefined,
  done: (claimed: KubeObject[], errors: string[]) => void,
): void {
  const claimed: KubeObject[] = [];
  const tasks: ((d: (err?: string) => void) => void)[] = [];
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of candidates) {
    const ref = getControllerOf(obj);
    const matches = matchesLabels(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue; // someone else's
      if (matches || ownerDeleting) {
        if (matches) claimed.push(obj);
        continue;
      }
      tasks.push((d) => release(client, owner, obj, trace, d));
      continue;
    }
    // An orphan: adopt it only if it matches and neither side is being deleted.
    if (ownerDeleting || !matches || obj.metadata.deletionTimestamp) continue;
    tasks.push((d) =>
      adopt(client, owner, obj, trace, (err, adopted) => {
        if (adopted) claimed.push(adopted);
        d(err);
      }),
    );
  }
  parallel(tasks, (errors) => done(claimed, errors));
}

function adopt(
  client: RestClient,
  owner: KubeObject,
  obj: KubeObject,
  trace: string | undefined,
  done: (err?: string, adopted?: KubeObject) => void,
): void {
  const ref: OwnerReference = newControllerRef(owner);
  patchOwnerRefs(client, obj, [ref], trace, done);
}

function release(
  client: RestClient,
  owner: KubeObject,
  obj: KubeObject,
  trace: string | undefined,
  done: (err?: string) => void,
): void {
  patchOwnerRefs(client, obj, [{ $patch: 'delete', uid: owner.metadata.uid }], trace, (err) =>
    // NotFound / Invalid on release mean it is gone or already released: not an error.
    done(err && !/not found|Invalid/.test(err) ? err : undefined),
  );
}

function patchOwnerRefs(
  client: RestClient,
  obj: KubeObject,
  refs: unknown[],
  trace: string | undefined,
  done: (err?: string, patched?: KubeObject) => void,
): void {
  const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (!path) return done(`no resource for ${obj.kind}`);
  call(
    client,
    {
      method: 'PATCH',
      path,
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      // the uid acts as a precondition: the patch fails if the object was replaced
      body: { metadata: { ownerReferences: refs, uid: obj.metadata.uid } },
    },
    trace,
    (r) => (r.ok ? done(undefined, r.body as KubeObject) : done(r.message)),
  );
}
