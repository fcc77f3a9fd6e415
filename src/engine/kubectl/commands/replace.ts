// kubectl replace -f (pkg/cmd/replace/replace.go, cli-runtime resource/helper.go Replace): a PUT
// of each object; one without a resourceVersion takes the stored one's (overwrite), one with
// a stale resourceVersion gets the server's 409 Conflict.
import type { KubeObject } from '../../api/types';
import type { Command, Invocation } from '../command';
import { ApiStatusError } from '../errors';
import { objectNamespace } from '../manifest';
import { kindPrefix } from '../resource-args';
import { resourcePath } from '../rest';
import { filenameObjects, visitObjects } from './apply';

function runReplace(inv: Invocation): void {
  visitObjects(
    inv,
    filenameObjects(inv),
    (m) => {
      const ns = objectNamespace(m, inv.namespace, inv.explicitNamespace);
      const name = m.obj.metadata?.name ?? '';
      const obj: KubeObject = {
        ...m.obj,
        metadata: { ...m.obj.metadata, ...(ns ? { namespace: ns } : {}) },
      };
      if (!obj.metadata.resourceVersion) {
        // helper.go Replace(overwrite=true): read the stored version; if absent, PUT anyway
        try {
          const current = inv.client.get(m.info, ns, name);
          obj.metadata.resourceVersion = current.metadata.resourceVersion;
        } catch (e) {
          // the PUT reports NotFound (or any other answer) itself
          if (!(e instanceof ApiStatusError)) throw e;
        }
      }
      const replaced = inv.client.send({
        method: 'PUT',
        path: resourcePath(m.info, ns, name),
        query: {
          fieldManager: inv.flags.string('field-manager'),
          fieldValidation: 'Strict',
        },
        headers: { 'Content-Type': 'application/json' },
        body: obj,
      }) as KubeObject;
      inv.out.out(`${kindPrefix(m.info)}/${replaced.metadata.name ?? name} replaced\n`);
    },
    'replacing',
  );
}

export const replaceCommand: Command = {
  name: 'replace',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'field-manager', type: 'string', default: 'kubectl-replace' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
  ],
  run: runReplace,
};
