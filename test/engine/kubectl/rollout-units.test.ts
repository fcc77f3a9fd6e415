// The pure pieces behind kubectl rollout and set image: status viewers, revision choice,
// history table and the image patch, each against upstream's messages.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/engine/api/types';
import {
  daemonSetStatus,
  deploymentStatus,
  statefulSetStatus,
  statusViewerFor,
} from '../../../src/engine/kubectl/commands/rollout-status-viewer';
import { deploymentHistory } from '../../../src/engine/kubectl/commands/rollout-history';
import { replicaSetForRevision } from '../../../src/engine/kubectl/commands/rollout-undo';
import { imagePatch, splitImageArgs } from '../../../src/engine/kubectl/commands/set-image';
import { rfc3339 } from '../../../src/engine/kubectl/commands/rollout-patch';

function workload(
  kind: string,
  generation: number,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', generation, ...(annotations ? { annotations } : {}) },
    spec,
    status,
  };
}

describe('the Deployment status viewer', () => {
  const cases: [string, KubeObject, string, boolean][] = [
    [
      'waits for the controller to observe a new generation',
      workload('Deployment', 2, { replicas: 4 }, { observedGeneration: 1 }),
      'Waiting for deployment spec update to be observed...\n',
      false,
    ],
    [
      'counts the new replicas updated so far',
      workload(
        'Deployment',
        2,
        { replicas: 4 },
        { observedGeneration: 2, updatedReplicas: 2, replicas: 5 },
      ),
      'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...\n',
      false,
    ],
    [
      'waits for old replicas still terminating',
      workload(
        'Deployment',
        2,
        { replicas: 4 },
        { observedGeneration: 2, updatedReplicas: 4, replicas: 5 },
      ),
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
      false,
    ],
    [
      'waits for updated replicas to become available',
      workload(
        'Deployment',
        2,
        { replicas: 4 },
        { observedGeneration: 2, updatedReplicas: 4, replicas: 4, availableReplicas: 3 },
      ),
      'Waiting for deployment "web" rollout to finish: 3 of 4 updated replicas are available...\n',
      false,
    ],
    [
      'is done when every replica is updated and available',
      workload(
        'Deployment',
        2,
        { replicas: 4 },
        { observedGeneration: 2, updatedReplicas: 4, replicas: 4, availableReplicas: 4 },
      ),
      'deployment "web" successfully rolled out\n',
      true,
    ],
  ];
  for (const [name, obj, message, done] of cases) {
    it(name, () => expect(deploymentStatus(obj)).toEqual({ message, done }));
  }

  it('fails once the Progressing condition says the progress deadline passed', () => {
    const obj = workload(
      'Deployment',
      2,
      { replicas: 4 },
      {
        observedGeneration: 2,
        conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }],
      },
    );
    expect(() => deploymentStatus(obj)).toThrow(
      'error: deployment "web" exceeded its progress deadline',
    );
  });

  it('fails when the running revision is not the one pinned with --revision', () => {
    const obj = workload(
      'Deployment',
      1,
      {},
      { observedGeneration: 1 },
      {
        'deployment.kubernetes.io/revision': '3',
      },
    );
    expect(() => deploymentStatus(obj, 2)).toThrow(
      'error: desired revision (2) is different from the running revision (3)',
    );
  });
});

describe('the DaemonSet and StatefulSet status viewers', () => {
  it('counts a DaemonSet’s updated, then available pods', () => {
    const spec = { updateStrategy: { type: 'RollingUpdate' } };
    expect(
      daemonSetStatus(
        workload('DaemonSet', 1, spec, {
          observedGeneration: 1,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 1,
        }),
      ).message,
    ).toBe(
      'Waiting for daemon set "web" rollout to finish: 1 out of 3 new pods have been updated...\n',
    );
    expect(
      daemonSetStatus(
        workload('DaemonSet', 1, spec, {
          observedGeneration: 1,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        }),
      ).message,
    ).toBe(
      'Waiting for daemon set "web" rollout to finish: 2 of 3 updated pods are available...\n',
    );
    expect(() =>
      daemonSetStatus(workload('DaemonSet', 1, { updateStrategy: { type: 'OnDelete' } }, {})),
    ).toThrow('error: rollout status is only available for RollingUpdate strategy type');
  });

  it('reports a defaulted StatefulSet (partition 0) as a partitioned roll out', () => {
    const spec = {
      replicas: 3,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    };
    expect(
      statefulSetStatus(
        workload('StatefulSet', 1, spec, { observedGeneration: 1, readyReplicas: 1 }),
      ),
    ).toEqual({ message: 'Waiting for 2 pods to be ready...\n', done: false });
    expect(
      statefulSetStatus(
        workload('StatefulSet', 1, spec, {
          observedGeneration: 1,
          readyReplicas: 3,
          updatedReplicas: 3,
        }),
      ),
    ).toEqual({
      message: 'partitioned roll out complete: 3 new pods have been updated...\n',
      done: true,
    });
  });

  it('has no viewer for other kinds, naming the group kind', () => {
    expect(() => statusViewerFor('Pod', '')).toThrow(
      'error: no status viewer has been implemented for Pod',
    );
    expect(() => statusViewerFor('ReplicaSet', 'apps')).toThrow(
      'error: no status viewer has been implemented for ReplicaSet.apps',
    );
  });
});

