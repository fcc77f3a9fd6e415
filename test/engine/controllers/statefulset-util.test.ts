// The pure StatefulSet rules: ordinals from pod names, revision names and hashes, which
// revision a new pod gets, and when a rollout completes.
import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine';
import {
  hashControllerRevision,
  templatePatch,
} from '../../../src/engine/controllers/controllerrevision';
import type { StatefulSetStatus } from '../../../src/engine/controllers/util/statefulset-util';
import {
  completeRollingUpdate,
  newRevision,
  newVersionedStatefulSetPod,
  parentNameAndOrdinal,
} from '../../../src/engine/controllers/util/statefulset-util';

const template = (image: string) => ({
  metadata: { labels: { app: 'foo' }, annotations: { test: 'value' } },
  spec: {
    containers: [
      {
        image,
        imagePullPolicy: 'Always',
        name: 'test',
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  },
});
const set = (
  spec: Record<string, unknown> = {},
  status: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'test', namespace: 'default', uid: 'ec335e25-1045-4216-8634-50cfbe05f3d6' },
  spec: {
    replicas: 3,
    serviceName: 'svc',
    selector: { matchLabels: { app: 'foo' } },
    template: template('test'),
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    ...spec,
  },
  status,
});

describe('StatefulSet pod names', () => {
  it.each([
    ['web-0', 'web', 0],
    ['my-web-12', 'my-web', 12],
    ['web', '', -1],
    ['web-', '', -1],
    ['web-x1', '', -1],
    ['web-2147483647', 'web', 2147483647],
    ['web-2147483648', 'web', -1],
  ])('%s has parent %j and ordinal %d', (name, parent, ordinal) => {
    expect(parentNameAndOrdinal(name)).toEqual({ parent, ordinal });
  });
});

describe('StatefulSet revisions', () => {
  it('hashes the template patch as upstream does (testdata compatibility_revision_1.33.0.json)', () => {
    const rev = newRevision(set(), 1, 0);
    expect(rev.metadata.name).toBe('test-c77f6d978');
    expect(rev.metadata.labels).toEqual({
      app: 'foo',
      'controller.kubernetes.io/hash': 'c77f6d978',
    });
    expect(rev.revision).toBe(1);
    expect(rev.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'test',
        uid: 'ec335e25-1045-4216-8634-50cfbe05f3d6',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(templatePatch(set())).toEqual({
      spec: {
        template: {
          $patch: 'replace',
          metadata: {
            annotations: { test: 'value' },
            creationTimestamp: null,
            labels: { app: 'foo' },
          },
          spec: template('test').spec,
        },
      },
    });
  });

  it('moves the hash with the collision count and with the template', () => {
    const data = templatePatch(set());
    expect(hashControllerRevision(data, 0)).toBe('c77f6d978');
    expect(hashControllerRevision(data, 1)).not.toBe('c77f6d978');
    expect(
      hashControllerRevision(templatePatch(set({ template: template('test:2') })), 0),
    ).not.toBe('c77f6d978');
  });

  it('gives ordinals below the partition the current revision and the rest the update one', () => {
    const s = set({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    const current = newRevision(s, 1, 0);
    const update = newRevision(set({ template: template('test:2') }), 2, 0);
    const pods = [0, 1, 2].map((o) => newVersionedStatefulSetPod(s, current, update, o));
    expect(pods.map((p) => p.metadata.labels?.['controller-revision-hash'])).toEqual([
      current.metadata.name,
      current.metadata.name,
      update.metadata.name,
    ]);
    expect(
      pods.map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image),
    ).toEqual(['test', 'test', 'test:2']);
    expect(pods[2].metadata).toMatchObject({
      name: 'test-2',
      generateName: 'test-',
      labels: {
        'statefulset.kubernetes.io/pod-name': 'test-2',
        'apps.kubernetes.io/pod-index': '2',
      },
      annotations: { test: 'value' },
    });
    expect(pods[2].spec).toMatchObject({ hostname: 'test-2', subdomain: 'svc' });
  });
});

describe('completeRollingUpdate', () => {
  const status = (o: Partial<StatefulSetStatus>): StatefulSetStatus => ({
    replicas: 3,
    readyReplicas: 3,
    updatedReplicas: 3,
    currentReplicas: 0,
    availableReplicas: 3,
    currentRevision: 'test-old',
    updateRevision: 'test-new',
    ...o,
  });
  it.each([
    ['all updated and ready', status({}), 'test-new', 3],
    ['one not yet updated', status({ updatedReplicas: 2, currentReplicas: 1 }), 'test-old', 1],
    ['one not ready', status({ readyReplicas: 2 }), 'test-old', 0],
  ])('%s', (_name, st, currentRevision, currentReplicas) => {
    completeRollingUpdate(set(), st);
    expect([st.currentRevision, st.currentReplicas]).toEqual([currentRevision, currentReplicas]);
  });

  it('never completes with OnDelete', () => {
    const st = status({});
    completeRollingUpdate(set({ updateStrategy: { type: 'OnDelete' } }), st);
    expect(st.currentRevision).toBe('test-old');
  });
});
