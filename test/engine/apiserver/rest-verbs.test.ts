import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine';
import { TABLE_ACCEPT, cluster, createPod, message, pod } from './helpers';

describe('create', () => {
  it('stores a pod with server-set fields, defaults and admission mutations', () => {
    const c = cluster();
    const res = createPod(c, pod('nginx'));
    expect(res.status).toBe(201);
    const created = res.body as KubeObject & {
      spec: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^2026-01-01T09:00:\d\dZ$/);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(created.spec.restartPolicy).toBe('Always');
    expect(created.spec.serviceAccountName).toBe('default');
    expect(created.spec.tolerations).toContainEqual({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    });
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(c.get('pods', 'nginx')?.metadata.uid).toBe(created.metadata.uid);
  });

  it('names an object from generateName with five random characters', () => {
    const c = cluster();
    const res = createPod(c, { ...pod(''), metadata: { generateName: 'web-' } });
    expect(res.status).toBe(201);
    expect((res.body as KubeObject).metadata.name).toMatch(
      /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
  });

  it('refuses a second object of the same name with 409 AlreadyExists', () => {
    const c = cluster();
    createPod(c, pod('nginx'));
    const res = createPod(c, pod('nginx'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      message: 'pods "nginx" already exists',
      details: { name: 'nginx', kind: 'pods' },
      code: 409,
    });
  });

  it('rejects an invalid pod with 422 and the field path, and stores nothing', () => {
    const c = cluster();
    const bad = pod('x');
    (bad.spec as { containers: { image?: string }[] }).containers[0].image = '';
    const res = createPod(c, bad);
    expect(res.status).toBe(422);
    expect(message(res)).toBe('Pod "x" is invalid: spec.containers[0].image: Required value');
    expect((res.body as { details: { causes: unknown[] } }).details.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.containers[0].image',
      },
    ]);
    expect(c.get('pods', 'x')).toBeUndefined();
  });

  it('creates in a namespace that does not exist only after it is created', () => {
    const c = cluster();
    const res = createPod(c, pod('a'), 'team-a');
    expect(res.status).toBe(404);
    expect(message(res)).toBe('namespaces "team-a" not found');
    const ns = c.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { metadata: { name: 'team-a' } },
    });
    expect(ns.status).toBe(201);
    expect((ns.body as { status: unknown }).status).toEqual({ phase: 'Active' });
  });
});

