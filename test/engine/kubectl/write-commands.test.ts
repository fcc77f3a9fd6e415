// kubectl patch, replace, create quota and the --resource-version / --current-replicas
// preconditions against a whole simulated cluster, with kubectl v1.32's exact output.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import type { Cluster } from '../../../src/engine';

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const failed = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

const CONFLICT = (resource: string, name: string) =>
  `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`;

function config(color: string, resourceVersion?: string): string {
  const rv = resourceVersion ? `\n  resourceVersion: "${resourceVersion}"` : '';
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config${rv}\ndata:\n  color: ${color}\n`;
}

function withConfig(): { c: Cluster; rv: string } {
  const c = createCluster({ seed: 1 });
  expect(c.kubectl('create configmap app-config --from-literal=color=blue').exitCode).toBe(0);
  return { c, rv: c.get('configmaps', 'app-config')!.metadata.resourceVersion! };
}

const data = (c: Cluster) => c.get('configmaps', 'app-config')?.data as Record<string, string>;

describe('kubectl patch', () => {
  const cases: [string, string, Record<string, string>][] = [
    [
      'a strategic merge patch (the default)',
      `patch configmap app-config -p '{"data":{"size":"L"}}'`,
      { color: 'blue', size: 'L' },
    ],
    [
      'a JSON merge patch in YAML',
      `patch cm app-config --type merge -p 'data: {color: null, shape: round}'`,
      { shape: 'round' },
    ],
    [
      'a JSON patch',
      `patch configmap/app-config --type=json -p '[{"op":"replace","path":"/data/color","value":"red"}]'`,
      { color: 'red' },
    ],
  ];
  for (const [name, line, after] of cases) {
    it(`applies ${name}`, () => {
      const { c } = withConfig();
      expect(c.kubectl(line)).toEqual(ok('configmap/app-config patched\n'));
      expect(data(c)).toEqual(after);
    });
  }

  it('says (no change) when the stored object comes back the same', () => {
    const { c, rv } = withConfig();
    expect(c.kubectl(`patch configmap app-config -p '{"data":{"color":"blue"}}'`)).toEqual(
      ok('configmap/app-config patched (no change)\n'),
    );
    expect(c.get('configmaps', 'app-config')!.metadata.resourceVersion).toBe(rv);
  });

  it('refuses a stale resourceVersion carried in the patch with 409 Conflict', () => {
    const { c } = withConfig();
    expect(
      c.kubectl(
        `patch cm app-config --type merge -p '{"metadata":{"resourceVersion":"1"},"data":{"color":"red"}}'`,
      ),
    ).toEqual(failed(`Error from server (Conflict): ${CONFLICT('configmaps', 'app-config')}\n`));
    expect(data(c)).toEqual({ color: 'blue' });
  });
});

describe('kubectl replace', () => {
  it('replaces with the resourceVersion in the file while it is current, then gets 409', () => {
    const { c, rv } = withConfig();
    expect(c.kubectl('replace -f -', config('green', rv))).toEqual(
      ok('configmap/app-config replaced\n'),
    );
    expect(data(c)).toEqual({ color: 'green' });
    expect(c.kubectl('replace -f -', config('red', rv))).toEqual(
      failed(
        `Error from server (Conflict): error when replacing "STDIN": ${CONFLICT('configmaps', 'app-config')}\n`,
      ),
    );
    expect(data(c)).toEqual({ color: 'green' });
  });

  it('overwrites whatever is stored when the file has no resourceVersion', () => {
    const { c } = withConfig();
    c.kubectl(`patch cm app-config -p '{"data":{"color":"green"}}'`);
    expect(c.kubectl('replace -f -', config('red'))).toEqual(ok('configmap/app-config replaced\n'));
    expect(data(c)).toEqual({ color: 'red' });
  });

  it('cannot replace what does not exist', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('replace -f -', config('red'))).toEqual(
      failed(
        'Error from server (NotFound): error when replacing "STDIN": configmaps "app-config" not found\n',
      ),
    );
  });
});

describe('kubectl create quota', () => {
  it('creates a ResourceQuota with canonical quantities and scopes', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('create quota best --hard=pods=3,cpu=1000m --scopes=BestEffort')).toEqual(
      ok('resourcequota/best created\n'),
    );
    expect(c.get('resourcequotas', 'best')?.spec).toEqual({
      hard: { cpu: '1', pods: '3' },
      scopes: ['BestEffort'],
    });
  });
});

describe('--resource-version and --current-replicas preconditions', () => {
  function withWeb(): Cluster {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('create deployment web --image=nginx:1.27 --replicas=2').exitCode).toBe(0);
    // once rolled out the controllers stop writing web, so a resourceVersion read stays current
    const settled = (x: Cluster) =>
      (x.get('deployments', 'web')?.status as { availableReplicas?: number } | undefined)
        ?.availableReplicas === 2;
    expect(c.runUntil(settled, { timeoutMs: 60_000 })).toBe(true);
    c.advance(2_000);
    return c;
  }
  const rvOf = (c: Cluster) => c.get('deployments', 'web')!.metadata.resourceVersion!;
  const replicas = (c: Cluster) =>
    (c.get('deployments', 'web')!.spec as { replicas: number }).replicas;

  it('scales when the resourceVersion and replicas are as expected, and not otherwise', () => {
    const c = withWeb();
    const rv = rvOf(c);
    expect(c.kubectl(`scale deployment web --replicas=3 --resource-version=${rv}`)).toEqual(
      ok('deployment.apps/web scaled\n'),
    );
    expect(c.kubectl(`scale deployment web --replicas=4 --resource-version=${rv}`)).toEqual(
      failed(`error: Expected resource version to be ${rv}, was ${rvOf(c)}\n`),
    );
    expect(c.kubectl('scale deployment web --replicas=4 --current-replicas=2')).toEqual(
      failed('error: Expected replicas to be 2, was 3\n'),
    );
    expect(replicas(c)).toBe(3);
    expect(c.kubectl('scale deployment web --replicas=4 --current-replicas=3')).toEqual(
      ok('deployment.apps/web scaled\n'),
    );
    expect(replicas(c)).toBe(4);
  });

  it('labels and annotates only while the resourceVersion holds', () => {
    const c = withWeb();
    const rv = rvOf(c);
    expect(c.kubectl(`label deployment web tier=front --resource-version=${rv}`)).toEqual(
      ok('deployment.apps/web labeled\n'),
    );
    expect(c.kubectl(`annotate deployment web owner=me --resource-version=${rv}`)).toEqual(
      failed(`Error from server (Conflict): ${CONFLICT('deployments.apps', 'web')}\n`),
    );
    expect(c.get('deployments', 'web')!.metadata.annotations?.owner).toBeUndefined();
    expect(c.kubectl('label deployment web pod/x a=b --resource-version=1').stderr).toContain(
      'error: there is no need to specify a resource type as a separate argument',
    );
    expect(c.kubectl('label deployment web other a=b --resource-version=1')).toEqual(
      failed('error: --resource-version may only be used with a single resource\n'),
    );
  });
});

// Each compared with /usr/lib/google-cloud-sdk/bin/kubectl.1.32 (no server needed to fail so).
describe('usage errors kubectl v1.32 prints before reaching the server', () => {
  const cases: [string, string][] = [
    [
      'patch deploy web',
      'error: must specify --patch or --patch-file containing the contents of the patch\n',
    ],
    [
      `patch deploy web -p '{}' --type=xx`,
      'error: --type must be one of [json merge strategic], not "xx"\n',
    ],
    ['replace', 'error: must specify one of -f and -k\n'],
    [
      'create quota',
      "error: exactly one NAME is required, got 0\nSee 'kubectl create quota -h' for help and examples\n",
    ],
    [
      'create quota a b',
      "error: exactly one NAME is required, got 2\nSee 'kubectl create quota -h' for help and examples\n",
    ],
    [
      'create quota q --hard=pods',
      'error: Invalid argument syntax pods, expected <resource>=<value>\n',
    ],
    [
      'create quota q --hard=pods=x',
      "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
    ],
    ['rollout status deploy/x --revision=-1', 'error: revision must be a positive integer: -1\n'],
    ['rollout history deploy/x --revision=-1', 'error: revision must be a positive integer: -1\n'],
    [
      'rollout status deploy/x --timeout=abc',
      `error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\nSee 'kubectl rollout status --help' for usage.\n`,
    ],
    [
      'rollout foo',
      'error: unknown command "foo"\nSee \'kubectl rollout -h\' for help and examples\n',
    ],
    [
      'set image',
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n',
    ],
  ];
  const c = createCluster({ seed: 1 });
  for (const [line, stderr] of cases) {
    it(`\`kubectl ${line}\` fails with kubectl's message`, () => {
      expect(c.kubectl(line)).toEqual(failed(stderr));
    });
  }

  it('prints the rollout help on stderr and exits 1 for `kubectl rollout` alone', () => {
    const r = c.kubectl('rollout');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 1)).toEqual([
      'Manage the rollout of one or many resources.',
    ]);
    expect(r.stderr).toContain(
      'Available Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n',
    );
  });
});
