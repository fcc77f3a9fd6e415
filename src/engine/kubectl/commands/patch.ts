// kubectl patch (pkg/cmd/patch/patch.go): a strategic merge, JSON merge or JSON patch of each
// named object; "(no change)" when the object the server returns equals the one read.
import { GoYamlError, parseYamlDocuments } from '../../api/go-yaml';
import { jsonEqual } from '../../api/patch/json-value';
import { fetchNamed } from '../builder-objects';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { kindPrefix } from '../resource-args';

// patch.go patchTypes
const PATCH_TYPES: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/** yaml.ToJSON of -p: the patch as a JSON value, or kubectl's `unable to parse` error. */
export function parsePatch(text: string): unknown {
  try {
    const [value] = parseYamlDocuments(text, { uniqueKeys: false });
    return value ?? null;
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    throw new KubectlError(`error: unable to parse ${JSON.stringify(text)}: ${e.message}`);
  }
}

function runPatch(inv: Invocation): void {
  const patchText = inv.flags.string('patch');
  // patch.go Validate, in its order
  if (!patchText) {
    throw new KubectlError(
      'error: must specify --patch or --patch-file containing the contents of the patch',
    );
  }
  const type = inv.flags.string('type');
  const contentType = PATCH_TYPES[type.toLowerCase()];
  if (!contentType) {
    throw new KubectlError(
      `error: --type must be one of [json merge strategic], not ${JSON.stringify(type)}`,
    );
  }
  const patch = parsePatch(patchText);
  for (const o of fetchNamed(inv, inv.args)) {
    const patched = inv.client.patch(
      o.info,
      o.namespace,
      o.name,
      contentType,
      patch,
      inv.flags.string('field-manager'),
      inv.flags.string('subresource') || undefined,
    );
    const didPatch = !jsonEqual(o.obj as never, patched as never);
    inv.out.out(
      `${kindPrefix(o.info)}/${o.name} ${didPatch ? 'patched' : 'patched (no change)'}\n`,
    );
  }
}

export const patchCommand: Command = {
  name: 'patch',
  flags: [
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'type', type: 'string', default: 'strategic' },
    { name: 'field-manager', type: 'string', default: 'kubectl-patch' },
    { name: 'subresource', type: 'string' },
  ],
  run: runPatch,
};
