import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import {
  generateName,
  serviceAccountMutating,
  serviceAccountValidating,
} from '../../../../src/engine/apiserver/admission/service-account';
import { context, createAttrs, pod } from './builders';

const sa = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: 'default' },
  ...extra,
});

const tokenVolume = (name: string) => ({
  name,
  projected: {
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          ],
        },
      },
    ],
    defaultMode: 420,
  },
});

describe('ServiceAccount', () => {
  it('sets the default service account and mounts the projected token volume', () => {
    const p = pod('web');
    expect(serviceAccountMutating.admit(createAttrs(p), context([sa('default')]))).toBeUndefined();
    expect(p.spec).toEqual({
      containers: [
        {
          name: 'app',
          image: 'nginx',
          volumeMounts: [
            {
              name: 'kube-api-access-bhnv4',
              readOnly: true,
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            },
          ],
        },
      ],
      serviceAccountName: 'default',
      volumes: [tokenVolume('kube-api-access-bhnv4')],
    });
  });

  it('draws the volume name suffix from the caller-provided random source', () => {
    expect(generateName('kube-api-access-', () => 0)).toBe('kube-api-access-bbbbb');
    expect(generateName('kube-api-access-', () => 0.999)).toBe('kube-api-access-99999');
  });

  it('does not mount the token when the pod opts out', () => {
    const p = pod('web', undefined, { automountServiceAccountToken: false });
    serviceAccountMutating.admit(createAttrs(p), context([sa('default')]));
    expect((p.spec as { volumes?: unknown }).volumes).toBeUndefined();
  });

  it('does not mount the token when the service account opts out', () => {
    const p = pod('web', undefined, { serviceAccountName: 'quiet' });
    serviceAccountMutating.admit(
      createAttrs(p),
      context([sa('quiet', { automountServiceAccountToken: false })]),
    );
    expect((p.spec as { volumes?: unknown }).volumes).toBeUndefined();
  });

  it('copies the service account image pull secrets', () => {
    const p = pod('web');
    serviceAccountMutating.admit(
      createAttrs(p),
      context([sa('default', { imagePullSecrets: [{ name: 'regcred' }] })]),
    );
    expect((p.spec as { imagePullSecrets?: unknown }).imagePullSecrets).toEqual([
      { name: 'regcred' },
    ]);
  });

  it('keeps a container that already mounts something at the token path', () => {
    const p = pod('web');
    const c = (p.spec as { containers: Record<string, unknown>[] }).containers[0];
    c.volumeMounts = [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
    serviceAccountMutating.admit(createAttrs(p), context([sa('default')]));
    expect(c.volumeMounts).toEqual([
      { name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ]);
    expect((p.spec as { volumes?: unknown }).volumes).toBeUndefined();
  });

  const rejections = [
    {
      name: 'rejects a pod whose service account does not exist',
      object: pod('web', undefined, { serviceAccountName: 'builder' }),
      message:
        'pods "web" is forbidden: error looking up service account default/builder: serviceaccount "builder" not found',
    },
    {
      name: 'rejects a pod before the default service account is created',
      object: pod('web'),
      message:
        'pods "web" is forbidden: error looking up service account default/default: serviceaccount "default" not found',
    },
  ];
  it.each(rejections)('$name', ({ object, message }) => {
    expect(serviceAccountMutating.admit(createAttrs(object), context())?.message).toBe(message);
  });

  it('rejects a mirror pod that references a service account', () => {
    const mirror = pod(
      'etcd-cp',
      undefined,
      { serviceAccountName: 'default', nodeName: 'cp' },
      'kube-system',
    );
    mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    expect(serviceAccountValidating.validate(createAttrs(mirror), context())?.message).toBe(
      'pods "etcd-cp" is forbidden: a mirror pod may not reference service accounts',
    );
  });

  it('admits a mirror pod without touching it', () => {
    const mirror = pod('etcd-cp', undefined, { nodeName: 'cp' }, 'kube-system');
    mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    expect(serviceAccountMutating.admit(createAttrs(mirror), context())).toBeUndefined();
    expect((mirror.spec as { serviceAccountName?: string }).serviceAccountName).toBeUndefined();
  });
});
