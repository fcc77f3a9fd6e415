// kubectl create -f and its generators: deployment, namespace, configmap
// (pkg/cmd/create/create_deployment.go, create_namespace.go, create_configmap.go).
import { parseQuantity, QuantityError, quantityString } from '../../api/quantity';
import { findResource } from '../../api/resources';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { parseOutputFormat, printObjects } from '../printing';
import { kindPrefix } from '../resource-args';
import { createFromFiles, CREATE_FILE_FLAGS } from './apply';

function send(inv: Invocation, info: ResourceInfo, obj: KubeObject): void {
  const created = inv.client.create(
    info,
    info.namespaced ? inv.namespace : undefined,
    obj,
    'kubectl-create',
  );
  const o = inv.flags.string('output');
  if (o) inv.out.out(printObjects(parseOutputFormat(o, false), [{ obj: created, info }], false));
  else inv.out.out(`${kindPrefix(info)}/${obj.metadata.name} created\n`);
}

function requireName(inv: Invocation): string {
  const name = inv.args[0];
  if (!name) throw new KubectlError('error: NAME is required');
  return name;
}

// create_deployment.go buildPodSpec: the container is named after the image's last path
// element without tag or digest.
function containerName(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split('@')[0].split(':')[0];
}

const deployment: Command = {
  name: 'deployment',
  aliases: ['deploy'],
  flags: [
    { name: 'image', type: 'stringSlice' },
    { name: 'replicas', short: 'r', type: 'int', default: 1 },
    { name: 'port', type: 'int', default: -1 },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(inv) {
    const name = requireName(inv);
    const images = inv.flags.strings('image');
    if (images.length === 0) throw new KubectlError('error: required flag(s) "image" not set');
    const labels = { app: name };
    const containers = images.map((image) => {
      const c: Record<string, unknown> = { image, name: containerName(image), resources: {} };
      if (inv.flags.int('port') >= 0) c.ports = [{ containerPort: inv.flags.int('port') }];
      return c;
    });
    send(inv, findResource('apps', 'deployments')!, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: inv.flags.int('replicas'),
        selector: { matchLabels: labels },
        strategy: {},
        template: { metadata: { labels }, spec: { containers } },
      },
    });
  },
};

const namespace: Command = {
  name: 'namespace',
  aliases: ['ns'],
  flags: [{ name: 'output', short: 'o', type: 'string' }],
  run(inv) {
    send(inv, findResource('', 'namespaces')!, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: requireName(inv) },
    });
  },
};

const configmap: Command = {
  name: 'configmap',
  aliases: ['cm'],
  flags: [
    { name: 'from-literal', type: 'stringArray' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(inv) {
    const name = requireName(inv);
    const data: Record<string, string> = {};
    for (const lit of inv.flags.strings('from-literal')) {
      const i = lit.indexOf('=');
      if (i <= 0)
        throw new KubectlError(`error: invalid literal source ${lit}, expected key=value`);
      const key = lit.slice(0, i);
      if (key in data)
        throw new KubectlError(
          `error: cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${name}"`,
        );
      data[key] = lit.slice(i + 1);
    }
    send(inv, findResource('', 'configmaps')!, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      data,
    });
  },
};

// create_quota.go: --hard=pods=3,cpu=1 and --scopes=BestEffort,NotTerminating
const quota: Command = {
  name: 'quota',
  aliases: ['resourcequota'],
  flags: [
    { name: 'hard', type: 'string' },
    { name: 'scopes', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(inv) {
    if (inv.args.length !== 1) {
      // create.go NameFromCommandArgs
      throw new KubectlError(
        `error: exactly one NAME is required, got ${inv.args.length}\nSee '${inv.commandPath} -h' for help and examples`,
      );
    }
    const hard: Record<string, string> = {};
    for (const pair of inv.flags.string('hard').split(',')) {
      if (pair === '') continue;
      const i = pair.indexOf('=');
      // generate.go populateResourceListV1: key=value, the value a quantity kept canonical
      if (i < 0) {
        throw new KubectlError(
          `error: Invalid argument syntax ${pair}, expected <resource>=<value>`,
        );
      }
      let q: string;
      try {
        q = quantityString(parseQuantity(pair.slice(i + 1)));
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        throw new KubectlError(`error: ${e.message}`);
      }
      hard[pair.slice(0, i)] = q;
    }
    const scopes = inv.flags
      .string('scopes')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    send(inv, findResource('', 'resourcequotas')!, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: inv.args[0] },
      spec: { hard, ...(scopes.length ? { scopes } : {}) },
    });
  },
};

export const createCommand: Command = {
  name: 'create',
  flags: CREATE_FILE_FLAGS,
  subcommands: [deployment, namespace, configmap, quota],
  run: createFromFiles,
};
