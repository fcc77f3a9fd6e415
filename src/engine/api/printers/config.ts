// Tables for configuration and policy objects (pkg/printers/internalversion/printers.go
// printConfigMap, printSecret, printServiceAccount, printResourceQuota, printRoleBinding,
// printClusterRoleBinding, printPodDisruptionBudget).
import type { ConfigMap, ResourceQuota, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { translateTimestampSince } from './duration';
import { intOrStringString } from './format';
import { ageColumn, column, nameColumn, type TablePrinter } from './types';

const age = (o: { metadata?: { creationTimestamp?: string } }, now: number) =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);
const count = (m: object | undefined) => Object.keys(m ?? {}).length;

export const configMapPrinter: TablePrinter<ConfigMap> = {
  columns: [nameColumn, column('Data', 'string', { doc: 'ConfigMap.data' }), ageColumn],
  print(cm, ctx) {
    return {
      cells: [cm.metadata?.name ?? '', count(cm.data) + count(cm.binaryData), age(cm, ctx.now)],
    };
  },
};

export const secretPrinter: TablePrinter<Secret> = {
  columns: [
    nameColumn,
    column('Type', 'string', { doc: 'Secret.type' }),
    column('Data', 'string', { doc: 'Secret.data' }),
    ageColumn,
  ],
  print(s, ctx) {
    // stringData is folded into data on write, so only data is counted
    return { cells: [s.metadata?.name ?? '', s.type ?? '', count(s.data), age(s, ctx.now)] };
  },
};

export const serviceAccountPrinter: TablePrinter<ServiceAccount> = {
  columns: [nameColumn, column('Secrets', 'string', { doc: 'ServiceAccount.secrets' }), ageColumn],
  print(sa, ctx) {
    return { cells: [sa.metadata?.name ?? '', (sa.secrets ?? []).length, age(sa, ctx.now)] };
  },
};

export const resourceQuotaPrinter: TablePrinter<ResourceQuota> = {
  columns: [
    nameColumn,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    ageColumn,
  ],
  print(rq, ctx) {
    const hard = rq.status?.hard ?? {};
    const used = rq.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      // Simplified: quantities print as stored, not re-canonicalized by resource.Quantity.String().
      const entry = `${resource}: ${used[resource] ?? '0'}/${hard[resource]}`;
      const pieces = resource.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? limits : requests).push(entry);
    }
    return {
      cells: [rq.metadata?.name ?? '', requests.join(', '), limits.join(', '), age(rq, ctx.now)],
    };
  },
};

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
export function subjectsStrings(
  subjects: readonly Subject[] | undefined,
): [string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return [users, groups, sas];
}

function bindingPrinter(
  kind: 'roleBinding' | 'clusterRoleBinding',
): TablePrinter<RoleBinding | ClusterRoleBinding> {
  return {
    columns: [
      nameColumn,
      column('Role', 'string', {
        doc: kind === 'roleBinding' ? 'RoleBinding.roleRef' : 'ClusterRoleBinding.roleRef',
      }),
      ageColumn,
      column('Users', 'string', `Users in the ${kind}`, { priority: 1 }),
      column('Groups', 'string', `Groups in the ${kind}`, { priority: 1 }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, { priority: 1 }),
    ],
    print(b, ctx) {
      const cells: unknown[] = [
        b.metadata?.name ?? '',
        `${b.roleRef.kind}/${b.roleRef.name}`,
        age(b, ctx.now),
      ];
      if (ctx.wide) cells.push(...subjectsStrings(b.subjects).map((l) => l.join(', ')));
      return { cells };
    },
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');

export const podDisruptionBudgetPrinter: TablePrinter<PodDisruptionBudget> = {
  columns: [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
    ),
    ageColumn,
  ],
  print(pdb, ctx) {
    const min = pdb.spec?.minAvailable;
    const max = pdb.spec?.maxUnavailable;
    return {
      cells: [
        pdb.metadata?.name ?? '',
        min === undefined ? 'N/A' : intOrStringString(min),
        max === undefined ? 'N/A' : intOrStringString(max),
        pdb.status?.disruptionsAllowed ?? 0,
        age(pdb, ctx.now),
      ],
    };
  },
};