describe('get and list', () => {
  it('answers 404 NotFound for a missing object', () => {
    const c = cluster();
    const res = c.request({ method: 'GET', path: '/api/v1/namespaces/default/pods/x' });
    expect(res.status).toBe(404);
    expect(message(res)).toBe('pods "x" not found');
  });

  it('lists with the list resourceVersion and items without type meta', () => {
    const c = cluster();
    createPod(c, pod('a', { labels: { app: 'web' } }));
    createPod(c, pod('b', { labels: { app: 'db' } }));
    const res = c.request({ method: 'GET', path: '/api/v1/namespaces/default/pods' });
    const list = res.body as {
      kind: string;
      apiVersion: string;
      metadata: { resourceVersion: string };
      items: KubeObject[];
    };
    expect(list.kind).toBe('PodList');
    expect(list.apiVersion).toBe('v1');
    expect(list.items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(list.items[0].kind).toBeUndefined();
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(
      Number(list.items[1].metadata.resourceVersion),
    );
  });

  it('answers an exact metadata.name selector from the watch cache as a full scan would', () => {
    const c = cluster();
    createPod(c, pod('a'));
    const names = (path: string, fieldSelector: string) =>
      (
        (
          c.request({ method: 'GET', path, query: { fieldSelector, resourceVersion: '0' } })
            .body as { items: KubeObject[] }
        ).items ?? []
      ).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(names('/api/v1/namespaces/default/pods', 'metadata.name=a')).toEqual(['default/a']);
    expect(names('/api/v1/namespaces/kube-system/pods', 'metadata.name=a')).toEqual([]);
    expect(names('/api/v1/pods', 'metadata.name==a')).toEqual(['default/a']);
    expect(names('/api/v1/namespaces/default/pods', 'metadata.name=a,spec.nodeName=x')).toEqual([]);
    const node = c.list('nodes')[0].metadata.name!;
    expect(names('/api/v1/nodes', `metadata.name=${node}`)).toEqual([`/${node}`]);
    expect(names('/api/v1/nodes', 'metadata.name=nowhere')).toEqual([]);
  });

  it('filters by label and field selectors', () => {
    const c = cluster();
    createPod(c, pod('a', { labels: { app: 'web' } }));
    createPod(c, pod('b', { labels: { app: 'db' } }));
    const names = (query: Record<string, string>) =>
      (
        (c.request({ method: 'GET', path: '/api/v1/pods', query }).body as { items: KubeObject[] })
          .items ?? []
      ).map((p) => p.metadata.name);
    expect(names({ labelSelector: 'app=web' })).toEqual(['a']);
    expect(names({ labelSelector: 'app in (web,db)' })).toEqual(['a', 'b']);
    expect(names({ fieldSelector: 'metadata.name=b' })).toEqual(['b']);
    // (CoreDNS may still be waiting for its node in kube-system right after boot)
    expect(names({ fieldSelector: 'spec.nodeName=,metadata.namespace=default' })).toEqual([
      'a',
      'b',
    ]);
    const bad = c.request({
      method: 'GET',
      path: '/api/v1/pods',
      query: { fieldSelector: 'spec.bogus=1' },
    });
    expect(bad.status).toBe(400);
    expect(message(bad)).toBe(
      'Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.bogus=1": field label not supported: spec.bogus',
    );
  });

  it('pages with limit and continue', () => {
    const c = cluster();
    for (const n of ['a', 'b', 'c', 'd', 'e']) createPod(c, pod(n));
    const first = c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: { limit: '2' },
    }).body as {
      metadata: { continue: string; remainingItemCount: number };
      items: KubeObject[];
    };
    expect(first.items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(first.metadata.remainingItemCount).toBe(3);
    const second = c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: { limit: '2', continue: first.metadata.continue },
    }).body as { metadata: { continue?: string }; items: KubeObject[] };
    expect(second.items.map((p) => p.metadata.name)).toEqual(['c', 'd']);
    expect(second.metadata.continue).toBeTruthy();
  });

  it('serves a Table with the real pod columns when asked for one', () => {
    const c = cluster();
    createPod(c, pod('nginx'));
    c.advance(70_000);
    const res = c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      headers: { Accept: TABLE_ACCEPT },
    });
    const table = res.body as {
      kind: string;
      columnDefinitions: { name: string; priority: number }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((d) => [d.name, d.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(table.rows[0].cells).toEqual([
      'nginx',
      '0/1',
      'Pending',
      '0',
      '70s',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});

describe('update and patch', () => {
  it('rejects an update carrying a stale resourceVersion with 409 Conflict', () => {
    const c = cluster();
    const created = createPod(c, pod('nginx', { labels: { v: '1' } })).body as KubeObject;
    const fresh = { ...created, metadata: { ...created.metadata, labels: { v: '2' } } };
    expect(
      c.request({ method: 'PUT', path: '/api/v1/namespaces/default/pods/nginx', body: fresh })
        .status,
    ).toBe(200);
    const stale = { ...created, metadata: { ...created.metadata, labels: { v: '3' } } };
    const res = c.request({
      method: 'PUT',
      path: '/api/v1/namespaces/default/pods/nginx',
      body: stale,
    });
    expect(res.status).toBe(409);
    expect(message(res)).toBe(
      'Operation cannot be fulfilled on pods "nginx": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(c.get('pods', 'nginx')?.metadata.labels).toEqual({ v: '2' });
  });

  it('applies merge, strategic merge and JSON patches', () => {
    const c = cluster();
    createPod(c, pod('nginx', { labels: { a: '1' } }));
    const patch = (type: string, body: unknown) =>
      c.request({
        method: 'PATCH',
        path: '/api/v1/namespaces/default/pods/nginx',
        headers: { 'Content-Type': type },
        body,
      });
    expect(patch('application/merge-patch+json', { metadata: { labels: { b: '2' } } }).status).toBe(
      200,
    );
    expect(
      patch('application/json-patch+json', [{ op: 'remove', path: '/metadata/labels/a' }]).status,
    ).toBe(200);
    const smp = patch('application/strategic-merge-patch+json', {
      spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] },
    });
    expect(smp.status).toBe(200);
    const stored = c.get('pods', 'nginx') as KubeObject & {
      spec: { containers: { image: string }[] };
    };
    expect(stored.metadata.labels).toEqual({ b: '2' });
    expect(stored.spec.containers.map((x) => x.image)).toEqual(['nginx:1.28']);
  });

  it('writes nothing when an update changes nothing', () => {
    const c = cluster();
    const created = createPod(c, pod('nginx')).body as KubeObject;
    const res = c.request({
      method: 'PUT',
      path: '/api/v1/namespaces/default/pods/nginx',
      body: created,
    });
    expect(res.status).toBe(200);
    expect((res.body as KubeObject).metadata.resourceVersion).toBe(
      created.metadata.resourceVersion,
    );
  });
});

describe('delete', () => {
  it('deletes an unscheduled pod at once and returns it', () => {
    const c = cluster();
    createPod(c, pod('nginx'));
    const res = c.request({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/nginx' });
    expect(res.status).toBe(200);
    expect((res.body as KubeObject).metadata.name).toBe('nginx');
    expect(c.get('pods', 'nginx')).toBeUndefined();
  });

  it('keeps an object with a foreground deletion until its finalizer is removed', () => {
    const c = cluster();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm });
    const res = c.request({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/configmaps/cfg',
      query: { propagationPolicy: 'Foreground' },
    });
    expect(res.status).toBe(200);
    const marked = c.get('configmaps', 'cfg')!;
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    const done = c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/configmaps/cfg',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { finalizers: null } },
    });
    expect(done.status).toBe(200);
    expect(c.get('configmaps', 'cfg')).toBeUndefined();
  });

  it('answers other deletes with a Success status', () => {
    const c = cluster();
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: { metadata: { name: 'x' } },
    });
    const res = c.request({ method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/x' });
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'x', kind: 'configmaps' },
    });
  });

  it('refuses to delete the default namespace', () => {
    const c = cluster();
    const res = c.request({ method: 'DELETE', path: '/api/v1/namespaces/default' });
    expect(res.status).toBe(403);
    expect(message(res)).toBe(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });
});

