import { describe, expect, it } from 'vitest';

import { optimisticConcurrency, storedConfig } from '../../../src/scenarios/optimistic-concurrency';
import { runScenario } from './run-scenario';

const CONFLICT =
  'Operation cannot be fulfilled on configmaps "app-config": the object has been modified; please apply your changes to the latest version and try again';

describe('the optimistic-concurrency walkthrough on the live simulation', () => {
  it('refuses the second write from a stale read with 409 Conflict and accepts it on the latest version', () => {
    const { store, steps } = runScenario(optimisticConcurrency, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(optimisticConcurrency.steps.map((s) => s.id));
    const hop = Object.fromEntries(steps.map((s) => [s.id, s.hop]));
    const cm = '/api/v1/namespaces/default/configmaps/app-config';
    expect(hop.create).toMatch(
      /^kube-apiserver@control-plane-1 → kubectl 201 \/api\/v1\/namespaces\/default\/configmaps$/,
    );
    expect(hop.bob).toMatch(new RegExp(`→ kubectl 409 ${cm}$`));

    const w = store.getState().walkthrough!;
    const { read, fresh } = w.vars;
    expect(Number(fresh)).toBeGreaterThan(Number(read));

    const t = store.getState().terminal;
    expect(t.map((e) => e.shown)).toEqual([
      'kubectl apply -f app-config.yaml',
      'kubectl get configmap app-config -o yaml',
      'etcdctl get /registry/configmaps/default/app-config -w fields',
      'kubectl replace -f - < alice.yaml',
      'kubectl replace -f - < bob.yaml',
      'kubectl get configmap app-config -o yaml',
      'kubectl replace -f - < bob.yaml',
      'kubectl apply -f - < carol.yaml',
    ]);
    // each command's output is on the terminal by the end of its step
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    const ends = ['create', 'read', 'etcd', 'alice', 'bob', 'reread', 'retry', 'unconditional'];
    t.forEach((e, i) => expect(e.completesAt).toBeLessThanOrEqual(at[ends[i]]));
    expect(t[0].stdout).toBe('configmap/app-config created\n');
    expect(t[1].stdout).toContain(`  resourceVersion: "${read}"\n`);
    expect(t[1].stdout).toContain('data:\n  color: blue\n');
    // etcd's own view: the key's mod_revision is the resourceVersion both writers read
    expect(t[2].stdout).toContain(
      `"Key" : "/registry/configmaps/default/app-config"\n"CreateRevision" : ${read}\n"ModRevision" : ${read}\n"Version" : 1\n`,
    );
    expect(t[3].stdout).toBe('configmap/app-config replaced\n');
    // Bob's write: the apiserver's Conflict message, with the source kubectl read it from
    expect(t[4]).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: `Error from server (Conflict): error when replacing "STDIN": ${CONFLICT}\n`,
    });
    expect(t[5].stdout).toContain(`  resourceVersion: "${fresh}"\n`);
    expect(t[5].stdout).toContain('data:\n  color: green\n');
    expect(t[6].stdout).toBe('configmap/app-config replaced\n');
    expect(t[7].stdout).toBe('configmap/app-config configured\n');
    // the replaces dropped apply's annotation; apply says so and puts it back
    expect(t[7].stderr).toBe(
      'Warning: resource configmaps/app-config is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );

    // the last writer without a precondition won; resourceVersion is etcd's mod_revision
    const stored = storedConfig(store.cluster);
    expect(stored.color).toBe('yellow');
    const kv = JSON.parse(
      store.cluster.etcdctl('get /registry/configmaps/default/app-config -w json').stdout,
    ) as { kvs: { create_revision: number; mod_revision: number; version: number }[] };
    expect(kv.kvs[0]).toMatchObject({
      create_revision: Number(read),
      mod_revision: Number(stored.resourceVersion),
      version: 4,
    });

    // the engine answered: Bob refused (app-config stayed green), Carol applied
    const q = w.quizzes!;
    expect(q.etcd.choices[q.etcd.answer!]).toBe(read);
    expect(q.bob.answer).toBe(1);
    expect(q.unconditional.choices[q.unconditional.answer!]).toBe(
      'It is applied: app-config is yellow',
    );
  }, 300_000);
});
