// Small builders for admission tests.
import type { KubeObject, UserInfo } from '../../../../src/engine/api/types';
import type {
  AdmissionAttributes,
  AdmissionContext,
} from '../../../../src/engine/apiserver/admission/types';
import { fakeReader } from '../auth/fake-reader';

export const admin: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
};

export interface ContainerSpec {
  name: string;
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

const container = (c: ContainerSpec) => ({
  name: c.name,
  image: 'nginx',
  ...(c.requests || c.limits
    ? {
        resources: {
          ...(c.requests ? { requests: c.requests } : {}),
          ...(c.limits ? { limits: c.limits } : {}),
        },
      }
    : {}),
});

export function pod(
  name: string,
  containers: ContainerSpec[] = [{ name: 'app' }],
  spec: Record<string, unknown> = {},
  namespace = 'default',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: containers.map(container), ...spec },
  };
}

export function namespace(name: string, phase = 'Active'): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase } };
}

export function createAttrs(
  object: KubeObject,
  extra: Partial<AdmissionAttributes> = {},
): AdmissionAttributes {
  return {
    operation: 'CREATE',
    group: '',
    resource: `${object.kind.toLowerCase()}s`,
    subresource: '',
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    object,
    user: admin,
    dryRun: false,
    ...extra,
  };
}

/** A context over the objects, at virtual time `now`, with a deterministic random source. */
export function context(objects: KubeObject[] = [], now = 0): AdmissionContext {
  let i = 0;
  const sequence = [0.0, 0.2, 0.4, 0.6, 0.8];
  return {
    reader: fakeReader(objects),
    now: () => now,
    random: () => sequence[i++ % sequence.length],
  };
}
