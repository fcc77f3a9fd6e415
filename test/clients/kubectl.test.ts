import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningApi } from './support/api-server';
import { kubectl, startApi } from './support/api-server';

let api: RunningApi;

beforeAll(async () => {
  api = await startApi(['--speed', '5']);
});
afterAll(async () => {
  await api?.stop();
});

const podYaml = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
`;

const deploymentYaml = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

describe('real kubectl v1.32 against the simulated apiserver', () => {
  it('gets nodes with the real columns', async () => {
    const r = await kubectl(api, ['get', 'nodes']);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['control-plane-1', 'Ready', 'control-plane'],
      ['worker-1', 'Ready', '<none>'],
      ['worker-2', 'Ready', '<none>'],
      ['worker-3', 'Ready', '<none>'],
    ]);
  });

  it('shows the wide columns with -o wide', async () => {
    const r = await kubectl(api, ['get', 'nodes', '-o', 'wide']);
    expect(r.stdout.split('\n')[0]).toMatch(
      /INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/,
    );
    expect(r.stdout).toContain('containerd://');
  });

  it('creates a pod from a file and reads it back as a table, YAML and JSON', async () => {
    const created = await kubectl(api, ['create', '-f', '-', '--validate=false'], podYaml);
    expect(created.stdout.trim()).toBe('pod/nginx created');
    // The scheduler binds it and the kubelet starts it: poll as a person would.
    let table = await kubectl(api, ['get', 'pods']);
    for (let i = 0; i < 40 && !/Running/.test(table.stdout); i++) {
      await new Promise((r) => setTimeout(r, 250));
      table = await kubectl(api, ['get', 'pods']);
    }
    expect(table.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nnginx\s+1\/1\s+Running\s+0\s+\d+s\n$/,
    );
    const yaml = await kubectl(api, ['get', 'pod', 'nginx', '-o', 'yaml']);
    expect(yaml.stdout).toContain('kind: Pod');
    expect(yaml.stdout).toContain('serviceAccountName: default');
    const json = JSON.parse((await kubectl(api, ['get', 'pods', '-o', 'json'])).stdout) as {
      kind: string;
      items: { kind: string }[];
    };
    expect(json.kind).toBe('List');
    expect(json.items[0].kind).toBe('Pod');
  });

  it('reports a duplicate create with the real error', async () => {
    const r = await kubectl(api, ['create', '-f', '-', '--validate=false'], podYaml);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Error from server (AlreadyExists): error when creating "STDIN": pods "nginx" already exists',
    );
  });

  it('describes a pod', async () => {
    const r = await kubectl(api, ['describe', 'pod', 'nginx']);
    expect(r.stdout).toMatch(/^Name:\s+nginx$/m);
    expect(r.stdout).toMatch(/^Namespace:\s+default$/m);
    expect(r.stdout).toMatch(/^Status:\s+Running$/m);
    expect(r.stdout).toMatch(/^Node:\s+worker-\d\/10\.0\.1\.\d+$/m);
    expect(r.stdout).toMatch(/^QoS Class:\s+BestEffort$/m);
  });

  it('labels, then lists by label across all namespaces', async () => {
    expect((await kubectl(api, ['label', 'pod', 'nginx', 'tier=front'])).stdout.trim()).toBe(
      'pod/nginx labeled',
    );
    const r = await kubectl(api, ['get', 'pods', '-A', '-l', 'tier=front']);
    expect(r.stdout).toMatch(
      /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ndefault\s+nginx\s/,
    );
  });

  it('applies a deployment, then reapplies a change, then scales it', async () => {
    expect(
      (
        await kubectl(api, ['apply', '-f', '-', '--validate=false'], deploymentYaml(1))
      ).stdout.trim(),
    ).toBe('deployment.apps/web created');
    expect(
      (
        await kubectl(api, ['apply', '-f', '-', '--validate=false'], deploymentYaml(1))
      ).stdout.trim(),
    ).toBe('deployment.apps/web unchanged');
    expect(
      (
        await kubectl(api, ['apply', '-f', '-', '--validate=false'], deploymentYaml(2))
      ).stdout.trim(),
    ).toBe('deployment.apps/web configured');
    expect((await kubectl(api, ['scale', 'deployment/web', '--replicas=3'])).stdout.trim()).toBe(
      'deployment.apps/web scaled',
    );
    const r = await kubectl(api, ['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']);
    expect(r.stdout).toBe('3');
  });

  it('streams changes with get -w', async () => {
    const watching = kubectl(api, ['get', 'pods', '-w', '--request-timeout=3s']);
    await new Promise((r) => setTimeout(r, 800));
    await kubectl(api, ['label', 'pod', 'nginx', 'watched=yes']);
    const r = await watching;
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(rows.filter((l) => l.startsWith('nginx')).length).toBeGreaterThanOrEqual(2);
  });

  it('deletes a pod and then reports it missing', async () => {
    expect((await kubectl(api, ['delete', 'pod', 'nginx'])).stdout.trim()).toBe(
      'pod "nginx" deleted',
    );
    const r = await kubectl(api, ['get', 'pod', 'nginx']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nginx" not found');
  });

  it('reports an invalid object as kubectl does', async () => {
    const bad = podYaml
      .replace('image: nginx:1.27', 'image: ""')
      .replace('name: nginx\n  labels', 'name: broken\n  labels');
    const r = await kubectl(api, ['create', '-f', '-', '--validate=false'], bad);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'The Pod "broken" is invalid: spec.containers[0].image: Required value',
    );
  });
});
