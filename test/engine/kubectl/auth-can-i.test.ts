import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import {
  accessTable,
  breakdownRule,
  compactRules,
} from '../../../src/engine/kubectl/commands/auth-can-i-list';

const POD_READER = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: default
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: default
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;

describe('kubectl auth can-i', () => {
  let c: Cluster;
  beforeAll(() => {
    c = createCluster({ seed: 7, controlPlaneNodes: 1, workers: 0 });
    expect(c.kubectl('auth can-i list pods --as=jane')).toEqual({
      stdout: 'no\n',
      stderr: '',
      exitCode: 1,
    });
    expect(c.kubectl('apply -f -', POD_READER).exitCode).toBe(0);
  });

  it.each([
    ['auth can-i list pods', 'yes\n', '', 0],
    ['auth can-i list pods --as=jane', 'yes\n', '', 0],
    ['auth can-i get pods/nginx --as=jane', 'yes\n', '', 0],
    ['auth can-i get pods --subresource=log --as=jane', 'yes\n', '', 0],
    ['auth can-i delete pods --as=jane', 'no\n', '', 1],
    ['auth can-i list pods --as=jane -n kube-system', 'no\n', '', 1],
    ['auth can-i list pods --as=jane --all-namespaces', 'no\n', '', 1],
    ['auth can-i list pods --as=jane -q', '', '', 0],
    ['auth can-i delete pods --as=jane --quiet', '', '', 1],
    ['auth can-i create deployments.apps --as=jane', 'no\n', '', 1],
    [
      'auth can-i list nodes --as=jane',
      'no\n',
      "Warning: resource 'nodes' is not namespace scoped\n\n",
      1,
    ],
    ['auth can-i list nodes --as=jane -A', 'no\n', '', 1],
    [
      'auth can-i list clusterroles.rbac.authorization.k8s.io',
      'yes\n',
      "Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n\n",
      0,
    ],
    [
      'auth can-i get foos',
      'yes\n',
      "Warning: the server doesn't have a resource type 'foos'\n\n",
      0,
    ],
    [
      'auth can-i get foos.example.com --as=jane',
      'no\n',
      "Warning: the server doesn't have a resource type 'foos' in group 'example.com'\n\n",
      1,
    ],
    ['auth can-i impersonate users --as=jane', 'no\n', '', 1],
    ['auth can-i frob pods --as=jane', 'no\n', "Warning: verb 'frob' is not a known verb\n\n", 1],
    ['auth can-i get /healthz --as=jane', 'yes\n', '', 0],
    ['auth can-i get /logs/ --as=jane', 'no\n', '', 1],
    [
      'auth can-i fetch /healthz --as=jane',
      'no\n',
      "Warning: verb 'fetch' is not a known verb\n\n",
      1,
    ],
    ["auth can-i '*' '*'", 'yes\n', '', 0],
  ])('kubectl %s', (command, stdout, stderr, exitCode) => {
    expect(c.kubectl(command)).toEqual({ stdout, stderr, exitCode });
  });

  it.each([
    [
      'auth can-i',
      "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
    ],
    ['auth can-i --list get pods', 'error: list option must be specified with no arguments\n'],
    [
      'auth can-i --list -q',
      "error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n",
    ],
    [
      'auth can-i get pods --no-headers',
      'error: --no-headers cannot be set without --list specified\n',
    ],
    [
      'auth can-i get /logs --subresource=log',
      'error: --subresource can not be used with NonResourceURL\n',
    ],
  ])('kubectl %s fails on the client as kubectl v1.32 does', (command, stderr) => {
    expect(c.kubectl(command)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('lists what jane may do in a namespace, compacted and sorted', () => {
    const out = c.kubectl('auth can-i --list --as=jane');
    expect(out.exitCode).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs$/);
    expect(lines).toContainEqual(expect.stringMatching(/^pods +\[\] +\[\] +\[get list watch\]$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^pods\/log +\[\] +\[\] +\[get list watch\]$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^selfsubjectaccessreviews\.authorization\.k8s\.io +\[\] +\[\] +\[create\]$/,
      ),
    );
    const noHeaders = c.kubectl('auth can-i --list --as=jane -n kube-system --no-headers');
    expect(noHeaders.stdout).not.toContain('pods ');
    expect(noHeaders.stdout.startsWith('Resources')).toBe(false);
  });

  it('warns that a node list is incomplete, as the Node authorizer cannot enumerate rules', () => {
    const out = c.kubectl('auth can-i --list --as=system:node:worker-1 --as-group=system:nodes');
    expect(out.stderr).toBe(
      'Warning: the list may be incomplete: node authorizer does not support user rule resolution\n',
    );
    expect(out.exitCode).toBe(0);
  });

  it('prints kubectl auth help when run without a subcommand', () => {
    const out = c.kubectl('auth');
    expect(out.exitCode).toBe(1);
    expect(out.stderr.split('\n')[0]).toBe('Inspect authorization.');
  });
});

describe('can-i --list rule arithmetic', () => {
  const rule = (r: Partial<Parameters<typeof breakdownRule>[0]>) => ({
    verbs: [],
    apiGroups: [],
    resources: [],
    resourceNames: [],
    nonResourceURLs: [],
    ...r,
  });

  it('breaks a rule down to one group, resource, verb and name each', () => {
    expect(
      breakdownRule(
        rule({ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] }),
      ).map((r) => `${r.resources[0]}:${r.verbs[0]}`),
    ).toEqual(['pods:get', 'pods:list', 'secrets:get', 'secrets:list']);
    expect(
      breakdownRule(rule({ nonResourceURLs: ['/healthz', '/livez'], verbs: ['get'] })),
    ).toEqual([
      rule({ nonResourceURLs: ['/healthz'], verbs: ['get'] }),
      rule({ nonResourceURLs: ['/livez'], verbs: ['get'] }),
    ]);
  });

  it('merges the verbs of rules on the same resource and keeps URLs apart', () => {
    const rules = [
      rule({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }),
      rule({ nonResourceURLs: ['/healthz'], verbs: ['get'] }),
      rule({ apiGroups: [''], resources: ['pods'], verbs: ['list'] }),
      rule({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }),
    ];
    expect(compactRules(rules)).toEqual([
      rule({ nonResourceURLs: ['/healthz'], verbs: ['get'] }),
      rule({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }),
    ]);
  });

  it('sorts by the rule string, verbs first, as kubectl prints it', () => {
    const table = accessTable(
      {
        resourceRules: [
          { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments/scale'] },
          {
            verbs: ['create'],
            apiGroups: ['authorization.k8s.io'],
            resources: ['selfsubjectaccessreviews'],
          },
        ],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api/*'] }],
      },
      false,
    );
    expect(table).toBe(
      [
        'Resources                                       Non-Resource URLs   Resource Names   Verbs',
        'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
        '                                                [/api/*]            []               [get]',
        'deployments.apps/scale                          []                  []               [get]',
        '',
      ].join('\n'),
    );
  });
});
