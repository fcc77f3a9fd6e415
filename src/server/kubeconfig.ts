import { stringify } from 'yaml';

import { tokenFor } from '../engine/apiserver/auth/identities';

/** A kubeconfig for the simulated cluster's admin, as kubeadm's admin.conf names things. */
export function kubeconfigYaml(server: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // Plain HTTP on loopback; client-node refuses http:// unless TLS verification is off.
    clusters: [{ name: 'kubernetes', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'kubernetes-admin', user: { token: tokenFor('kubernetes-admin') } }],
    contexts: [
      {
        name: 'kubernetes-admin@kubernetes',
        context: { cluster: 'kubernetes', user: 'kubernetes-admin', namespace: 'default' },
      },
    ],
    'current-context': 'kubernetes-admin@kubernetes',
    preferences: {},
  });
}
