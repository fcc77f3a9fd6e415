import { describe, expect, it } from 'vitest';
import { printTable } from '../../../src/engine/api/printers/table';
import { strategicMergePatch } from '../../../src/engine/api/patch/strategic-merge-patch';
import { jsonMergePatch } from '../../../src/engine/api/patch/merge-patch';
import type { ApiRequest, KubeObject } from '../../../src/engine/api/types';
import { runKubectl, type KubectlContext } from '../../../src/engine/kubectl';
import {
  podDeleteStatus,
  type DrainOptions,
  type PodDeleteStatus,
} from '../../../src/engine/kubectl/commands/drain';
import { ApiStatusError } from '../../../src/engine/kubectl/errors';

const NOW = Date.UTC(2025, 0, 1);

// A minimal in-memory apiserver for core pods and apps deployments, enough to drive commands.
function fakeServer(refuse = false) {
  const store = new Map<string, KubeObject>();
  const requests: ApiRequest[] = [];
  const status = (code: number, reason: string, message: string) => ({
    ok: true as const,
    response: {
      status: code,
      headers: {},
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        code,
      },
    },
  });
  const ok = (body: unknown) => ({
    ok: true as const,
    response: { status: 200, headers: {}, body },
  });
  const ctx: KubectlContext = {
    server: 'https://control-plane-1:6443',
    namespace: 'default',
    now: () => NOW + 5000,
    watch: () => ({ events: [] }),
    request(req) {
      requests.push(req);
      if (refuse) return { ok: false, error: 'refused' };
      const m =
        /^\/apis?\/(?:apps\/)?v1\/namespaces\/([^/]+)\/(pods|deployments)(?:\/([^/]+))?$/.exec(
          req.path,
        );
      if (!m) return status(404, 'NotFound', 'the server could not find the requested resource');
      const [, ns, resource, name] = m;
      const key = `${resource}/${ns}/${name ?? ''}`;
      const plural = resource;
      const table = (objs: KubeObject[]) => printTable(resource, objs, { now: NOW + 5000 });
      const wantsTable = (req.headers?.Accept ?? '').includes('as=Table');
      if (req.method === 'GET' && !name) {
        const items = [...store.entries()]
          .filter(([k]) => k.startsWith(`${resource}/${ns}/`))
          .map(([, v]) => v);
        return ok(wantsTable ? table(items) : { kind: 'List', items });
      }
      const cur = store.get(key);
      if (req.method === 'GET')
        return cur
          ? ok(wantsTable ? table([cur]) : cur)
          : status(404, 'NotFound', `${plural} "${name}" not found`);
      if (req.method === 'POST') {
        const obj = structuredClone(req.body) as KubeObject;
        const k = `${resource}/${ns}/${obj.metadata.name}`;
        if (store.has(k))
          return status(409, 'AlreadyExists', `${plural} "${obj.metadata.name}" already exists`);
        obj.metadata = {
          ...obj.metadata,
          namespace: ns,
          uid: 'u1',
          resourceVersion: '1',
          creationTimestamp: new Date(NOW).toISOString().replace('.000', ''),
        };
        if (obj.kind === 'Pod') obj.status = { phase: 'Pending' };
        store.set(k, obj);
        return ok(obj);
      }
      if (!cur) return status(404, 'NotFound', `${plural} "${name}" not found`);
      if (req.method === 'PATCH') {
        const ct = req.headers?.['Content-Type'];
        const next = (
          ct === 'application/merge-patch+json'
            ? jsonMergePatch(cur, req.body)
            : strategicMergePatch(cur, req.body as Record<string, unknown>, cur.kind)
        ) as KubeObject;
        store.set(key, next);
        return ok(next);
      }
      store.delete(key);
      return ok(cur);
    },
  };
  return {
    ctx,
    store,
    requests,
    kubectl: (line: string, stdin?: string) => runKubectl(line, stdin, ctx),
  };
}