describe('subresources', () => {
  it('binds a pod to a node once through pods/binding', () => {
    const c = cluster();
    createPod(c, pod('nginx'));
    const bind = (node: string) =>
      c.request({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods/nginx/binding',
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: 'nginx' },
          target: { kind: 'Node', name: node },
        },
        user: 'system:kube-scheduler',
      });
    expect(bind('worker-2').body).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const bound = c.get('pods', 'nginx') as KubeObject & {
      spec: { nodeName: string };
      status: { conditions: { type: string; status: string }[] };
    };
    expect(bound.spec.nodeName).toBe('worker-2');
    expect(bound.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    );
    const again = bind('worker-3');
    expect(again.status).toBe(409);
    expect(message(again)).toBe(
      'Operation cannot be fulfilled on pods "nginx": pod nginx is already assigned to node "worker-2"',
    );
  });

  it('scales a deployment through its scale subresource', () => {
    const c = cluster();
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    };
    expect(
      c.request({
        method: 'POST',
        path: '/apis/apps/v1/namespaces/default/deployments',
        body: deployment,
      }).status,
    ).toBe(201);
    const scale = c.request({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { spec: { replicas: 4 } },
    });
    expect(scale.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 4 },
    });
    const stored = c.get('deployments', 'web') as KubeObject & { spec: { replicas: number } };
    expect(stored.spec.replicas).toBe(4);
    expect(stored.metadata.generation).toBe(2);
  });
});

describe('namespaces and secrets', () => {
  it('deletes a namespace in two steps: Terminating, then gone when finalized', () => {
    const c = cluster();
    c.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'team' } } });
    expect(c.request({ method: 'DELETE', path: '/api/v1/namespaces/team' }).status).toBe(200);
    const terminating = c.get('namespaces', 'team') as KubeObject & { status: { phase: string } };
    expect(terminating.status.phase).toBe('Terminating');
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    const created = createPod(c, pod('late'), 'team');
    expect(created.status).toBe(403);
    expect(message(created)).toBe(
      'pods "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
    const finalize = c.request({
      method: 'PUT',
      path: '/api/v1/namespaces/team/finalize',
      body: { ...terminating, spec: { finalizers: [] } },
    });
    // The last finalizer gone from a namespace being deleted: it is deleted in that update.
    expect(finalize.status).toBe(200);
    expect(c.get('namespaces', 'team')).toBeUndefined();
  });

  it('merges a secret stringData into base64 data', () => {
    const c = cluster();
    const res = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/secrets',
      body: {
        metadata: { name: 's' },
        stringData: { password: 'hunter2' },
        data: { user: 'YWRtaW4=' },
      },
    });
    expect(res.status).toBe(201);
    const secret = c.get('secrets', 's') as KubeObject & {
      data: Record<string, string>;
      type: string;
    };
    expect(secret.data).toEqual({ user: 'YWRtaW4=', password: 'aHVudGVyMg==' });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe('Opaque');
  });
});

describe('a terminating namespace', () => {
  it('stays while its spec finalizers remain, whatever else is updated', () => {
    const c = cluster();
    c.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'keep' } } });
    c.request({ method: 'DELETE', path: '/api/v1/namespaces/keep' });
    const res = c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/keep',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { labels: { note: 'still-here' } } },
    });
    expect(res.status).toBe(200);
    expect(c.get('namespaces', 'keep')?.metadata.labels?.note).toBe('still-here');
  });
});

describe('jobs', () => {
  it('generates the selector and template labels from the job uid', () => {
    const c = cluster();
    const res = c.request({
      method: 'POST',
      path: '/apis/batch/v1/namespaces/default/jobs',
      body: {
        metadata: { name: 'pi' },
        spec: {
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] },
          },
        },
      },
    });
    expect(res.status).toBe(201);
    const job = res.body as KubeObject & {
      spec: {
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> } };
      };
    };
    const uid = job.metadata.uid!;
    expect(job.spec.selector).toEqual({
      matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
    });
    expect(job.spec.template.metadata.labels).toMatchObject({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    });
  });
});
