// kubectl run (pkg/cmd/run/run.go with the run-pod/v1 generator): one bare pod.
import { findResource } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { Command, Invocation } from '../command';
import { addSourceToErr, KubectlError } from '../errors';
import { parseOutputFormat, printObjects } from '../printing';

// github.com/distribution/reference regexp.go ReferenceRegexp: [domain[:port]/]path[:tag][@digest]
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
    '(?::[\\w][\\w.-]{0,127})?' +
    '(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

/** Whether `image` is a valid container image reference (`nginx`, `registry:5000/a/b:v1@sha256:...`). */
export function isImageReference(image: string): boolean {
  return REFERENCE.test(image);
}

function parseLabels(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new KubectlError(`error: invalid label spec: ${pair}`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** The pod `kubectl run NAME --image=IMG ...` sends. */
export function runPod(inv: Invocation, name: string): KubeObject {
  const restart = inv.flags.string('restart');
  const rest = inv.args.slice(1);
  const container: Record<string, unknown> = { name, image: inv.flags.string('image') };
  if (rest.length > 0) container[inv.flags.bool('command') ? 'command' : 'args'] = rest;
  const env = inv.flags.strings('env');
  if (env.length > 0) {
    container.env = env.map((e) => {
      const i = e.indexOf('=');
      return i < 0 ? { name: e } : { name: e.slice(0, i), value: e.slice(i + 1) };
    });
  }
  const port = inv.flags.string('port');
  if (port) container.ports = [{ containerPort: Number(port) }];
  container.resources = {};
  const labels = inv.flags.string('labels')
    ? parseLabels(inv.flags.string('labels'))
    : { run: name };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
  };
}

// cmdutil.UsageErrorf: the message, then where to find the usage.
const usageError = (message: string) =>
  new KubectlError(`error: ${message}\nSee 'kubectl run -h' for help and examples`);

function run(inv: Invocation): void {
  // cobra MarkFlagRequired("image"): only an absent flag; `--image=` passes on to run.go
  if (!inv.flags.changed('image'))
    throw new KubectlError('error: required flag(s) "image" not set');
  const name = inv.args[0];
  if (!name) throw usageError('NAME is required for run');
  // run.go Run: the image is checked before anything is built
  const image = inv.flags.string('image');
  if (!image) throw new KubectlError('error: --image is required');
  if (!isImageReference(image)) {
    throw new KubectlError(`error: Invalid image name "${image}": invalid reference format`);
  }
  const restart = inv.flags.string('restart');
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) {
    throw usageError(`invalid restart policy: ${restart}`);
  }
  if (inv.flags.bool('command') && inv.flags.argsLenAtDash < 0) {
    throw new KubectlError('error: --command requires arguments after --');
  }
  const pod = runPod(inv, name);
  const info = findResource('', 'pods')!;
  let created: KubeObject;
  try {
    created = inv.client.create(info, inv.namespace, pod, 'kubectl-run');
  } catch (e) {
    throw addSourceToErr('creating', '', e);
  }
  const o = inv.flags.string('output');
  if (o) inv.out.out(printObjects(parseOutputFormat(o, false), [{ obj: created, info }], false));
  else inv.out.out(`pod/${name} created\n`);
}

export const runCommand: Command = {
  name: 'run',
  flags: [
    { name: 'image', type: 'string' },
    { name: 'port', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'restart', type: 'string', default: 'Always' },
    { name: 'env', type: 'stringArray' },
    { name: 'command', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'image-pull-policy', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
  ],
  run,
};