function rs(name: string, revision?: string, changeCause?: string): KubeObject {
  const annotations: Record<string, string> = {};
  if (revision) annotations['deployment.kubernetes.io/revision'] = revision;
  if (changeCause) annotations['kubernetes.io/change-cause'] = changeCause;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, annotations },
    spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } },
  };
}

describe('choosing the ReplicaSet to roll back to', () => {
  const sets = [rs('web-a', '1'), rs('web-c', '3'), rs('web-b', '2'), rs('web-x')];
  const cases: [number, string][] = [
    [0, 'web-b'],
    [1, 'web-a'],
    [3, 'web-c'],
  ];
  for (const [toRevision, name] of cases) {
    it(`picks ${name} for --to-revision=${toRevision}`, () => {
      expect(replicaSetForRevision('web', sets, toRevision).metadata.name).toBe(name);
    });
  }

  it('names a revision that is not in the history', () => {
    expect(() => replicaSetForRevision('web', sets, 7)).toThrow(
      'error: unable to find specified revision 7 in history',
    );
  });

  it('has nothing to go back to with a single revision', () => {
    expect(() => replicaSetForRevision('web', [rs('web-a', '1')], 0)).toThrow(
      'error: no rollout history found for deployment "web"',
    );
  });
});

describe('the rollout history table', () => {
  it('lists revisions in order with their change-cause or <none>', () => {
    expect(
      deploymentHistory(
        [rs('b', '2', 'kubectl set image deployment/web nginx=nginx:1.28'), rs('a', '1')],
        0,
      ),
    ).toBe(
      'REVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.28\n',
    );
  });

  it('says so when no ReplicaSet carries a revision', () => {
    expect(deploymentHistory([rs('a')], 0)).toBe('No rollout history found.');
  });

  it('refuses a revision it does not have', () => {
    expect(() => deploymentHistory([rs('a', '1')], 4)).toThrow(
      'error: unable to find the specified revision',
    );
  });
});

describe('kubectl set image arguments and patch', () => {
  it('splits resources from container=image pairs', () => {
    expect(splitImageArgs(['deployment/web', 'nginx=nginx:1.28', 'side=busybox'])).toEqual({
      resources: ['deployment/web'],
      images: [
        ['nginx', 'nginx:1.28'],
        ['side', 'busybox'],
      ],
    });
    expect(() => splitImageArgs(['nginx=nginx:1.28', 'deployment/web'])).toThrow(
      'error: all resources must be specified before image changes: deployment/web',
    );
  });

  const spec = {
    initContainers: [{ name: 'init', image: 'busybox' }],
    containers: [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'side', image: 'envoy' },
    ],
  };
  const cases: [string, [string, string][], Record<string, unknown>, string[]][] = [
    [
      'one container, with the order of all of them',
      [['nginx', 'nginx:1.28']],
      {
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }],
        containers: [{ image: 'nginx:1.28', name: 'nginx' }],
      },
      [],
    ],
    [
      'every container and init container for *',
      [['*', 'busybox']],
      {
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }],
        containers: [
          { image: 'busybox', name: 'nginx' },
          { image: 'busybox', name: 'side' },
        ],
      },
      [],
    ],
    ['nothing for an image already set', [['nginx', 'nginx:1.27']], {}, []],
    ['nothing, and the name, for a container that does not exist', [['x', 'y']], {}, ['x']],
  ];
  for (const [name, images, patch, missing] of cases) {
    it(`patches ${name}`, () => expect(imagePatch(spec, images)).toEqual({ patch, missing }));
  }
});

describe('kubectl rollout restart', () => {
  it('stamps restartedAt in RFC 3339 without fractional seconds', () => {
    expect(rfc3339(Date.UTC(2025, 0, 1, 0, 0, 5, 250))).toBe('2025-01-01T00:00:05Z');
  });
});
