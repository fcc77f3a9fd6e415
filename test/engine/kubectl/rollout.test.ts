// kubectl set image and kubectl rollout against a whole simulated cluster: exact output, the
// requests sent and the Deployment and ReplicaSets they leave.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import type { Cluster } from '../../../src/engine';
import type { ApiRequest } from '../../../src/engine/api/types';
import { runKubectl } from '../../../src/engine/kubectl';
import { webDeployment, webReplicaSets } from '../../../src/scenarios/rollout';

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const failed = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

type Status = { availableReplicas?: number; updatedReplicas?: number };
type Spec = {
  paused?: boolean;
  template: {
    metadata: { annotations?: Record<string, string> };
    spec: { containers: { image: string }[] };
  };
};

const status = (c: Cluster) => (c.get('deployment', 'web')?.status ?? {}) as Status;
const spec = (c: Cluster) => c.get('deployment', 'web')?.spec as Spec;
const image = (c: Cluster) => spec(c).template.spec.containers[0].image;
const rolledOut = (c: Cluster) =>
  webReplicaSets(c).filter((rs) => rs.desired > 0).length === 1 &&
  status(c).availableReplicas === 4 &&
  status(c).updatedReplicas === 4;

/** web (4 × nginx:1.27) applied and rolled out. */
function withWeb(): Cluster {
  const c = createCluster({ seed: 1 });
  expect(c.kubectl('apply -f -', webDeployment('nginx:1.27')).exitCode).toBe(0);
  expect(c.runUntil(rolledOut, { timeoutMs: 60_000 })).toBe(true);
  return c;
}

/** Runs one command with every request it sends recorded (watches answer no events). */
function recorded(c: Cluster, line: string): { requests: ApiRequest[]; stdout: string } {
  const requests: ApiRequest[] = [];
  const r = runKubectl(line, undefined, {
    request(req) {
      requests.push(req);
      return { ok: true, response: c.request(req) };
    },
    watch: () => ({ events: [] }),
    now: () => c.now(),
    server: 'https://control-plane-1:6443',
    namespace: 'default',
  });
  return { requests, stdout: r.stdout };
}

describe('kubectl set image', () => {
  it('reads the Deployment, then sends the strategic merge patch kubectl computes', () => {
    const c = withWeb();
    const { requests, stdout } = recorded(c, 'set image deployment/web nginx=nginx:1.28');
    expect(stdout).toBe('deployment.apps/web image updated\n');
    expect(requests).toEqual([
      { method: 'GET', path: '/apis/apps/v1/namespaces/default/deployments/web' },
      {
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/default/deployments/web',
        query: { fieldManager: 'kubectl-set' },
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: {
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': [{ name: 'nginx' }],
                containers: [{ image: 'nginx:1.28', name: 'nginx' }],
              },
            },
          },
        },
      },
    ]);
    expect(image(c)).toBe('nginx:1.28');
  });

  it('accepts deploy/web, -n and * for every container, and prints nothing when nothing changes', () => {
    const c = withWeb();
    expect(c.kubectl('set image -n default deploy/web *=nginx:1.28')).toEqual(
      ok('deployment.apps/web image updated\n'),
    );
    expect(c.kubectl('set image deploy/web nginx=nginx:1.28')).toEqual(ok(''));
    expect(image(c)).toBe('nginx:1.28');
  });

  const errors: [string, string][] = [
    ['set image deployment/web x=nginx:1.28', 'error: unable to find container named "x"\n'],
    ['set image deployment/web', 'error: at least one image update is required\n'],
    [
      'set image nginx=nginx:1.28',
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n',
    ],
    [
      'set image deployment/nope nginx=nginx:1.28',
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    ],
  ];
  for (const [line, stderr] of errors) {
    it(`fails \`kubectl ${line}\` as kubectl does, changing nothing`, () => {
      const c = withWeb();
      expect(c.kubectl(line)).toEqual(failed(stderr));
      expect(image(c)).toBe('nginx:1.27');
    });
  }
});

