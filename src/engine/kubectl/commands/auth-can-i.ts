// kubectl auth can-i (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go): asks the apiserver a
// SelfSubjectAccessReview and prints `yes`, or `no` and exits 1.
import { findResource, resolveResourceName } from '../../api/resources';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { printAccessList } from './auth-can-i-list';

// cani.go resourceVerbs / nonResourceURLVerbs / nonStandardResourceNames
const RESOURCE_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
  'approve',
  'sign',
  'escalate',
  'attest',
]);
const NON_RESOURCE_URL_VERBS = new Set([
  'get',
  'put',
  'post',
  'head',
  'options',
  'delete',
  'patch',
  '*',
]);
const NON_STANDARD_RESOURCE_NAMES = new Set(['users', 'groups']);

interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

interface AccessReviewAnswer {
  status?: { allowed?: boolean; reason?: string; evaluationError?: string };
}

/** printers.WarningPrinter.Print: `Warning: <message>` and a newline of its own on stderr (so
 *  cani.go's messages, which end in \n already, leave a blank line). */
export function warn(inv: Invocation, message: string): void {
  inv.out.err(`Warning: ${message}\n`);
}

// cani.go resourceFor: the RESTMapper's answer, or the bare word with a warning
function resourceFor(inv: Invocation, arg: string): GroupVersionResource {
  if (arg === '*') return { group: '', version: '', resource: arg };
  const lower = arg.toLowerCase();
  const found = resolveResourceName(lower);
  if (found) return { group: found.group, version: found.version, resource: found.resource };
  // schema.ParseResourceArg: the group is everything after the first dot
  const dot = lower.indexOf('.');
  const resource = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? '' : lower.slice(dot + 1);
  const groupResource = group ? `${resource}.${group}` : resource;
  if (!NON_STANDARD_RESOURCE_NAMES.has(groupResource)) {
    warn(
      inv,
      group
        ? `the server doesn't have a resource type '${resource}' in group '${group}'\n`
        : `the server doesn't have a resource type '${resource}'\n`,
    );
  }
  return { group: '', version: '', resource: arg };
}

/** The `kubectl auth can-i` command. */
export const authCanI: Command = {
  name: 'can-i',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'subresource', type: 'string' },
    { name: 'list', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
  ],
  run(inv: Invocation) {
    const list = inv.flags.bool('list');
    const quiet = inv.flags.bool('quiet');
    const allNamespaces = inv.flags.bool('all-namespaces');
    const subresource = inv.flags.string('subresource');
    // Complete
    let verb = '';
    let nonResourceURL = '';
    let gvr: GroupVersionResource | undefined;
    let resourceName = '';
    if (list) {
      if (inv.args.length !== 0)
        throw new KubectlError('error: list option must be specified with no arguments');
    } else if (inv.args.length === 2) {
      verb = inv.args[0];
      if (inv.args[1].startsWith('/')) nonResourceURL = inv.args[1];
      else {
        const [type, ...name] = inv.args[1].split('/');
        gvr = resourceFor(inv, type);
        if (name.length) resourceName = name.join('/');
      }
    } else {
      throw new KubectlError(
        "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
      );
    }
    const namespace = allNamespaces ? '' : inv.namespace;
    // Validate
    if (list) {
      if (quiet || allNamespaces || subresource) {
        throw new KubectlError(
          "error: list option can't be specified with neither quiet, all-namespaces nor subresource options",
        );
      }
    } else if (nonResourceURL) {
      if (subresource)
        throw new KubectlError('error: --subresource can not be used with NonResourceURL');
      if (!NON_RESOURCE_URL_VERBS.has(verb)) warn(inv, `verb '${verb}' is not a known verb\n`);
    } else if (gvr && !allNamespaces) {
      // isNamespaced asks discovery for the group/version; an unresolved resource finds nothing
      const info = gvr.version ? findResource(gvr.group, gvr.resource) : undefined;
      if (info && !info.namespaced) {
        warn(
          inv,
          gvr.group
            ? `resource '${gvr.resource}' is not namespace scoped in group '${gvr.group}'\n`
            : `resource '${gvr.resource}' is not namespace scoped\n`,
        );
      }
      if (!RESOURCE_VERBS.has(verb)) warn(inv, `verb '${verb}' is not a known verb\n`);
    }
    if (!list && inv.flags.bool('no-headers'))
      throw new KubectlError('error: --no-headers cannot be set without --list specified');
    if (list) return printAccessList(inv, namespace);
    // RunAccessCheck
    const spec = nonResourceURL
      ? { nonResourceAttributes: { path: nonResourceURL, verb } }
      : {
          resourceAttributes: omitEmpty({
            namespace,
            verb,
            group: gvr?.group ?? '',
            resource: gvr?.resource ?? '',
            subresource,
            name: resourceName,
          }),
        };
    const answer = inv.client.send({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      headers: { 'Content-Type': 'application/json' },
      body: {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec,
        status: { allowed: false },
      },
    }) as AccessReviewAnswer;
    const status = answer.status ?? {};
    let line = 'yes';
    if (!status.allowed) {
      line = 'no';
      if (status.reason) line += ` - ${status.reason}`;
      if (status.evaluationError) line += ` - ${status.evaluationError}`;
    }
    if (!quiet) inv.out.out(`${line}\n`);
    if (!status.allowed) inv.out.exitCode = 1;
  },
};

// Go's omitempty: empty strings are not sent
function omitEmpty(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''));
}
