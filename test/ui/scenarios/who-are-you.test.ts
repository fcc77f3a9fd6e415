import { describe, expect, it } from 'vitest';

import { storedRequests, whoAreYou } from '../../../src/scenarios/who-are-you';
import { runScenario } from './run-scenario';

const FORBIDDEN = (ns: string) =>
  `Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "${ns}"\n`;

describe('the who-are-you walkthrough on the live simulation', () => {
  it('meets authentication, RBAC, admission and validation with their real answers', () => {
    const { store, steps } = runScenario(whoAreYou, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(whoAreYou.steps.map((s) => s.id));
    const hop = Object.fromEntries(steps.map((s) => [s.id, s.hop]));
    const c = store.cluster;
    const terminal = store.getState().terminal;
    const out = (shown: string) => terminal.filter((e) => e.shown === shown);

    // 401: the Status for a token no authenticator knows
    expect(hop.unauthenticated).toBe(
      'kube-apiserver@control-plane-1 → kubectl 401 /api/v1/namespaces/default/pods',
    );
    expect(JSON.parse(terminal[0].stdout)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });

    // 403 until a Role and RoleBinding allow jane to list pods, in default only
    const asJane = out('kubectl get pods --as=jane');
    expect(asJane.map((e) => [e.stdout, e.stderr])).toEqual([
      ['', FORBIDDEN('default')],
      ['', 'No resources found in default namespace.\n'],
    ]);
    expect(out('kubectl get pods -n kube-system --as=jane')[0].stderr).toBe(
      FORBIDDEN('kube-system'),
    );
    expect(c.get('rolebindings', 'jane-reads-pods')).toBeDefined();

    // kubectl auth can-i: no before the RoleBinding, yes after, still no in kube-system
    const canI = (shown: string) => out(shown).map((e) => [e.stdout, e.stderr]);
    expect(canI('kubectl auth can-i list pods --as=jane')).toEqual([
      ['no\n', ''],
      ['yes\n', ''],
    ]);
    expect(canI('kubectl auth can-i list pods --as=jane -n kube-system')).toEqual([['no\n', '']]);
    expect(canI('kubectl auth can-i create pods --as=jane')).toEqual([['no\n', '']]);
    const reviews = c.sim.hops
      .all()
      .filter((h) => h.resource === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(reviews.filter((h) => h.to === 'kubectl').map((h) => h.verb)).toEqual([
      '201',
      '201',
      '201',
      '201',
    ]);

    // admission: LimitRanger's defaults stored, ResourceQuota's refusal
    expect(storedRequests(c, 'plain')).toEqual({ cpu: '100m', memory: '64Mi' });
    const yaml = out('kubectl get pod plain -o yaml')[0].stdout;
    expect(yaml).toContain(
      "    kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu, memory request for\n      container plain; cpu, memory limit for container plain'\n",
    );
    for (const line of [
      '  restartPolicy: Always\n',
      '  dnsPolicy: ClusterFirst\n',
      '  terminationGracePeriodSeconds: 30\n',
      '    tolerationSeconds: 300\n',
      '      - serviceAccountToken:\n',
      '  serviceAccountName: default\n',
    ])
      expect(yaml).toContain(line);
    // the ServiceAccount controller made default, as in every namespace
    expect(c.get('serviceaccounts', 'default')).toBeDefined();
    expect(out('kubectl apply -f - < hungry.yaml')[0].stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "hungry" is forbidden: exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=100m, limited: requests.cpu=1\n',
    );
    expect(c.get('pods', 'hungry')).toBeUndefined();

    // validation: 422 listing both fields
    const invalid = out('kubectl apply -f - < bad.yaml')[0].stderr.split('\n');
    expect(invalid[0]).toBe('The Pod "Bad_Name" is invalid: ');
    expect(invalid[1]).toMatch(
      /^\* metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
    expect(invalid[2]).toBe(
      '* spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(c.get('pods', 'Bad_Name')).toBeUndefined();

    const q = store.getState().walkthrough!.quizzes!;
    expect(q.unauthenticated.answer).toBe(0);
    expect(q.forbidden).toMatchObject({ prediction: 1, answer: 1 });
    expect(q.defaulting.choices[q.defaulting.answer!]).toBe('100m, from the LimitRange');
    expect(q.validation.answer).toBe(1);
  }, 300_000);
});