describe('kubectl against a small fake apiserver', () => {
  it('creates a pod with run and lists it as a table', () => {
    const s = fakeServer();
    expect(s.kubectl('run nginx --image=nginx')).toEqual({
      stdout: 'pod/nginx created\n',
      stderr: '',
      exitCode: 0,
    });
    expect(s.store.get('pods/default/nginx')?.metadata.labels).toEqual({ run: 'nginx' });
    expect(s.kubectl('get pods')).toEqual({
      stdout: 'NAME    READY   STATUS    RESTARTS   AGE\nnginx   0/1     Pending   0          5s\n',
      stderr: '',
      exitCode: 0,
    });
    expect(s.kubectl('get pod nginx -o name').stdout).toBe('pod/nginx\n');
    expect(s.kubectl('get pods -o jsonpath={.items[*].metadata.name}').stdout).toBe('nginx');
  });

  it('says no resources were found on stderr', () => {
    expect(fakeServer().kubectl('get pods')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
  });

  it('applies a multi-document manifest: created, unchanged, then configured after an edit', () => {
    const s = fakeServer();
    const doc = (image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ${image}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n  - name: c\n    image: busybox\n`;
    expect(s.kubectl('apply -f -', doc('nginx:1.27')).stdout).toBe(
      'deployment.apps/web created\npod/solo created\n',
    );
    expect(s.kubectl('apply -f -', doc('nginx:1.27')).stdout).toBe(
      'deployment.apps/web unchanged\npod/solo unchanged\n',
    );
    expect(s.kubectl('apply -f -', doc('nginx:1.28')).stdout).toBe(
      'deployment.apps/web configured\npod/solo unchanged\n',
    );
    const spec = s.store.get('deployments/default/web')!.spec as {
      template: { spec: { containers: { image: string }[] } };
    };
    expect(spec.template.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('applies nothing when one document of the input does not parse', () => {
    const s = fakeServer();
    const r = s.kubectl(
      'apply -f -',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b: c\n',
    );
    expect(r).toEqual({
      stdout: '',
      stderr:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n',
      exitCode: 1,
    });
    expect(s.requests).toEqual([]);
  });

  it('reports create conflicts with the source, and deletes by name', () => {
    const s = fakeServer();
    s.kubectl('run nginx --image=nginx');
    expect(
      s.kubectl('create -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\n'),
    ).toEqual({
      stdout: '',
      stderr:
        'Error from server (AlreadyExists): error when creating "STDIN": pods "nginx" already exists\n',
      exitCode: 1,
    });
    expect(s.kubectl('delete pod nginx')).toEqual({
      stdout: 'pod "nginx" deleted\n',
      stderr: '',
      exitCode: 0,
    });
    expect(s.kubectl('delete pod nginx')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nginx" not found\n',
      exitCode: 1,
    });
    expect(s.requests.at(-1)?.body).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Background',
    });
  });

  it.each([
    ['foo', 'error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n'],
    ['gte pods', 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n'],
    ['get pods --bogus', "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"],
    ['get foo', 'error: the server doesn\'t have a resource type "foo"\n'],
    [
      'delete pod x --cascade=bad',
      'error: invalid cascade value (bad). Must be "background", "foreground", or "orphan"\n',
    ],
    ['run x', 'error: required flag(s) "image" not set\n'],
    ['run bad --image=', 'error: --image is required\n'],
    [
      'run --image=',
      "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n",
    ],
    ['run bad --image=UPPER', 'error: Invalid image name "UPPER": invalid reference format\n'],
    ['run bad --image=x:', 'error: Invalid image name "x:": invalid reference format\n'],
    [
      'run bad --image=nginx:1.2.3@sha256:abc',
      'error: Invalid image name "nginx:1.2.3@sha256:abc": invalid reference format\n',
    ],
    [
      'run bad --image=nginx --restart=Bad',
      "error: invalid restart policy: Bad\nSee 'kubectl run -h' for help and examples\n",
    ],
    ['scale deploy/x', 'error: required flag(s) "replicas" not set\n'],
  ])("fails `kubectl %s` with kubectl's message", (line, stderr) => {
    expect(fakeServer().kubectl(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('names the server when the connection is refused', () => {
    expect(fakeServer(true).kubectl('get pods')).toEqual({
      stdout: '',
      stderr:
        'The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?\n',
      exitCode: 1,
    });
  });
});

describe('drain filters', () => {
  const pod = (
    extra: Partial<KubeObject> & { owner?: string; phase?: string; emptyDir?: boolean },
  ) =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'default',
        ...(extra.owner
          ? {
              ownerReferences: [
                { apiVersion: 'apps/v1', kind: extra.owner, name: 'o', uid: 'u', controller: true },
              ],
            }
          : {}),
        ...extra.metadata,
      },
      spec: {
        containers: [],
        ...(extra.emptyDir ? { volumes: [{ name: 'v', emptyDir: {} }] } : {}),
      },
      status: { phase: extra.phase ?? 'Running' },
    }) as KubeObject;
  const options = (o: Partial<DrainOptions> = {}): DrainOptions => ({
    force: false,
    ignoreDaemonSets: false,
    deleteEmptyDirData: false,
    getDaemonSet: () => undefined,
    ...o,
  });
  const missing = () => {
    throw new ApiStatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'daemonsets.apps "o" not found',
    });
  };

  it.each<[string, KubeObject, DrainOptions, PodDeleteStatus]>([
    ['a ReplicaSet pod is evicted', pod({ owner: 'ReplicaSet' }), options(), { delete: true }],
    [
      'a bare pod needs --force',
      pod({}),
      options(),
      {
        delete: false,
        error: 'cannot delete Pods that declare no controller (use --force to override)',
      },
    ],
    [
      'a bare pod with --force is deleted with a warning',
      pod({}),
      options({ force: true }),
      { delete: true, warning: 'deleting Pods that declare no controller' },
    ],
    [
      'a finished bare pod is simply removed',
      pod({ phase: 'Succeeded' }),
      options(),
      { delete: true },
    ],
    [
      'a DaemonSet pod needs --ignore-daemonsets',
      pod({ owner: 'DaemonSet' }),
      options(),
      { delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' },
    ],
    [
      'a DaemonSet pod is left alone with --ignore-daemonsets',
      pod({ owner: 'DaemonSet' }),
      options({ ignoreDaemonSets: true }),
      { delete: false, warning: 'ignoring DaemonSet-managed Pods' },
    ],
    [
      'an orphan of a deleted DaemonSet goes with --force (later filters drop its warning)',
      pod({ owner: 'DaemonSet' }),
      options({ force: true, getDaemonSet: missing }),
      { delete: true },
    ],
    [
      'an orphan of a deleted DaemonSet stays without --force',
      pod({ owner: 'DaemonSet' }),
      options({ getDaemonSet: missing }),
      { delete: false, error: 'daemonsets.apps "o" not found' },
    ],
    [
      'a mirror pod is skipped silently',
      pod({ metadata: { name: 'etcd', annotations: { 'kubernetes.io/config.mirror': 'h' } } }),
      options({ force: true }),
      { delete: false },
    ],
    [
      'an emptyDir needs --delete-emptydir-data',
      pod({ owner: 'ReplicaSet', emptyDir: true }),
      options(),
      { delete: false, error: 'Pods with local storage (use --delete-emptydir-data to override)' },
    ],
    [
      "the last filter's verdict replaces the local storage warning",
      pod({ emptyDir: true }),
      options({ force: true, deleteEmptyDirData: true }),
      { delete: true, warning: 'deleting Pods that declare no controller' },
    ],
  ])('%s', (_, p, o, want) => {
    expect(podDeleteStatus(p, o)).toEqual(want);
  });
});