describe('kubectl rollout', () => {
  it('watches a rollout to the end, then lists two revisions and rolls back to the first', () => {
    const c = withWeb();
    const rev1 = webReplicaSets(c)[0].name;
    c.kubectl('set image deployment/web nginx=nginx:1.28');
    const watched = c.kubectl('rollout status deployment/web');
    expect(watched.exitCode).toBe(0);
    const lines = watched.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Waiting for deployment spec update to be observed...');
    expect(lines).toContain(
      'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...',
    );
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    expect(status(c)).toMatchObject({ updatedReplicas: 4, availableReplicas: 4 });

    expect(c.kubectl('rollout history deployment/web')).toEqual(
      ok('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n'),
    );
    expect(c.kubectl('rollout undo deployment/web')).toEqual(
      ok('deployment.apps/web rolled back\n'),
    );
    expect(image(c)).toBe('nginx:1.27');
    const backOnFirst = (x: Cluster) =>
      rolledOut(x) && webReplicaSets(x).find((rs) => rs.name === rev1)?.available === 4;
    expect(c.runUntil(backOnFirst, { timeoutMs: 60_000 })).toBe(true);
    // the old ReplicaSet comes back with the next revision; no third one is made
    const sets = webReplicaSets(c);
    expect(sets).toHaveLength(2);
    expect(sets.find((rs) => rs.name === rev1)).toMatchObject({ revision: '3', desired: 4 });
    expect(c.kubectl('rollout status deploy/web')).toEqual(
      ok('deployment "web" successfully rolled out\n'),
    );
    expect(c.kubectl('rollout undo deployment/web --to-revision=3')).toEqual(
      ok('deployment.apps/web skipped rollback (current template already matches revision 3)\n'),
    );
  });

  it('prints one status with --watch=false and gives up at --timeout on a stalled rollout', () => {
    const c = withWeb();
    c.kubectl('set image deployment/web nginx=ngnix:1.28');
    expect(c.kubectl('rollout status deployment/web --watch=false')).toEqual(
      ok('Waiting for deployment spec update to be observed...\n'),
    );
    const r = c.kubectl('rollout status deployment/web --timeout=20s');
    expect(r.stderr).toBe('error: timed out waiting for the condition\n');
    expect(r.exitCode).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...',
    );
  });

  it('restarts with a restartedAt annotation, and refuses while paused', () => {
    const c = withWeb();
    expect(c.kubectl('rollout pause deployment/web')).toEqual(ok('deployment.apps/web paused\n'));
    expect(spec(c).paused).toBe(true);
    expect(c.kubectl('rollout pause deployment/web')).toEqual(
      failed('error: deployments.apps "web" is already paused\n'),
    );
    expect(c.kubectl('rollout restart deployment/web')).toEqual(
      failed(
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n',
      ),
    );
    expect(c.kubectl('rollout undo deployment/web')).toEqual(
      failed('error: no rollout history found for deployment "web"\n'),
    );
    expect(c.kubectl('rollout resume deployment/web')).toEqual(ok('deployment.apps/web resumed\n'));
    expect(spec(c).paused).toBeUndefined();
    expect(c.kubectl('rollout resume deploy/web')).toEqual(
      failed('error: deployments.apps "web" is not paused\n'),
    );
    expect(c.kubectl('rollout restart deployment/web')).toEqual(
      ok('deployment.apps/web restarted\n'),
    );
    expect(spec(c).template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(c.runUntil((x) => webReplicaSets(x).length === 2, { timeoutMs: 10_000 })).toBe(true);
  });

  it('refuses to pause a DaemonSet and has no status viewer for a pod', () => {
    const c = createCluster({ seed: 1 });
    const proxyReady = (x: Cluster) =>
      (x.get('daemonsets', 'kube-proxy', 'kube-system')?.status as { numberAvailable?: number })
        ?.numberAvailable === 4;
    expect(c.runUntil(proxyReady, { timeoutMs: 60_000 })).toBe(true);
    expect(c.kubectl('rollout pause daemonset/kube-proxy -n kube-system')).toEqual(
      failed('error: daemonsets.apps "kube-proxy" pausing is not supported\n'),
    );
    c.kubectl('run nginx --image=nginx');
    expect(c.kubectl('rollout status pod/nginx')).toEqual(
      failed('error: no status viewer has been implemented for Pod\n'),
    );
    expect(c.kubectl('rollout history pod/nginx')).toEqual(
      failed('error: no history viewer has been implemented for "Pod"\n'),
    );
    expect(c.kubectl('rollout undo pod/nginx')).toEqual(
      failed('error: no rollbacker has been implemented for "Pod"\n'),
    );
    expect(c.kubectl('rollout status ds/kube-proxy -n kube-system')).toEqual(
      ok('daemon set "kube-proxy" successfully rolled out\n'),
    );
  });

  it('rolls a DaemonSet forward and back through its ControllerRevisions', () => {
    const c = createCluster({ seed: 1 });
    const ds = () => c.get('daemonsets', 'kube-proxy', 'kube-system')!;
    const dsImage = () => (ds().spec as Spec).template.spec.containers[0].image;
    const ready = (x: Cluster) =>
      (x.get('daemonsets', 'kube-proxy', 'kube-system')?.status as { numberAvailable?: number })
        ?.numberAvailable === 4;
    expect(c.runUntil(ready, { timeoutMs: 60_000 })).toBe(true);
    const original = dsImage();
    const n = '-n kube-system';
    expect(
      c.kubectl(`set image ds/kube-proxy ${n} kube-proxy=registry.k8s.io/kube-proxy:v1.32.4`),
    ).toEqual(ok('daemonset.apps/kube-proxy image updated\n'));
    const watched = c.kubectl(`rollout status daemonset/kube-proxy ${n}`);
    expect(watched.stdout.trimEnd().split('\n').at(-1)).toBe(
      'daemon set "kube-proxy" successfully rolled out',
    );
    expect(c.kubectl(`rollout history daemonset/kube-proxy ${n}`)).toEqual(
      ok(
        'daemonset.apps/kube-proxy \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
      ),
    );
    expect(c.kubectl(`rollout undo daemonset/kube-proxy ${n}`)).toEqual(
      ok('daemonset.apps/kube-proxy rolled back\n'),
    );
    expect(dsImage()).toBe(original);
    expect(c.kubectl(`rollout undo daemonset/kube-proxy ${n} --to-revision=3`)).toEqual(
      ok(
        'daemonset.apps/kube-proxy skipped rollback (current template already matches revision 3)\n',
      ),
    );
    expect(c.kubectl(`rollout undo daemonset/kube-proxy ${n} --to-revision=9`)).toEqual(
      failed('error: unable to find specified revision 9 in history\n'),
    );
    expect(c.kubectl('rollout undo pod/nope')).toEqual(
      failed('Error from server (NotFound): pods "nope" not found\n'),
    );
  });

  it('acts on every object of a type, or those -l selects, when no name is given', () => {
    const c = withWeb();
    expect(c.kubectl('create deployment api --image=nginx:1.27').exitCode).toBe(0);
    expect(c.kubectl('rollout restart deployment -l app=api')).toEqual(
      ok('deployment.apps/api restarted\n'),
    );
    expect(c.kubectl('rollout restart deployment -l app=none')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
    expect(c.kubectl('rollout pause deployment')).toEqual(
      ok('deployment.apps/api paused\ndeployment.apps/web paused\n'),
    );
    expect(c.kubectl('rollout status deployment')).toEqual(
      failed(
        'error: rollout status is only supported on individual resources and resource collections, but 2 resources were found\n',
      ),
    );
  });
});
